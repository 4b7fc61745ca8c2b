import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * 申诉证据 (#18): photos a unit's fleet admin attaches to an appeal against a warning. The bytes live in
 * the row (MEDIUMBLOB on MariaDB, BLOB on SQLite) as receipts do, so a photo and its record are one
 * write every node sees; access_key signs expiring view links (an <Image> cannot send a token).
 */
export class SupervisionEvidence1766100000000 implements MigrationInterface {
  name = 'SupervisionEvidence1766100000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    await q.createTable(new Table({
      name: 'supervision_evidence',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'warning_id', type: 'integer' },
        { name: 'content_type', type: 'varchar', length: '32' },
        { name: 'size_bytes', type: 'integer' },
        { name: 'access_key', type: 'varchar', length: '64' },
        { name: 'data', type: mysql ? 'mediumblob' : 'blob' },
        { name: 'uploaded_by', type: 'integer' },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
      indices: [{ name: 'ix_supervision_evidence_warning', columnNames: ['warning_id'] }],
      foreignKeys: [{ columnNames: ['warning_id'], referencedTableName: 'supervision_warning', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_supervision_evidence_size', expression: 'size_bytes > 0' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('supervision_evidence');
  }
}
