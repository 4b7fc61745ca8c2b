import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const isMysql = (q: QueryRunner) => q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };

/**
 * One business-trip record (出差, #21 item 5): the application with its legs and travellers, its e-invoices
 * (one row per invoice across all records: the unique key refuses the same invoice twice, by anyone) and
 * its 公务卡 payments (one row per card transaction); the 出差 kind of approval with a one-level default chain.
 * Reservations may hang on a 出差 record instead of an official trip: reservation.travel_id, trip_id nullable.
 */
export class TravelRecord1766900000000 implements MigrationInterface {
  name = 'TravelRecord1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'travel',
      columns: [id,
        { name: 'unit_id', type: 'integer' }, { name: 'region_code', type: 'varchar', length: '9' }, { name: 'applicant_id', type: 'integer' },
        { name: 'purpose', type: 'varchar', length: '200' }, { name: 'status', type: 'varchar', length: '12' },
        { name: 'start_date', type: 'varchar', length: '10' }, { name: 'end_date', type: 'varchar', length: '10' }, { name: 'hotel', type: 'boolean' },
        { name: 'letter_from', type: 'varchar', length: '60', isNullable: true }, { name: 'letter_no', type: 'varchar', length: '40', isNullable: true },
        { name: 'guests', type: 'integer', isNullable: true }, { name: 'hosts', type: 'integer', isNullable: true },
        { name: 'created_at', type: 'datetime' }, { name: 'updated_at', type: 'datetime' }],
      indices: [{ name: 'ix_travel_applicant', columnNames: ['applicant_id'] }, { name: 'ix_travel_unit', columnNames: ['unit_id', 'status'] }],
      foreignKeys: [
        { columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['applicant_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_travel_status', expression: "status IN ('pending','approved','rejected','returned')" }],
    }));
    await q.createTable(new Table({
      name: 'travel_leg',
      columns: [
        { name: 'travel_id', type: 'integer', isPrimary: true }, { name: 'seq', type: 'integer', isPrimary: true },
        { name: 'depart_on', type: 'varchar', length: '10' }, { name: 'arrive_on', type: 'varchar', length: '10' },
        { name: 'from_place', type: 'varchar', length: '40' }, { name: 'to_place', type: 'varchar', length: '40' },
        { name: 'to_region_code', type: 'varchar', length: '9' }, { name: 'transport', type: 'varchar', length: '16' }],
      foreignKeys: [{ columnNames: ['travel_id'], referencedTableName: 'travel', referencedColumnNames: ['id'] }],
    }));
    await q.createTable(new Table({
      name: 'travel_traveller',
      columns: [{ name: 'travel_id', type: 'integer', isPrimary: true }, { name: 'user_id', type: 'integer', isPrimary: true }],
      indices: [{ name: 'ix_travel_traveller_user', columnNames: ['user_id'] }],
      foreignKeys: [
        { columnNames: ['travel_id'], referencedTableName: 'travel', referencedColumnNames: ['id'] },
        { columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] }],
    }));
    await q.createTable(new Table({
      name: 'travel_invoice',
      columns: [id,
        { name: 'travel_id', type: 'integer' }, { name: 'invoice_key', type: 'varchar', length: '40' }, { name: 'category', type: 'varchar', length: '12' },
        { name: 'reservation_id', type: 'integer', isNullable: true }, { name: 'nights', type: 'integer', default: 1 },
        { name: 'invoice_code', type: 'varchar', length: '12', isNullable: true }, { name: 'invoice_number', type: 'varchar', length: '20' },
        { name: 'issued_on', type: 'varchar', length: '10' }, { name: 'seller_name', type: 'varchar', length: '100' },
        { name: 'seller_tax_id', type: 'varchar', length: '20', isNullable: true }, { name: 'buyer_tax_id', type: 'varchar', length: '20' },
        { name: 'amount_fen', type: 'integer' }, { name: 'tax_fen', type: 'integer' }, { name: 'source', type: 'varchar', length: '8' },
        { name: 'submitted_by', type: 'integer' }, { name: 'created_at', type: 'datetime' }],
      indices: [{ name: 'ux_travel_invoice_key', columnNames: ['invoice_key'], isUnique: true }, { name: 'ix_travel_invoice_travel', columnNames: ['travel_id'] }],
      foreignKeys: [{ columnNames: ['travel_id'], referencedTableName: 'travel', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_travel_invoice_money', expression: 'amount_fen >= 0 AND tax_fen >= 0' }],
    }));
    await q.createTable(new Table({
      name: 'travel_card_payment',
      columns: [id,
        { name: 'travel_id', type: 'integer' }, { name: 'payment_key', type: 'varchar', length: '48' }, { name: 'card_last4', type: 'varchar', length: '4' },
        { name: 'paid_at', type: 'datetime' }, { name: 'merchant', type: 'varchar', length: '100' }, { name: 'amount_fen', type: 'integer' },
        { name: 'bank_ref', type: 'varchar', length: '40' }, { name: 'source', type: 'varchar', length: '10' },
        { name: 'matched_cost_key', type: 'varchar', length: '40', isNullable: true }, { name: 'submitted_by', type: 'integer' }, { name: 'created_at', type: 'datetime' }],
      indices: [{ name: 'ux_travel_card_payment_key', columnNames: ['payment_key'], isUnique: true }, { name: 'ix_travel_card_payment_travel', columnNames: ['travel_id'] }],
      foreignKeys: [{ columnNames: ['travel_id'], referencedTableName: 'travel', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_travel_card_money', expression: 'amount_fen > 0' }],
    }));
    // MariaDB: MODIFY keeps the column, its index and foreign key (TypeORM's changeColumn would drop and re-add it,
    // which the foreign key's index refuses); SQLite: TypeORM recreates the table (nothing points at reservation).
    if (isMysql(q)) await q.query('ALTER TABLE reservation MODIFY trip_id int NULL');
    else await q.changeColumn('reservation', 'trip_id', new TableColumn({ name: 'trip_id', type: 'integer', isNullable: true }));
    await q.addColumn('reservation', new TableColumn({ name: 'travel_id', type: 'integer', isNullable: true }));
    await q.createIndex('reservation', new TableIndex({ name: 'ix_reservation_travel', columnNames: ['travel_id'] }));
    await q.query('INSERT INTO approval_chain (unit_id, kind, variant, level, approver_role, approver_user_id) VALUES (NULL, ?, ?, 1, ?, NULL)', ['travel', 'default', 'approver']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM approval_chain WHERE kind = 'travel' AND unit_id IS NULL");
    await q.dropIndex('reservation', 'ix_reservation_travel');
    await q.dropColumn('reservation', 'travel_id');
    for (const t of ['travel_card_payment', 'travel_invoice', 'travel_traveller', 'travel_leg', 'travel']) await q.dropTable(t);
  }
}
