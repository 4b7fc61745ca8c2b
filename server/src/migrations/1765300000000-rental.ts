import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const int = (name: string, isNullable = false) => ({ name, type: 'integer', isNullable });
const str = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
const at = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });

/**
 * 分时租赁 (issue #15): the rental companies' stations with fences, price plans, time-share cars (a
 * fleet vehicle each), rentals, fault reports and users' driving licences. A user holds at most one
 * open reservation or rental and a car serves at most one (unique open keys, null once closed); one
 * rental per approved task (一事一租, unique trip_id).
 */
export class Rental1765300000000 implements MigrationInterface {
  name = 'Rental1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'rental_station',
      columns: [id, int('company_id'), str('name', 64), str('address', 128), { name: 'lat', type: 'double' }, { name: 'lng', type: 'double' },
        { name: 'fence', type: 'text' }, { name: 'accepts_returns', type: 'boolean' }, at('created_at')],
      indices: [{ name: 'ix_rental_station_company', columnNames: ['company_id'] }],
    }));
    await q.createTable(new Table({
      name: 'rental_plan',
      columns: [id, int('company_id'), str('name', 64), str('time_unit', 8), int('day_rate_fen'), int('night_rate_fen', true),
        int('night_start_minute'), int('night_end_minute'), int('per_km_fen'), int('daily_cap_fen', true), int('min_charge_fen')],
      checks: [{ name: 'ck_rental_plan_unit', expression: "time_unit IN ('minute','hour')" }],
    }));
    await q.createTable(new Table({
      name: 'rental_car',
      columns: [id, int('vehicle_id'), int('company_id'), int('station_id'), int('plan_id'), str('plate', 16), str('model', 64), int('seats'),
        int('battery_pct'), int('range_km'), str('status', 16)],
      uniques: [{ name: 'uq_rental_car_vehicle', columnNames: ['vehicle_id'] }],
      foreignKeys: [
        { columnNames: ['station_id'], referencedTableName: 'rental_station', referencedColumnNames: ['id'] },
        { columnNames: ['plan_id'], referencedTableName: 'rental_plan', referencedColumnNames: ['id'] },
      ],
      indices: [{ name: 'ix_rental_car_company_status', columnNames: ['company_id', 'status'] }],
      checks: [{ name: 'ck_rental_car_status', expression: "status IN ('available','reserved','in_rental','maintenance')" }],
    }));
    await q.createTable(new Table({
      name: 'rental',
      columns: [id, int('user_id'), str('user_name', 32), int('unit_id'), int('company_id'), int('car_id'), int('vehicle_id'), str('purpose', 16),
        int('trip_id', true), str('status', 16), int('open_user_key', true), int('open_car_key', true),
        at('reserved_at'), at('hold_until'), at('started_at', true), at('ended_at', true),
        int('start_odometer_hm', true), int('end_odometer_hm', true), int('amount_fen', true), { name: 'price', type: 'text', isNullable: true },
        str('payment', 16), str('out_trade_no', 32, true), int('return_station_id', true), str('note', 255, true)],
      uniques: [
        { name: 'uq_rental_open_user', columnNames: ['open_user_key'] },
        { name: 'uq_rental_open_car', columnNames: ['open_car_key'] },
        { name: 'uq_rental_trip', columnNames: ['trip_id'] },
      ],
      foreignKeys: [{ columnNames: ['car_id'], referencedTableName: 'rental_car', referencedColumnNames: ['id'] }],
      indices: [
        { name: 'ix_rental_user', columnNames: ['user_id', 'reserved_at'] },
        { name: 'ix_rental_company', columnNames: ['company_id', 'reserved_at'] },
        { name: 'ix_rental_status_hold', columnNames: ['status', 'hold_until'] },
      ],
      checks: [
        { name: 'ck_rental_status', expression: "status IN ('reserved','in_rental','returned','expired','cancelled','closed')" },
        { name: 'ck_rental_amount', expression: 'amount_fen IS NULL OR amount_fen >= 0' },
      ],
    }));
    await q.createTable(new Table({
      name: 'rental_fault',
      columns: [id, int('rental_id'), int('company_id'), int('user_id'), str('description', 500), { name: 'photos', type: 'text' }, str('status', 24),
        str('comment', 200), at('created_at'), at('decided_at', true), int('decided_by', true)],
      foreignKeys: [{ columnNames: ['rental_id'], referencedTableName: 'rental', referencedColumnNames: ['id'] }],
      indices: [{ name: 'ix_rental_fault_company', columnNames: ['company_id', 'status'] }],
    }));
    await q.createTable(new Table({
      name: 'rental_licence',
      columns: [{ name: 'user_id', type: 'integer', isPrimary: true }, str('licence_no', 32), str('licence_class', 8), str('expires_on', 10), at('updated_at')],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rental_licence', 'rental_fault', 'rental', 'rental_car', 'rental_plan', 'rental_station']) await q.dropTable(t);
  }
}
