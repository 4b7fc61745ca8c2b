import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const at = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });

/** Billable orders from trips, rentals and reservations, and the monthly statements built from them (DOMAIN.md §6). */
export class Settlement1764300002000 implements MigrationInterface {
  name = 'Settlement1764300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'billable_order',
      columns: [
        id,
        { name: 'source_kind', type: 'varchar', length: '24' },
        { name: 'source_id', type: 'varchar', length: '64' },
        { name: 'company_id', type: 'integer' },
        { name: 'unit_id', type: 'integer' },
        { name: 'amount_fen', type: 'integer' },
        { name: 'description', type: 'varchar', length: '255' },
        at('completed_at'), at('recorded_at'),
      ],
      uniques: [{ name: 'uq_billable_order_source', columnNames: ['source_kind', 'source_id'] }],
      indices: [{ name: 'ix_billable_order_company_completed', columnNames: ['company_id', 'completed_at'] }],
      checks: [{ name: 'ck_billable_order_amount', expression: 'amount_fen >= 0' }],
    }));
    await q.createTable(new Table({
      name: 'settlement_statement',
      columns: [
        id,
        { name: 'company_id', type: 'integer' },
        { name: 'period', type: 'varchar', length: '7' },
        { name: 'status', type: 'varchar', length: '16' },
        at('created_at'),
        at('confirmed_at', true), { name: 'confirmed_by', type: 'integer', isNullable: true },
        at('approved_at', true), { name: 'approved_by', type: 'integer', isNullable: true },
        at('paid_at', true), { name: 'paid_by', type: 'integer', isNullable: true },
        { name: 'payment_reference', type: 'varchar', length: '64', isNullable: true },
      ],
      uniques: [{ name: 'uq_settlement_statement_company_period', columnNames: ['company_id', 'period'] }],
      checks: [{ name: 'ck_settlement_statement_status', expression: "status IN ('draft','disputed','confirmed','approved','paid')" }],
    }));
    await q.createTable(new Table({
      name: 'settlement_line',
      columns: [
        id,
        { name: 'statement_id', type: 'integer' },
        { name: 'kind', type: 'varchar', length: '16' },
        // An order is listed on at most one statement, ever.
        { name: 'billable_order_id', type: 'integer', isNullable: true },
        { name: 'unit_id', type: 'integer' },
        { name: 'source_kind', type: 'varchar', length: '24' },
        { name: 'source_id', type: 'varchar', length: '64' },
        { name: 'description', type: 'varchar', length: '255' },
        { name: 'amount_fen', type: 'integer' },
        at('completed_at', true),
        { name: 'review_status', type: 'varchar', length: '16' },
        { name: 'dispute_reason', type: 'varchar', length: '200', isNullable: true },
        { name: 'corrects_line_id', type: 'integer', isNullable: true },
        { name: 'created_by', type: 'integer', isNullable: true },
        at('created_at'),
      ],
      uniques: [{ name: 'uq_settlement_line_billable_order', columnNames: ['billable_order_id'] }],
      foreignKeys: [
        { columnNames: ['statement_id'], referencedTableName: 'settlement_statement', referencedColumnNames: ['id'] },
        { columnNames: ['billable_order_id'], referencedTableName: 'billable_order', referencedColumnNames: ['id'] },
        { columnNames: ['corrects_line_id'], referencedTableName: 'settlement_line', referencedColumnNames: ['id'] },
      ],
      indices: [{ name: 'ix_settlement_line_statement', columnNames: ['statement_id'] }],
      checks: [
        { name: 'ck_settlement_line_kind', expression: "(kind = 'order' AND billable_order_id IS NOT NULL) OR (kind = 'correction' AND billable_order_id IS NULL AND amount_fen <> 0)" },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['settlement_line', 'settlement_statement', 'billable_order']) await q.dropTable(t);
  }
}
