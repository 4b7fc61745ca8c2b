import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });

/**
 * The upward feed to supervision (#19 item 1). Its records travel through the outbox (event_delivery,
 * one batch subscriber): the sender lease of a batch subscriber, the index its sender reads the queue by
 * (oldest pending first), and the index a resend of a period finds its events by. The feed's own
 * tables: every POST tried (the admin's failures and counts) and the resends asked for.
 */
export class UpwardFeed1766200000000 implements MigrationInterface {
  name = 'UpwardFeed1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'event_batch_lease',
      columns: [
        { name: 'subscriber', type: 'varchar', length: '64', isPrimary: true },
        { name: 'holder', type: 'varchar', length: '64' },
        at('lease_until'),
      ],
    }));
    await q.createIndex('event_delivery', new TableIndex({ name: 'ix_event_delivery_queue', columnNames: ['subscriber', 'status', 'id'] }));
    await q.createIndex('domain_event', new TableIndex({ name: 'ix_domain_event_occurred', columnNames: ['occurred_at'] }));
    await q.createTable(new Table({
      name: 'feed_batch',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'kind', type: 'varchar', length: '8' },
        { name: 'resend_id', type: 'integer', isNullable: true },
        { name: 'records', type: 'integer' },
        { name: 'first_event_id', type: 'integer' },
        { name: 'last_event_id', type: 'integer' },
        { name: 'outcome', type: 'varchar', length: '8' },
        { name: 'error', type: 'varchar', length: '500', isNullable: true },
        { name: 'duration_ms', type: 'integer' },
        at('sent_at'),
      ],
      indices: [{ name: 'ix_feed_batch_sent', columnNames: ['sent_at'] }],
      checks: [
        { name: 'ck_feed_batch_kind', expression: "kind IN ('live','resend')" },
        { name: 'ck_feed_batch_outcome', expression: "outcome IN ('ok','failed')" },
      ],
    }));
    await q.createTable(new Table({
      name: 'feed_resend',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        at('period_from'),
        at('period_to'),
        { name: 'status', type: 'varchar', length: '8' },
        { name: 'after_event_id', type: 'integer', default: 0 },
        { name: 'total', type: 'integer' },
        { name: 'sent', type: 'integer', default: 0 },
        { name: 'requested_by', type: 'integer' },
        at('requested_at'),
        at('done_at', true),
      ],
      indices: [{ name: 'ix_feed_resend_status', columnNames: ['status', 'id'] }],
      checks: [{ name: 'ck_feed_resend_status', expression: "status IN ('running','done')" }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('feed_resend');
    await q.dropTable('feed_batch');
    await q.dropIndex('domain_event', 'ix_domain_event_occurred');
    await q.dropIndex('event_delivery', 'ix_event_delivery_queue');
    await q.dropTable('event_batch_lease');
  }
}
