import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { HEBEI_LODGING, HEBEI_RECEPTION, HEBEI_TICKETS } from '../seed/reservation-standards';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const rule = (col: string) => ({ name: `ck_${col}_rule`, expression: "over_standard IN ('refuse','approval')" });

/**
 * Trip services (#16): the standards tables (each row naming its source document and year, seeded with
 * the published Hebei values, see reservations.standards.ts), the hotels' rooms per night and the
 * restaurants' tables per slot (inventory, never below 0), and reservations. The over-standard kind of
 * approval gets a default one-level chain per reservation kind, as trips' kinds got theirs.
 */
export class Reservations1765400000000 implements MigrationInterface {
  name = 'Reservations1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'reservation_lodging_standard',
      columns: [id,
        { name: 'region_code', type: 'varchar', length: '9' }, { name: 'rank', type: 'varchar', length: '16' }, { name: 'cap_fen', type: 'integer' },
        { name: 'peak_from', type: 'varchar', length: '5', isNullable: true }, { name: 'peak_to', type: 'varchar', length: '5', isNullable: true },
        { name: 'peak_uplift_pct', type: 'integer', default: 0 }, { name: 'over_standard', type: 'varchar', length: '16' },
        { name: 'source', type: 'varchar', length: '200' }, { name: 'year', type: 'integer' }],
      uniques: [{ name: 'uq_lodging_standard', columnNames: ['region_code', 'rank'] }],
      checks: [rule('lodging'), { name: 'ck_lodging_cap', expression: 'cap_fen >= 0' }],
    }));
    await q.createTable(new Table({
      name: 'reservation_reception_standard',
      columns: [id,
        { name: 'region_code', type: 'varchar', length: '9', isUnique: true }, { name: 'per_person_cap_fen', type: 'integer' },
        { name: 'max_hosts_small', type: 'integer' }, { name: 'over_standard', type: 'varchar', length: '16' },
        { name: 'source', type: 'varchar', length: '200' }, { name: 'year', type: 'integer' }],
      checks: [rule('reception')],
    }));
    await q.createTable(new Table({
      name: 'reservation_ticket_standard',
      columns: [
        { name: 'rank', type: 'varchar', length: '16', isPrimary: true }, { name: 'mode', type: 'varchar', length: '8', isPrimary: true },
        { name: 'classes', type: 'varchar', length: '200' }, { name: 'over_standard', type: 'varchar', length: '16' },
        { name: 'source', type: 'varchar', length: '200' }, { name: 'year', type: 'integer' }],
      checks: [rule('ticket')],
    }));
    await q.createTable(new Table({
      name: 'reservation_traveller_rank',
      columns: [{ name: 'user_id', type: 'integer', isPrimary: true }, { name: 'rank', type: 'varchar', length: '16' }],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] }],
    }));
    await q.createTable(new Table({
      name: 'hotel_room_type',
      columns: [id, { name: 'hotel_id', type: 'integer' }, { name: 'name', type: 'varchar', length: '64' }],
      foreignKeys: [{ columnNames: ['hotel_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] }],
    }));
    await q.createTable(new Table({
      name: 'hotel_room_night',
      columns: [
        { name: 'room_type_id', type: 'integer', isPrimary: true }, { name: 'night', type: 'varchar', length: '10', isPrimary: true },
        { name: 'total', type: 'integer' }, { name: 'remaining', type: 'integer' }, { name: 'rate_fen', type: 'integer' }],
      foreignKeys: [{ columnNames: ['room_type_id'], referencedTableName: 'hotel_room_type', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_room_night_remaining', expression: 'remaining >= 0' }],
    }));
    await q.createTable(new Table({
      name: 'restaurant_menu',
      columns: [id, { name: 'restaurant_id', type: 'integer' }, { name: 'name', type: 'varchar', length: '64' },
        { name: 'per_person_fen', type: 'integer' }, { name: 'seats_per_table', type: 'integer' }],
      foreignKeys: [{ columnNames: ['restaurant_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] }],
    }));
    await q.createTable(new Table({
      name: 'restaurant_table_slot',
      columns: [
        { name: 'restaurant_id', type: 'integer', isPrimary: true }, { name: 'date', type: 'varchar', length: '10', isPrimary: true },
        { name: 'slot', type: 'varchar', length: '8', isPrimary: true }, { name: 'total', type: 'integer' }, { name: 'remaining', type: 'integer' }],
      foreignKeys: [{ columnNames: ['restaurant_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_table_slot_remaining', expression: 'remaining >= 0' }],
    }));
    await q.createTable(new Table({
      name: 'reservation',
      columns: [id,
        { name: 'kind', type: 'varchar', length: '8' }, { name: 'trip_id', type: 'integer' }, { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' }, { name: 'traveller_id', type: 'integer' }, { name: 'booked_by_id', type: 'integer' },
        { name: 'supplier_id', type: 'integer' }, { name: 'status', type: 'varchar', length: '20' }, { name: 'rank', type: 'varchar', length: '16' },
        { name: 'title', type: 'varchar', length: '200' }, { name: 'standard_text', type: 'varchar', length: '100' },
        { name: 'amount_fen', type: 'integer' }, { name: 'official_fen', type: 'integer' }, { name: 'personal_fen', type: 'integer' },
        { name: 'over_standard_rule', type: 'varchar', length: '300', isNullable: true },
        { name: 'offer_id', type: 'integer', isNullable: true }, { name: 'start_date', type: 'varchar', length: '10' },
        { name: 'quantity', type: 'integer' }, { name: 'span', type: 'integer' }, { name: 'slot', type: 'varchar', length: '8', isNullable: true },
        { name: 'supplier_order_no', type: 'varchar', length: '40', isNullable: true }, { name: 'ticket_no', type: 'varchar', length: '40', isNullable: true },
        { name: 'payment_out_trade_no', type: 'varchar', length: '32', isNullable: true },
        { name: 'note', type: 'varchar', length: '300', default: "''" }, { name: 'hold_expires_at', type: 'datetime', isNullable: true },
        { name: 'created_at', type: 'datetime' }, { name: 'updated_at', type: 'datetime' }],
      indices: [{ name: 'ix_reservation_traveller', columnNames: ['traveller_id'] }, { name: 'ix_reservation_supplier', columnNames: ['supplier_id', 'status'] },
        { name: 'ix_reservation_trip', columnNames: ['trip_id'] }],
      foreignKeys: [
        { columnNames: ['trip_id'], referencedTableName: 'trip', referencedColumnNames: ['id'] },
        { columnNames: ['supplier_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['traveller_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_reservation_money', expression: 'amount_fen >= 0 AND official_fen >= 0 AND personal_fen >= 0 AND amount_fen = official_fen + personal_fen' }],
    }));
    for (const s of HEBEI_LODGING) {
      await q.query('INSERT INTO reservation_lodging_standard (region_code, `rank`, cap_fen, peak_from, peak_to, peak_uplift_pct, over_standard, source, year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [s.regionCode, s.rank, s.capFen, s.peakFrom, s.peakTo, s.peakUpliftPct, s.overStandard, s.source, s.year]);
    }
    for (const s of HEBEI_RECEPTION) {
      await q.query('INSERT INTO reservation_reception_standard (region_code, per_person_cap_fen, max_hosts_small, over_standard, source, year) VALUES (?, ?, ?, ?, ?, ?)',
        [s.regionCode, s.perPersonCapFen, s.maxHostsSmall, s.overStandard, s.source, s.year]);
    }
    for (const s of HEBEI_TICKETS) {
      await q.query('INSERT INTO reservation_ticket_standard (`rank`, mode, classes, over_standard, source, year) VALUES (?, ?, ?, ?, ?, ?)',
        [s.rank, s.mode, s.classes.join(','), s.overStandard, s.source, s.year]);
    }
    for (const variant of ['hotel', 'dining', 'ticket']) {
      await q.query('INSERT INTO approval_chain (unit_id, kind, variant, level, approver_role, approver_user_id) VALUES (NULL, ?, ?, 1, ?, NULL)', ['over_standard', variant, 'approver']);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM approval_chain WHERE kind = 'over_standard' AND unit_id IS NULL");
    for (const t of ['reservation', 'restaurant_table_slot', 'restaurant_menu', 'hotel_room_night', 'hotel_room_type', 'reservation_traveller_rank',
      'reservation_ticket_standard', 'reservation_reception_standard', 'reservation_lodging_standard']) await q.dropTable(t);
  }
}
