import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const createdAt = { name: 'created_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' };

/** Regions, units, users and roles (DOMAIN.md §2); vehicles and drivers (§3). */
export class IdentityFleet1764100000000 implements MigrationInterface {
  name = 'IdentityFleet1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'region',
      columns: [
        { name: 'code', type: 'varchar', length: '9', isPrimary: true },
        { name: 'name', type: 'varchar', length: '64' },
        { name: 'level', type: 'varchar', length: '16' },
        { name: 'parent_code', type: 'varchar', length: '9', isNullable: true },
      ],
      foreignKeys: [{ columnNames: ['parent_code'], referencedTableName: 'region', referencedColumnNames: ['code'] }],
      checks: [{ expression: "level IN ('province','city','county','township')" }],
    }));
    await q.createTable(new Table({
      name: 'unit',
      columns: [
        id,
        { name: 'name', type: 'varchar', length: '128' },
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'parent_id', type: 'integer', isNullable: true },
        { name: 'phone', type: 'varchar', length: '20', isNullable: true },
        createdAt,
      ],
      uniques: [{ columnNames: ['region_code', 'name'] }],
      foreignKeys: [
        { columnNames: ['region_code'], referencedTableName: 'region', referencedColumnNames: ['code'] },
        { columnNames: ['parent_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
      ],
    }));
    await q.createTable(new Table({
      name: 'app_user',
      columns: [
        id,
        { name: 'name', type: 'varchar', length: '64' },
        { name: 'phone', type: 'varchar', length: '20' },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'openid', type: 'varchar', length: '64', isNullable: true, isUnique: true },
        { name: 'status', type: 'varchar', length: '16', default: "'active'" },
        createdAt,
      ],
      foreignKeys: [
        { columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['region_code'], referencedTableName: 'region', referencedColumnNames: ['code'] },
      ],
    }));
    await q.createTable(new Table({
      name: 'user_role',
      columns: [
        { name: 'user_id', type: 'integer', isPrimary: true },
        { name: 'role', type: 'varchar', length: '32', isPrimary: true },
      ],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
    await q.createTable(new Table({
      name: 'vehicle',
      columns: [
        id,
        { name: 'plate', type: 'varchar', length: '16', isUnique: true },
        { name: 'vin', type: 'varchar', length: '17', isUnique: true },
        { name: 'brand_model', type: 'varchar', length: '64' },
        { name: 'energy_type', type: 'varchar', length: '16' },
        { name: 'displacement_ml', type: 'integer', isNullable: true },
        { name: 'price_fen', type: 'integer' },
        { name: 'seats', type: 'integer' },
        { name: 'category', type: 'varchar', length: '32' },
        { name: 'source', type: 'varchar', length: '16' },
        { name: 'owner_unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'registered_on', type: 'varchar', length: '10' },
        { name: 'odometer_hm', type: 'integer', default: 0 },
        { name: 'terminal_phone', type: 'varchar', length: '20', isNullable: true, isUnique: true },
        { name: 'device_model', type: 'varchar', length: '32', isNullable: true },
        { name: 'insurance_due', type: 'varchar', length: '10' },
        { name: 'inspection_due', type: 'varchar', length: '10' },
        { name: 'maintenance_due', type: 'varchar', length: '10', isNullable: true },
        { name: 'status', type: 'varchar', length: '16', default: "'in_use'" },
        createdAt,
      ],
      foreignKeys: [
        { columnNames: ['owner_unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['region_code'], referencedTableName: 'region', referencedColumnNames: ['code'] },
      ],
      checks: [{ expression: 'seats > 0 AND price_fen >= 0' }],
    }));
    await q.createIndex('vehicle', new TableIndex({ columnNames: ['owner_unit_id'] }));
    await q.createIndex('vehicle', new TableIndex({ columnNames: ['region_code'] }));
    await q.createTable(new Table({
      name: 'driver',
      columns: [
        id,
        { name: 'user_id', type: 'integer', isNullable: true, isUnique: true },
        { name: 'name', type: 'varchar', length: '64' },
        { name: 'phone', type: 'varchar', length: '20' },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'licence_class', type: 'varchar', length: '8' },
        { name: 'licence_expires', type: 'varchar', length: '10' },
        { name: 'status', type: 'varchar', length: '16', default: "'active'" },
        createdAt,
      ],
      foreignKeys: [
        { columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] },
        { columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['region_code'], referencedTableName: 'region', referencedColumnNames: ['code'] },
      ],
    }));
    await q.createTable(new Table({
      name: 'vehicle_quota',
      columns: [
        { name: 'unit_id', type: 'integer', isPrimary: true },
        { name: 'category', type: 'varchar', length: '32', isPrimary: true },
        { name: 'quota', type: 'integer' },
      ],
      foreignKeys: [{ columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['vehicle_quota', 'driver', 'vehicle', 'user_role', 'app_user', 'unit', 'region']) await q.dropTable(t);
  }
}
