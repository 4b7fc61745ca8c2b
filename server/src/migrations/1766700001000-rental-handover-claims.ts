import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * #21 items 1–2 in rental's tables: how a personal rental is paid (`pay_with`: per rental through
 * WeChat Pay, or 免押 through 微信支付分); the photos of the car's four sides at each handover, each
 * with the terminal's state at that moment; and the company's damage claims, which must point at
 * that evidence and wait out the user's appeal window before anything is charged.
 */
export class RentalHandoverClaims1766700001000 implements MigrationInterface {
  name = 'RentalHandoverClaims1766700001000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    await q.addColumn('rental', new TableColumn({ name: 'pay_with', type: 'varchar', length: '16', default: "'wechat_pay'" }));
    await q.createTable(new Table({
      name: 'rental_evidence',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'rental_id', type: 'integer' },
        { name: 'stage', type: 'varchar', length: '8' },
        { name: 'side', type: 'varchar', length: '8' },
        { name: 'content_type', type: 'varchar', length: '32' },
        { name: 'size_bytes', type: 'integer' },
        { name: 'access_key', type: 'varchar', length: '64' },
        { name: 'data', type: mysql ? 'mediumblob' : 'blob' },
        { name: 'charge_pct', type: 'integer', isNullable: true },
        { name: 'odometer_hm', type: 'integer', isNullable: true },
        { name: 'door_locked', type: 'boolean', isNullable: true },
        { name: 'acc_on', type: 'boolean', isNullable: true },
        { name: 'lat', type: 'double', isNullable: true },
        { name: 'lng', type: 'double', isNullable: true },
        { name: 'fix_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'online', type: 'boolean', default: false },
        { name: 'taken_at', type: 'datetime', precision: 3 },
        { name: 'uploaded_by', type: 'integer' },
      ],
      indices: [{ name: 'ux_rental_evidence_side', columnNames: ['rental_id', 'stage', 'side'], isUnique: true }],
      foreignKeys: [{ columnNames: ['rental_id'], referencedTableName: 'rental', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_rental_evidence_size', expression: 'size_bytes > 0' }],
    }));
    await q.createTable(new Table({
      name: 'rental_damage_claim',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'rental_id', type: 'integer' },
        { name: 'company_id', type: 'integer' },
        { name: 'user_id', type: 'integer' },
        { name: 'unit_id', type: 'integer' },
        { name: 'purpose', type: 'varchar', length: '16' },
        { name: 'description', type: 'varchar', length: '500' },
        { name: 'evidence_ids', type: 'varchar', length: '255' },
        { name: 'items', type: 'text' },
        { name: 'amount_fen', type: 'integer' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'appeal_deadline', type: 'datetime', precision: 3 },
        { name: 'appeal_reason', type: 'varchar', length: '500', isNullable: true },
        { name: 'appealed_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'decision_note', type: 'varchar', length: '200', isNullable: true },
        { name: 'decided_by', type: 'integer', isNullable: true },
        { name: 'decided_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'charged_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'charge_ref', type: 'varchar', length: '40', isNullable: true },
        { name: 'created_by', type: 'integer' },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
      indices: [
        { name: 'ix_rental_claim_rental', columnNames: ['rental_id'] },
        { name: 'ix_rental_claim_due', columnNames: ['status', 'appeal_deadline'] },
      ],
      foreignKeys: [{ columnNames: ['rental_id'], referencedTableName: 'rental', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_rental_claim_amount', expression: 'amount_fen > 0' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rental_damage_claim');
    await q.dropTable('rental_evidence');
    await q.dropColumn('rental', 'pay_with');
  }
}
