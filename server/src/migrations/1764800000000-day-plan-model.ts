import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * 调整方案: a day plan keeps what its solver was given (trips, cars with drivers, their positions, the
 * rules' parameters) so that a dispatcher's adjustment is checked by the same rules and costed the
 * same way. Apart from result_json, so listing plans does not read it. Null for plans made before:
 * those cannot be adjusted.
 */
export class DayPlanModel1764800000000 implements MigrationInterface {
  name = 'DayPlanModel1764800000000';

  async up(q: QueryRunner): Promise<void> {
    const big = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb' ? 'mediumtext' : 'text';
    await q.addColumn('day_plan', new TableColumn({ name: 'model_json', type: big, isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('day_plan', 'model_json');
  }
}
