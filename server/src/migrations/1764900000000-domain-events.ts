import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });

/**
 * Domain events through a transactional outbox (platform/events): the event, and one delivery per
 * subscriber with its attempts and lease. The WeChat message outbox becomes one subscriber of it: its
 * entries still waiting are carried over as events, then its table goes.
 */
export class DomainEvents1764900000000 implements MigrationInterface {
  name = 'DomainEvents1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'domain_event',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'type', type: 'varchar', length: '64' },
        { name: 'aggregate_type', type: 'varchar', length: '32' },
        { name: 'aggregate_id', type: 'varchar', length: '64' },
        { name: 'payload_json', type: 'text' },
        at('occurred_at'),
      ],
      indices: [{ name: 'ix_domain_event_aggregate', columnNames: ['aggregate_type', 'aggregate_id'] }],
    }));
    await q.createTable(new Table({
      name: 'event_delivery',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'event_id', type: 'integer' },
        { name: 'subscriber', type: 'varchar', length: '64' },
        { name: 'aggregate_key', type: 'varchar', length: '100' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'attempts', type: 'integer', default: 0 },
        at('next_attempt_at'),
        at('lease_until', true),
        { name: 'lease_token', type: 'varchar', length: '36', isNullable: true },
        { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
        at('done_at', true),
      ],
      uniques: [{ name: 'uq_event_delivery', columnNames: ['event_id', 'subscriber'] }],
      indices: [
        { name: 'ix_event_delivery_due', columnNames: ['status', 'next_attempt_at'] },
        { name: 'ix_event_delivery_order', columnNames: ['subscriber', 'aggregate_key', 'status'] },
      ],
      foreignKeys: [{ columnNames: ['event_id'], referencedTableName: 'domain_event', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_event_delivery_status', expression: "status IN ('pending','done','dead')" }],
    }));

    // WeChat messages not yet sent (pending, or failed and not refused) continue as events.
    const waiting = await q.query("SELECT user_id, openid, template_id, page, data_json, created_at FROM wechat_outbox WHERE status IN ('pending','failed') ORDER BY id") as Array<{
      user_id: number; openid: string; template_id: string; page: string; data_json: string; created_at: Date | string;
    }>;
    for (const w of waiting) {
      const payload = JSON.stringify({ userId: Number(w.user_id), openid: w.openid, templateId: w.template_id, page: w.page, data: JSON.parse(w.data_json) as unknown });
      const occurred = new Date(w.created_at);
      await q.query('INSERT INTO domain_event (type, aggregate_type, aggregate_id, payload_json, occurred_at) VALUES (?, ?, ?, ?, ?)',
        ['notification.wechat_requested', 'notification', String(w.user_id), payload, occurred]);
      const [{ id }] = await q.query('SELECT MAX(id) AS id FROM domain_event') as Array<{ id: number }>;
      await q.query("INSERT INTO event_delivery (event_id, subscriber, aggregate_key, status, attempts, next_attempt_at) VALUES (?, 'notifications.wechat', ?, 'pending', 0, ?)",
        [Number(id), `notification:${w.user_id}`, occurred]);
    }
    await q.dropTable('wechat_outbox');
  }

  async down(q: QueryRunner): Promise<void> {
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
        at('next_attempt_at'),
        { name: 'last_error', type: 'varchar', length: '200', isNullable: true },
        at('created_at'),
        at('sent_at', true),
      ],
      indices: [{ name: 'ix_wechat_outbox_due', columnNames: ['status', 'next_attempt_at'] }],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] }],
    }));
    await q.dropTable('event_delivery');
    await q.dropTable('domain_event');
  }
}
