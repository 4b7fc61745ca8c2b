import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });

/**
 * Official trips (DOMAIN.md §4): the request, its assignments (one per vehicle), its event record, and
 * resource_slot — the booking table whose primary key (resource_kind, resource_id, slot_start) makes
 * the database refuse a vehicle or driver in two overlapping trips, whatever the code checked before.
 */
export class Trips1764500001000 implements MigrationInterface {
  name = 'Trips1764500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'trip',
      columns: [
        id,
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'applicant_id', type: 'integer' },
        { name: 'applicant_name', type: 'varchar', length: '64' },
        { name: 'booked_by_id', type: 'integer' },
        { name: 'purpose', type: 'varchar', length: '200' },
        { name: 'passengers', type: 'integer' },
        { name: 'passenger_names', type: 'varchar', length: '200', default: "''" },
        at('start_at'), at('end_at'),
        { name: 'origin_json', type: 'varchar', length: '300' },
        { name: 'destinations_json', type: 'text' },
        { name: 'category', type: 'varchar', length: '32', isNullable: true },
        { name: 'seats_wanted', type: 'integer' },
        { name: 'vehicles_needed', type: 'integer' },
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'priority', type: 'varchar', length: '16', default: "'normal'" },
        { name: 'status', type: 'varchar', length: '24' },
        { name: 'approval_status', type: 'varchar', length: '16', isNullable: true },
        at('backfill_due_at', true),
        { name: 'backfill_overdue', type: 'boolean', default: false },
        { name: 'return_overdue', type: 'boolean', default: false },
        { name: 'reminded', type: 'boolean', default: false },
        { name: 'cost_fen', type: 'integer', default: 0 },
        { name: 'rating', type: 'integer', isNullable: true },
        { name: 'rating_comment', type: 'varchar', length: '200', isNullable: true },
        { name: 'cancel_reason', type: 'varchar', length: '200', isNullable: true },
        at('created_at'), at('updated_at'),
      ],
      indices: [
        { name: 'ix_trip_unit_status', columnNames: ['unit_id', 'status'] },
        { name: 'ix_trip_applicant', columnNames: ['applicant_id'] },
        { name: 'ix_trip_status_start', columnNames: ['status', 'start_at'] },
      ],
      foreignKeys: [
        { columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['applicant_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] },
        { columnNames: ['booked_by_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] },
      ],
      checks: [
        { name: 'ck_trip_window', expression: 'end_at > start_at' },
        { name: 'ck_trip_counts', expression: 'passengers > 0 AND vehicles_needed > 0 AND seats_wanted > 0 AND cost_fen >= 0' },
      ],
    }));
    await q.createTable(new Table({
      name: 'trip_assignment',
      columns: [
        id,
        { name: 'trip_id', type: 'integer' },
        { name: 'source', type: 'varchar', length: '16' },
        { name: 'company_id', type: 'integer', isNullable: true },
        { name: 'vehicle_id', type: 'integer', isNullable: true },
        { name: 'driver_id', type: 'integer', isNullable: true },
        { name: 'plate', type: 'varchar', length: '16', isNullable: true },
        { name: 'driver_name', type: 'varchar', length: '64', isNullable: true },
        { name: 'driver_phone', type: 'varchar', length: '20', isNullable: true },
        { name: 'status', type: 'varchar', length: '24' },
        { name: 'reason', type: 'varchar', length: '300', isNullable: true },
        { name: 'depart_odometer_hm', type: 'integer', isNullable: true },
        { name: 'return_odometer_hm', type: 'integer', isNullable: true },
        at('departed_at', true), at('returned_at', true),
        { name: 'fuel_fen', type: 'integer', default: 0 },
        { name: 'toll_fen', type: 'integer', default: 0 },
        { name: 'parking_fen', type: 'integer', default: 0 },
        { name: 'other_fen', type: 'integer', default: 0 },
        { name: 'note', type: 'varchar', length: '200', default: "''" },
        at('created_at'),
      ],
      indices: [
        { name: 'ix_trip_assignment_trip', columnNames: ['trip_id'] },
        { name: 'ix_trip_assignment_driver', columnNames: ['driver_id', 'status'] },
        { name: 'ix_trip_assignment_vehicle', columnNames: ['vehicle_id'] },
        { name: 'ix_trip_assignment_company', columnNames: ['company_id', 'status'] },
      ],
      foreignKeys: [
        { columnNames: ['trip_id'], referencedTableName: 'trip', referencedColumnNames: ['id'] },
        { columnNames: ['vehicle_id'], referencedTableName: 'vehicle', referencedColumnNames: ['id'] },
        { columnNames: ['driver_id'], referencedTableName: 'driver', referencedColumnNames: ['id'] },
        { columnNames: ['company_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
      ],
      checks: [
        { name: 'ck_trip_assignment_odometer', expression: 'return_odometer_hm IS NULL OR depart_odometer_hm IS NULL OR return_odometer_hm >= depart_odometer_hm' },
        { name: 'ck_trip_assignment_costs', expression: 'fuel_fen >= 0 AND toll_fen >= 0 AND parking_fen >= 0 AND other_fen >= 0' },
      ],
    }));
    await q.createTable(new Table({
      name: 'trip_event',
      columns: [
        id,
        { name: 'trip_id', type: 'integer' },
        at('at'),
        { name: 'actor_id', type: 'integer', isNullable: true },
        { name: 'actor_name', type: 'varchar', length: '64' },
        { name: 'action', type: 'varchar', length: '32' },
        { name: 'note', type: 'varchar', length: '500' },
      ],
      indices: [{ name: 'ix_trip_event_trip', columnNames: ['trip_id'] }],
      foreignKeys: [{ columnNames: ['trip_id'], referencedTableName: 'trip', referencedColumnNames: ['id'] }],
    }));
    await q.createTable(new Table({
      name: 'resource_slot',
      columns: [
        { name: 'resource_kind', type: 'varchar', length: '8', isPrimary: true },
        { name: 'resource_id', type: 'integer', isPrimary: true },
        /** Minutes since the epoch, bucketed (TRIP_SLOT_MINUTES); a booking covers its window rounded outward. */
        { name: 'slot_start', type: 'integer', isPrimary: true },
        { name: 'assignment_id', type: 'integer' },
      ],
      indices: [{ name: 'ix_resource_slot_assignment', columnNames: ['assignment_id'] }],
      foreignKeys: [{ columnNames: ['assignment_id'], referencedTableName: 'trip_assignment', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_resource_slot_kind', expression: "resource_kind IN ('vehicle','driver')" }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['resource_slot', 'trip_event', 'trip_assignment', 'trip']) await q.dropTable(t);
  }
}
