import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The last batch of the gateway's alarm queue the main process recorded into the outbox (a digest
 * of its entries), written in the same transaction as the events, so an alarm becomes a domain
 * event exactly once even when the process dies before taking the batch off the queue.
 */
export class TelematicsAlarmCursor1764900003000 implements MigrationInterface {
  name = 'TelematicsAlarmCursor1764900003000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'telematics_alarm_cursor',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true },
        { name: 'last_batch', type: 'varchar', length: '64' },
      ],
    }));
    await q.query("INSERT INTO telematics_alarm_cursor (id, last_batch) VALUES (1, '')");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('telematics_alarm_cursor');
  }
}
