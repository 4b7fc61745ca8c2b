import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * 违章 (#21 item 3): traffic violations imported from the supplier or Excel, with whom they were matched
 * (trip's car or time-share rental) or assigned to. The decision number is unique: importing twice
 * writes once.
 */
export class Violations1766800001000 implements MigrationInterface {
  name = 'Violations1766800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'violation',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'archive_no', type: 'varchar', length: '64' },
        { name: 'plate', type: 'varchar', length: '16' },
        { name: 'vehicle_id', type: 'integer', isNullable: true },
        { name: 'owner_unit_id', type: 'integer', isNullable: true },
        { name: 'occurred_at', type: 'datetime' },
        { name: 'place', type: 'varchar', length: '200' },
        { name: 'lat', type: 'double', isNullable: true },
        { name: 'lng', type: 'double', isNullable: true },
        { name: 'act', type: 'varchar', length: '200' },
        { name: 'code', type: 'varchar', length: '16' },
        { name: 'fine_fen', type: 'integer' },
        { name: 'points', type: 'integer' },
        { name: 'source', type: 'varchar', length: '16' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'match_kind', type: 'varchar', length: '16', isNullable: true },
        { name: 'trip_id', type: 'integer', isNullable: true },
        { name: 'assignment_id', type: 'integer', isNullable: true },
        { name: 'rental_id', type: 'integer', isNullable: true },
        { name: 'user_id', type: 'integer', isNullable: true },
        { name: 'user_name', type: 'varchar', length: '64', isNullable: true },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'reason', type: 'varchar', length: '300' },
        { name: 'imported_at', type: 'datetime' },
        { name: 'updated_at', type: 'datetime' },
      ],
      indices: [
        { name: 'ux_violation_archive_no', columnNames: ['archive_no'], isUnique: true },
        { name: 'ix_violation_user', columnNames: ['user_id'] },
        { name: 'ix_violation_unit_status', columnNames: ['unit_id', 'status'] },
        { name: 'ix_violation_region', columnNames: ['region_code'] },
      ],
      checks: [{ name: 'ck_violation_money', expression: 'fine_fen >= 0 AND points >= 0' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('violation');
  }
}
