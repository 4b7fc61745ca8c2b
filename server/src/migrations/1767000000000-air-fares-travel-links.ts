import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };

/**
 * The left-overs of #21 item 5. Tickets keep the government air-fare rules: a reservation records its fare
 * kind (procurement or market), how it is paid (公务卡, 月结, personal), the procurement fare when booked
 * and the market fare's price record (JSON). The 出差 record links the official trips and NEV rentals of
 * its legs: one row per linked trip or rental (unique: one record each), with the cost the travel module
 * learns from trips' and rental's events (it does not read their tables).
 */
export class AirFaresTravelLinks1767000000000 implements MigrationInterface {
  name = 'AirFaresTravelLinks1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('reservation', [
      new TableColumn({ name: 'fare_kind', type: 'varchar', length: '12', isNullable: true }),
      new TableColumn({ name: 'payment_method', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn({ name: 'procurement_fen', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'price_record', type: 'varchar', length: '600', isNullable: true }),
    ]);
    await q.createTable(new Table({
      name: 'travel_link',
      columns: [id,
        { name: 'travel_id', type: 'integer' }, { name: 'leg_seq', type: 'integer' }, { name: 'kind', type: 'varchar', length: '8' },
        { name: 'subject_id', type: 'integer' }, { name: 'title', type: 'varchar', length: '200' }, { name: 'start_date', type: 'varchar', length: '10' },
        { name: 'end_date', type: 'varchar', length: '10', isNullable: true }, { name: 'state', type: 'varchar', length: '12' },
        { name: 'cost_fen', type: 'integer', isNullable: true }, { name: 'linked_by', type: 'integer' },
        // Milliseconds: a cost correction is applied to a link only when it happened after the link was made (travel-links.service).
        { name: 'created_at', type: 'datetime', precision: 3 }, { name: 'updated_at', type: 'datetime', precision: 3 }],
      indices: [
        { name: 'ux_travel_link_subject', columnNames: ['kind', 'subject_id'], isUnique: true },
        { name: 'ix_travel_link_travel', columnNames: ['travel_id'] }],
      foreignKeys: [{ columnNames: ['travel_id'], referencedTableName: 'travel', referencedColumnNames: ['id'] }],
      checks: [
        { name: 'ck_travel_link_kind', expression: "kind IN ('trip','rental')" },
        { name: 'ck_travel_link_state', expression: "state IN ('open','ended','cancelled')" },
        { name: 'ck_travel_link_cost', expression: 'cost_fen IS NULL OR cost_fen >= 0' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('travel_link');
    for (const c of ['price_record', 'procurement_fen', 'payment_method', 'fare_kind']) await q.dropColumn('reservation', c);
  }
}
