import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * 排班方案: day plans of a dispatcher's unit, with the computed plan as JSON (a 1,000-trip day is ~300 KB).
 * created_by_id is null for the plans the nightly job makes.
 */
export class DayPlans1764700000000 implements MigrationInterface {
  name = 'DayPlans1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const big = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb' ? 'mediumtext' : 'text';
    await q.createTable(new Table({
      name: 'day_plan',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'unit_id', type: 'integer' },
        { name: 'date', type: 'varchar', length: '10' },
        { name: 'mode', type: 'varchar', length: '16' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'created_by_id', type: 'integer', isNullable: true },
        { name: 'created_by_name', type: 'varchar', length: '64' },
        { name: 'created_at', type: 'datetime', precision: 3 },
        { name: 'finished_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'message', type: 'varchar', length: '300', isNullable: true },
        { name: 'result_json', type: big, isNullable: true },
        { name: 'applied_json', type: big, isNullable: true },
      ],
      indices: [{ name: 'ix_day_plan_unit_date', columnNames: ['unit_id', 'date'] }],
      foreignKeys: [
        { columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['created_by_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('day_plan');
  }
}
