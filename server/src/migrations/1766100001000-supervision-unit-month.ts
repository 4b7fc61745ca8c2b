import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The data pool's monthly figures per unit (#18): a month's drill-down reads one row per unit instead
 * of every trip of the month (a province has ~250,000 a month). Kept with each trip fact in the same
 * transaction (supervision.repository saveFact); filled here from the facts already recorded. Day
 * periods still read the facts, through a (day, region_code) index.
 */
export class SupervisionUnitMonth1766100001000 implements MigrationInterface {
  name = 'SupervisionUnitMonth1766100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'supervision_unit_month',
      columns: [
        { name: 'unit_id', type: 'integer', isPrimary: true },
        { name: 'month', type: 'varchar', length: '7', isPrimary: true },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'trips', type: 'integer' },
        { name: 'distance_hm', type: 'bigint' },
        { name: 'cost_fen', type: 'bigint' },
      ],
    }));
    await q.createIndex('supervision_unit_month', new TableIndex({ name: 'idx_supervision_unit_month_region', columnNames: ['month', 'region_code'] }));
    await q.createIndex('supervision_trip_fact', new TableIndex({ name: 'idx_supervision_trip_fact_day', columnNames: ['day', 'region_code'] }));
    await q.createIndex('supervision_warning', new TableIndex({ name: 'idx_supervision_warning_raised', columnNames: ['raised_at', 'region_code'] }));
    // A unit's region is the one its latest fact was recorded under (units do not move between regions).
    await q.query(`INSERT INTO supervision_unit_month (unit_id, month, region_code, trips, distance_hm, cost_fen)
      SELECT unit_id, SUBSTR(day, 1, 7), MAX(region_code), COUNT(*), SUM(distance_hm), SUM(cost_fen) FROM supervision_trip_fact GROUP BY unit_id, SUBSTR(day, 1, 7)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('supervision_warning', 'idx_supervision_warning_raised');
    await q.dropIndex('supervision_trip_fact', 'idx_supervision_trip_fact_day');
    await q.dropTable('supervision_unit_month');
  }
}
