import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Supervision (#18): warnings with the actions of their loop, per-region rule switches, the holiday
 * calendar (nationwide or per unit), and the trip facts the data pool sums.
 */
export class Supervision1765500000000 implements MigrationInterface {
  name = 'Supervision1765500000000';

  async up(q: QueryRunner): Promise<void> {
    const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
    await q.createTable(new Table({
      name: 'supervision_warning',
      columns: [
        id,
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'grade', type: 'varchar', length: '8' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'dedupe_key', type: 'varchar', length: '128', isUnique: true },
        { name: 'vehicle_id', type: 'integer', isNullable: true },
        { name: 'plate', type: 'varchar', length: '16', isNullable: true },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'trip_id', type: 'integer', isNullable: true },
        { name: 'title', type: 'varchar', length: '128' },
        { name: 'detail', type: 'varchar', length: '500' },
        { name: 'occurred_at', type: 'datetime' },
        { name: 'raised_at', type: 'datetime' },
        { name: 'updated_at', type: 'datetime' },
        { name: 'published_to', type: 'varchar', length: '9', isNullable: true },
      ],
    }));
    await q.createIndex('supervision_warning', new TableIndex({ name: 'idx_supervision_warning_region', columnNames: ['region_code', 'raised_at'] }));
    await q.createIndex('supervision_warning', new TableIndex({ name: 'idx_supervision_warning_vehicle', columnNames: ['vehicle_id', 'kind', 'raised_at'] }));
    await q.createTable(new Table({
      name: 'supervision_warning_action',
      columns: [
        id,
        { name: 'warning_id', type: 'integer' },
        { name: 'action', type: 'varchar', length: '16' },
        { name: 'actor_id', type: 'integer', isNullable: true },
        { name: 'actor_name', type: 'varchar', length: '64' },
        { name: 'note', type: 'varchar', length: '500' },
        { name: 'evidence_json', type: 'text' },
        { name: 'trip_id', type: 'integer', isNullable: true },
        { name: 'at', type: 'datetime' },
      ],
      foreignKeys: [{ columnNames: ['warning_id'], referencedTableName: 'supervision_warning', referencedColumnNames: ['id'] }],
    }));
    await q.createIndex('supervision_warning_action', new TableIndex({ name: 'idx_supervision_action_warning', columnNames: ['warning_id'] }));
    await q.createTable(new Table({
      name: 'supervision_rule_switch',
      columns: [
        id,
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'enabled', type: 'boolean' },
        { name: 'changed_by', type: 'integer' },
        { name: 'changed_at', type: 'datetime' },
      ],
      uniques: [{ name: 'uq_supervision_rule_switch', columnNames: ['kind', 'region_code'] }],
    }));
    await q.createTable(new Table({
      name: 'supervision_holiday',
      columns: [
        id,
        { name: 'unit_id', type: 'integer', isNullable: true },
        { name: 'day', type: 'varchar', length: '10' },
        { name: 'kind', type: 'varchar', length: '8' },
        { name: 'name', type: 'varchar', length: '32' },
      ],
    }));
    await q.createIndex('supervision_holiday', new TableIndex({ name: 'idx_supervision_holiday_day', columnNames: ['day'] }));
    await q.createTable(new Table({
      name: 'supervision_trip_fact',
      columns: [
        { name: 'trip_id', type: 'integer', isPrimary: true },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'day', type: 'varchar', length: '10' },
        { name: 'cars', type: 'integer' },
        { name: 'distance_hm', type: 'integer' },
        { name: 'cost_fen', type: 'integer' },
      ],
    }));
    await q.createIndex('supervision_trip_fact', new TableIndex({ name: 'idx_supervision_trip_fact_region', columnNames: ['region_code', 'day'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['supervision_trip_fact', 'supervision_holiday', 'supervision_rule_switch', 'supervision_warning_action', 'supervision_warning']) await q.dropTable(t);
  }
}
