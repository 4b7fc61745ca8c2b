import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Who holds a pending approval's current level (#14 item 4): resolved when the request is submitted or
 * moves to its next level — the unit's own approvers, else the fallback policy's (a parent unit's, the
 * region's supervision office) — so the applicant can see who holds it and a fallback holder outside
 * the request's unit finds it in their inbox. Rows are replaced at each level; a decided request has none.
 */
export class ApprovalHolders1765100000000 implements MigrationInterface {
  name = 'ApprovalHolders1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'approval_holder',
      columns: [
        { name: 'request_id', type: 'integer', isPrimary: true },
        { name: 'user_id', type: 'integer', isPrimary: true },
        { name: 'round', type: 'integer' },
        { name: 'level', type: 'integer' },
        { name: 'unit_id', type: 'integer' },
        { name: 'via', type: 'varchar', length: '16' },
      ],
      indices: [{ name: 'ix_approval_holder_user', columnNames: ['user_id'] }],
      foreignKeys: [
        { columnNames: ['request_id'], referencedTableName: 'approval_request', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        { columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] },
        { columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
      ],
      checks: [{ name: 'ck_approval_holder_via', expression: "via IN ('named','unit','parent_unit','region_office')" }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('approval_holder');
  }
}
