import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Telematics: position history (JT/T 808 0x0200/0x0704, one row per report, batched inserts) and
 * terminal commands (lock/unlock, location query, temporary tracking) with their state.
 * No foreign key from positions to vehicle: the history is written at 10k rows/s and must not
 * take a lock on the vehicle row per insert; vehicle ids come from the fleet registry at register time.
 */
export class Telematics1764200000000 implements MigrationInterface {
  name = 'Telematics1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // SQLite allows AUTOINCREMENT only on "integer" (which is 64-bit there); MySQL needs bigint.
    const bigId = q.connection.driver.options.type === 'mysql' ? 'bigint' : 'integer';
    await q.createTable(new Table({
      name: 'telematics_position',
      columns: [
        { name: 'id', type: bigId, isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'vehicle_id', type: 'integer' },
        { name: 'terminal_phone', type: 'varchar', length: '20' },
        { name: 'gps_time', type: 'datetime' },
        { name: 'received_at', type: 'datetime', precision: 3 },
        { name: 'lat_e6', type: 'integer' },
        { name: 'lon_e6', type: 'integer' },
        { name: 'altitude', type: 'integer' },
        { name: 'speed', type: 'integer' },
        { name: 'direction', type: 'integer' },
        { name: 'alarm', type: 'bigint' },
        { name: 'status', type: 'bigint' },
        { name: 'odometer', type: 'bigint', isNullable: true },
        { name: 'source', type: 'varchar', length: '8' },
      ],
      checks: [{ name: 'ck_telematics_position_source', expression: "source IN ('report','backfill','reply')" }],
    }));
    await q.createIndex('telematics_position', new TableIndex({
      name: 'idx_telematics_position_vehicle_time', columnNames: ['vehicle_id', 'gps_time'],
    }));
    await q.createTable(new Table({
      name: 'telematics_command',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'vehicle_id', type: 'integer' },
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'params', type: 'varchar', length: '255', isNullable: true },
        { name: 'idempotency_key', type: 'varchar', length: '64', isNullable: true },
        { name: 'state', type: 'varchar', length: '16' },
        { name: 'attempts', type: 'integer', default: 0 },
        { name: 'failure_code', type: 'varchar', length: '32', isNullable: true },
        { name: 'failure_message', type: 'varchar', length: '255', isNullable: true },
        { name: 'lock_state', type: 'varchar', length: '16', isNullable: true },
        { name: 'requested_by', type: 'integer', isNullable: true },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'deadline_at', type: 'datetime', precision: 3 },
        { name: 'updated_at', type: 'datetime', precision: 3 },
      ],
      uniques: [{ name: 'uq_telematics_command_key', columnNames: ['vehicle_id', 'idempotency_key'] }],
      checks: [
        { name: 'ck_telematics_command_state', expression: "state IN ('pending','sent','acknowledged','confirmed','failed','expired')" },
        { name: 'ck_telematics_command_kind', expression: "kind IN ('lock','unlock','locate','track')" },
      ],
    }));
    await q.createIndex('telematics_command', new TableIndex({
      name: 'idx_telematics_command_vehicle', columnNames: ['vehicle_id', 'created_at'],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('telematics_command');
    await q.dropTable('telematics_position');
  }
}
