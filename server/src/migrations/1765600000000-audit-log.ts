import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The audit trail (#19 item 2): append-only entries chained by SM3 hashes, and the chain's head.
 * `seq` is not auto-increment: the head hands out numbers without gaps so a deleted entry shows.
 */
export class AuditLog1765600000000 implements MigrationInterface {
  name = 'AuditLog1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'audit_log',
      columns: [
        { name: 'seq', type: 'integer', isPrimary: true },
        { name: 'at', type: 'varchar', length: '24' },
        { name: 'actor_user_id', type: 'integer', isNullable: true },
        { name: 'actor_name', type: 'varchar', length: '64', isNullable: true },
        { name: 'actor_roles', type: 'varchar', length: '200' },
        { name: 'unit_id', type: 'integer', isNullable: true },
        { name: 'region_code', type: 'varchar', length: '9', isNullable: true },
        { name: 'action', type: 'varchar', length: '160' },
        { name: 'label', type: 'varchar', length: '128' },
        { name: 'object_type', type: 'varchar', length: '48', isNullable: true },
        { name: 'object_id', type: 'varchar', length: '64', isNullable: true },
        { name: 'ip', type: 'varchar', length: '64' },
        { name: 'outcome', type: 'varchar', length: '8' },
        { name: 'status', type: 'integer' },
        { name: 'request_id', type: 'varchar', length: '64' },
        { name: 'error_code', type: 'varchar', length: '64', isNullable: true },
        { name: 'prev_hash', type: 'varchar', length: '64' },
        { name: 'hash', type: 'varchar', length: '64' },
      ],
    }));
    await q.createIndex('audit_log', new TableIndex({ name: 'idx_audit_at', columnNames: ['at'] }));
    await q.createIndex('audit_log', new TableIndex({ name: 'idx_audit_actor', columnNames: ['actor_user_id', 'at'] }));
    await q.createIndex('audit_log', new TableIndex({ name: 'idx_audit_region', columnNames: ['region_code', 'at'] }));
    await q.createTable(new Table({
      name: 'audit_head',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true },
        { name: 'last_seq', type: 'integer' },
        { name: 'last_hash', type: 'varchar', length: '64' },
      ],
    }));
    await q.query(`INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '${'0'.repeat(64)}')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_head');
    await q.dropTable('audit_log');
  }
}
