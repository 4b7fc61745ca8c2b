import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * 免押 (#21 item 1): 微信支付分 service orders, owned by payments. One per source (a rental, a
 * damage claim); out_order_no is ours and unique, as WeChat requires per merchant.
 */
export class PayscoreOrders1766700000000 implements MigrationInterface {
  name = 'PayscoreOrders1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'payscore_order',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'out_order_no', type: 'varchar', length: '32' },
        { name: 'payer_user_id', type: 'integer' },
        { name: 'payer_openid', type: 'varchar', length: '64' },
        { name: 'source_kind', type: 'varchar', length: '32' },
        { name: 'source_id', type: 'varchar', length: '64' },
        { name: 'risk_fund_fen', type: 'integer' },
        { name: 'state', type: 'varchar', length: '16' },
        { name: 'total_fen', type: 'integer', isNullable: true },
        { name: 'items', type: 'text', isNullable: true },
        { name: 'wx_order_id', type: 'varchar', length: '64', isNullable: true },
        { name: 'transaction_id', type: 'varchar', length: '32', isNullable: true },
        { name: 'reason', type: 'varchar', length: '128', isNullable: true },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'updated_at', type: 'datetime', precision: 3 },
        { name: 'paid_at', type: 'datetime', precision: 3, isNullable: true },
      ],
      indices: [
        { name: 'ux_payscore_order_no', columnNames: ['out_order_no'], isUnique: true },
        { name: 'ux_payscore_order_source', columnNames: ['source_kind', 'source_id'], isUnique: true },
        { name: 'ux_payscore_order_transaction', columnNames: ['transaction_id'], isUnique: true },
        { name: 'ix_payscore_order_state', columnNames: ['state'] },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('payscore_order');
  }
}
