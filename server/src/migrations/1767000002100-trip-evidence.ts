import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * #21 item 2 for official trips: the photos of the car's four sides the driver takes at 出车 and 回场,
 * each on the trip's assignment with the terminal's state at that moment (odometer, doors, ignition,
 * position, charge where known) and a time — the columns rental_evidence has.
 */
export class TripEvidence1767000002100 implements MigrationInterface {
  name = 'TripEvidence1767000002100';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    await q.createTable(new Table({
      name: 'trip_evidence',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'assignment_id', type: 'integer' },
        { name: 'trip_id', type: 'integer' },
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
      indices: [
        { name: 'ux_trip_evidence_side', columnNames: ['assignment_id', 'stage', 'side'], isUnique: true },
        { name: 'ix_trip_evidence_trip', columnNames: ['trip_id'] },
      ],
      foreignKeys: [
        { columnNames: ['assignment_id'], referencedTableName: 'trip_assignment', referencedColumnNames: ['id'] },
        { columnNames: ['trip_id'], referencedTableName: 'trip', referencedColumnNames: ['id'] },
      ],
      checks: [
        { name: 'ck_trip_evidence_size', expression: 'size_bytes > 0' },
        { name: 'ck_trip_evidence_stage', expression: "stage IN ('depart', 'return')" },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('trip_evidence');
  }
}
