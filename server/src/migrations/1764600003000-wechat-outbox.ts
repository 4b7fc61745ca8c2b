import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * WeChat subscribe messages go through an outbox: written with the in-app message, sent at once,
 * and when WeChat is unreachable or busy, sent again with back-off by a scheduled job. A refusal
 * (the user has not subscribed, 43101) is final and recorded, not retried.
 */
export class WechatOutbox1764600003000 implements MigrationInterface {
  name = 'WechatOutbox1764600003000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'wechat_outbox',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'user_id', type: 'integer' },
        { name: 'openid', type: 'varchar', length: '64' },
        { name: 'template_id', type: 'varchar', length: '64' },
        { name: 'page', type: 'varchar', length: '200' },
        { name: 'data_json', type: 'varchar', length: '1000' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'attempts', type: 'integer', default: 0 },
        { name: 'next_attempt_at', type: 'datetime', precision: 3 },
        { name: 'last_error', type: 'varchar', length: '200', isNullable: true },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'sent_at', type: 'datetime', precision: 3, isNullable: true },
      ],
      indices: [{ name: 'ix_wechat_outbox_due', columnNames: ['status', 'next_attempt_at'] }],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('wechat_outbox');
  }
}
