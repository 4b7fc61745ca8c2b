import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The data pool's drill-down reads only indexes (#18): on a province (5,000 units, 50,000 vehicles,
 * 3,000,000 trip facts) each row read of a table behind its index was a random page, and a province's
 * day or month a few thousand of them. These indexes hold every column the pool's GROUP BYs read:
 * a day's trip facts per unit, a month's unit figures, a period's warnings per unit, and the census of
 * a region's vehicles per owner (fleet's). The narrower indexes they extend go.
 */
export class PoolCoveringIndexes1766400000000 implements MigrationInterface {
  name = 'PoolCoveringIndexes1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('supervision_trip_fact', new TableIndex({ name: 'idx_supervision_trip_fact_day_cover', columnNames: ['day', 'region_code', 'unit_id', 'distance_hm', 'cost_fen'] }));
    await q.dropIndex('supervision_trip_fact', 'idx_supervision_trip_fact_day');
    await q.createIndex('supervision_unit_month', new TableIndex({ name: 'idx_supervision_unit_month_cover', columnNames: ['month', 'region_code', 'unit_id', 'trips', 'distance_hm', 'cost_fen'] }));
    await q.dropIndex('supervision_unit_month', 'idx_supervision_unit_month_region');
    await q.createIndex('supervision_warning', new TableIndex({ name: 'idx_supervision_warning_raised_cover', columnNames: ['raised_at', 'region_code', 'unit_id', 'grade', 'status'] }));
    await q.dropIndex('supervision_warning', 'idx_supervision_warning_raised');
    await q.createIndex('vehicle', new TableIndex({ name: 'idx_vehicle_census', columnNames: ['region_code', 'owner_unit_id', 'category', 'status', 'exempted_on', 'terminal_phone'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('vehicle', 'idx_vehicle_census');
    await q.createIndex('supervision_warning', new TableIndex({ name: 'idx_supervision_warning_raised', columnNames: ['raised_at', 'region_code'] }));
    await q.dropIndex('supervision_warning', 'idx_supervision_warning_raised_cover');
    await q.createIndex('supervision_unit_month', new TableIndex({ name: 'idx_supervision_unit_month_region', columnNames: ['month', 'region_code'] }));
    await q.dropIndex('supervision_unit_month', 'idx_supervision_unit_month_cover');
    await q.createIndex('supervision_trip_fact', new TableIndex({ name: 'idx_supervision_trip_fact_day', columnNames: ['day', 'region_code'] }));
    await q.dropIndex('supervision_trip_fact', 'idx_supervision_trip_fact_day_cover');
  }
}
