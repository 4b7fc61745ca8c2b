import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The screenshot of a market fare's price record (比价记录截图, #21 item 5): the image the traveller saw,
 * one per ticket booking, beside the record's text fields (source, flight, price, time seen).
 */
export class PriceRecordScreenshot1767100001000 implements MigrationInterface {
  name = 'PriceRecordScreenshot1767100001000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    await q.createTable(new Table({
      name: 'reservation_price_photo',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'reservation_id', type: 'integer' },
        { name: 'content_type', type: 'varchar', length: '32' },
        { name: 'size_bytes', type: 'integer' },
        { name: 'access_key', type: 'varchar', length: '64' },
        { name: 'data', type: mysql ? 'mediumblob' : 'blob' },
        { name: 'uploaded_by', type: 'integer' },
        { name: 'uploaded_at', type: 'datetime', precision: 3 },
      ],
      indices: [{ name: 'ux_reservation_price_photo', columnNames: ['reservation_id'], isUnique: true }],
      foreignKeys: [{ columnNames: ['reservation_id'], referencedTableName: 'reservation', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_reservation_price_photo_size', expression: 'size_bytes > 0' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('reservation_price_photo');
  }
}
