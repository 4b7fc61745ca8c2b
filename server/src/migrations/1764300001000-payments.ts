import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const at = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });

/** WeChat Pay orders, refunds and daily reconciliation with the trade bill (DOMAIN.md §6). */
export class Payments1764300001000 implements MigrationInterface {
  name = 'Payments1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'payment_order',
      columns: [
        id,
        { name: 'out_trade_no', type: 'varchar', length: '32' },
        { name: 'payer_user_id', type: 'integer' },
        { name: 'payer_openid', type: 'varchar', length: '64' },
        { name: 'source_kind', type: 'varchar', length: '32' },
        { name: 'source_id', type: 'varchar', length: '64' },
        { name: 'description', type: 'varchar', length: '127' },
        { name: 'amount_fen', type: 'integer' },
        { name: 'refunded_fen', type: 'integer', default: 0 },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'prepay_id', type: 'varchar', length: '64', isNullable: true },
        // One WeChat transaction credits one order, once: the unique key is the last line of defence.
        { name: 'transaction_id', type: 'varchar', length: '32', isNullable: true },
        at('expires_at'), at('paid_at', true), at('closed_at', true), at('created_at'),
      ],
      uniques: [
        { name: 'uq_payment_order_out_trade_no', columnNames: ['out_trade_no'] },
        { name: 'uq_payment_order_transaction_id', columnNames: ['transaction_id'] },
      ],
      indices: [
        { name: 'ix_payment_order_status_expires', columnNames: ['status', 'expires_at'] },
        { name: 'ix_payment_order_source', columnNames: ['source_kind', 'source_id'] },
        { name: 'ix_payment_order_paid_at', columnNames: ['paid_at'] },
      ],
      checks: [
        { name: 'ck_payment_order_amounts', expression: 'amount_fen > 0 AND refunded_fen >= 0 AND refunded_fen <= amount_fen' },
        { name: 'ck_payment_order_status', expression: "status IN ('pending','paid','closed')" },
      ],
    }));
    await q.createTable(new Table({
      name: 'payment_refund',
      columns: [
        id,
        { name: 'out_refund_no', type: 'varchar', length: '64' },
        { name: 'payment_order_id', type: 'integer' },
        { name: 'amount_fen', type: 'integer' },
        { name: 'reason', type: 'varchar', length: '80' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'refund_id', type: 'varchar', length: '64', isNullable: true },
        { name: 'requested_by', type: 'integer' },
        at('created_at'), at('succeeded_at', true),
      ],
      uniques: [{ name: 'uq_payment_refund_out_refund_no', columnNames: ['out_refund_no'] }],
      foreignKeys: [{ columnNames: ['payment_order_id'], referencedTableName: 'payment_order', referencedColumnNames: ['id'] }],
      indices: [{ name: 'ix_payment_refund_succeeded_at', columnNames: ['succeeded_at'] }],
      checks: [{ name: 'ck_payment_refund_amount', expression: 'amount_fen > 0' }],
    }));
    await q.createTable(new Table({
      name: 'reconciliation_run',
      columns: [
        id,
        { name: 'bill_date', type: 'varchar', length: '10' },
        { name: 'bill_rows', type: 'integer' },
        { name: 'our_records', type: 'integer' },
        { name: 'matched', type: 'integer' },
        { name: 'mismatch_count', type: 'integer' },
        at('created_at'),
      ],
      indices: [{ name: 'ix_reconciliation_run_bill_date', columnNames: ['bill_date'] }],
    }));
    await q.createTable(new Table({
      name: 'reconciliation_mismatch',
      columns: [
        id,
        { name: 'run_id', type: 'integer' },
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'record_kind', type: 'varchar', length: '8' },
        { name: 'reference', type: 'varchar', length: '64' },
        { name: 'transaction_id', type: 'varchar', length: '32', isNullable: true },
        { name: 'our_amount_fen', type: 'integer', isNullable: true },
        { name: 'bill_amount_fen', type: 'integer', isNullable: true },
      ],
      foreignKeys: [{ columnNames: ['run_id'], referencedTableName: 'reconciliation_run', referencedColumnNames: ['id'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['reconciliation_mismatch', 'reconciliation_run', 'payment_refund', 'payment_order']) await q.dropTable(t);
  }
}
