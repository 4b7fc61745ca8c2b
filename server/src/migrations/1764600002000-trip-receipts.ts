import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * 票据: photos of fuel, toll, parking and other receipts a driver attaches to a returned trip, kept
 * with the assignment for the dispatcher's review and month-end settlement. The image bytes live in
 * the row (MEDIUMBLOB on MariaDB, up to 16 MB; BLOB on SQLite), so a receipt and its record are
 * written in one transaction and every server node sees it. access_key signs expiring view URLs.
 */
export class TripReceipts1764600002000 implements MigrationInterface {
  name = 'TripReceipts1764600002000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    await q.createTable(new Table({
      name: 'trip_receipt',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'assignment_id', type: 'integer' },
        { name: 'trip_id', type: 'integer' },
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'content_type', type: 'varchar', length: '32' },
        { name: 'size_bytes', type: 'integer' },
        { name: 'sha256', type: 'varchar', length: '64' },
        { name: 'access_key', type: 'varchar', length: '64' },
        { name: 'data', type: mysql ? 'mediumblob' : 'blob' },
        { name: 'uploaded_by', type: 'integer' },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
      indices: [{ name: 'ix_trip_receipt_assignment', columnNames: ['assignment_id'] }],
      foreignKeys: [
        { columnNames: ['assignment_id'], referencedTableName: 'trip_assignment', referencedColumnNames: ['id'] },
        { columnNames: ['trip_id'], referencedTableName: 'trip', referencedColumnNames: ['id'] },
      ],
      checks: [{ name: 'ck_trip_receipt_size', expression: 'size_bytes > 0' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('trip_receipt');
  }
}
