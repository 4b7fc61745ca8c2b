import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The trip list (GET /api/trips: a unit's trips, newest start first, a page at a time) read every trip of
 * the unit and sorted them for each page: ~7 ms a page at 20,000 trips of one unit. With (unit_id,
 * start_at) the page is read in index order (the primary key is the tie-break on both backends).
 */
export class TripListIndex1764600001000 implements MigrationInterface {
  name = 'TripListIndex1764600001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('trip', new TableIndex({ name: 'ix_trip_unit_start', columnNames: ['unit_id', 'start_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('trip', 'ix_trip_unit_start');
  }
}
