import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };

/** 事务审批中心 (chains per unit and kind, requests, decision history) and 站内消息. */
export class ApprovalsMessages1764500000000 implements MigrationInterface {
  name = 'ApprovalsMessages1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'approval_chain',
      columns: [
        id,
        { name: 'unit_id', type: 'integer', isNullable: true },
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'variant', type: 'varchar', length: '32' },
        { name: 'level', type: 'integer' },
        { name: 'approver_role', type: 'varchar', length: '32' },
        { name: 'approver_user_id', type: 'integer', isNullable: true },
      ],
      uniques: [{ name: 'uq_approval_chain_level', columnNames: ['unit_id', 'kind', 'variant', 'level'] }],
      foreignKeys: [
        { columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['approver_user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] },
      ],
      checks: [{ name: 'ck_approval_chain_level', expression: 'level >= 1' }],
    }));
    // Defaults for every unit (unit_id NULL); a unit's own rows replace them. In-city trips: one level;
    // out-of-city: approver, then a second approver (unit head); emergency 补单: one level.
    const defaults: Array<[string, number]> = [['in_city', 1], ['out_of_city', 1], ['out_of_city', 2], ['emergency', 1]];
    for (const [variant, level] of defaults) {
      await q.query('INSERT INTO approval_chain (unit_id, kind, variant, level, approver_role, approver_user_id) VALUES (NULL, ?, ?, ?, ?, NULL)', ['trip', variant, level, 'approver']);
    }
    await q.createTable(new Table({
      name: 'approval_request',
      columns: [
        id,
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'variant', type: 'varchar', length: '32' },
        { name: 'subject_id', type: 'integer' },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'applicant_id', type: 'integer' },
        { name: 'applicant_name', type: 'varchar', length: '64' },
        { name: 'title', type: 'varchar', length: '200' },
        { name: 'summary', type: 'varchar', length: '500' },
        { name: 'amount_fen', type: 'integer', isNullable: true },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'round', type: 'integer', default: 1 },
        { name: 'level', type: 'integer', default: 1 },
        { name: 'levels', type: 'integer' },
        { name: 'submitted_at', type: 'datetime', precision: 3 },
        { name: 'decided_at', type: 'datetime', precision: 3, isNullable: true },
      ],
      uniques: [{ name: 'uq_approval_request_subject', columnNames: ['kind', 'subject_id'] }],
      indices: [{ name: 'ix_approval_request_unit_status', columnNames: ['unit_id', 'status'] }],
      foreignKeys: [{ columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] }],
      checks: [{ name: 'ck_approval_request_status', expression: "status IN ('pending','approved','rejected','returned','withdrawn')" }],
    }));
    await q.createTable(new Table({
      name: 'approval_decision',
      columns: [
        id,
        { name: 'request_id', type: 'integer' },
        { name: 'round', type: 'integer' },
        { name: 'level', type: 'integer' },
        { name: 'action', type: 'varchar', length: '16' },
        { name: 'decider_id', type: 'integer' },
        { name: 'decider_name', type: 'varchar', length: '64' },
        { name: 'comment', type: 'varchar', length: '200' },
        { name: 'at', type: 'datetime', precision: 3 },
      ],
      // One decision per level per round: a second "approve" of the same level cannot be written.
      uniques: [{ name: 'uq_approval_decision_level', columnNames: ['request_id', 'round', 'level'] }],
      indices: [{ name: 'ix_approval_decision_decider', columnNames: ['decider_id'] }],
      foreignKeys: [{ columnNames: ['request_id'], referencedTableName: 'approval_request', referencedColumnNames: ['id'] }],
    }));
    await q.createTable(new Table({
      name: 'user_message',
      columns: [
        id,
        { name: 'user_id', type: 'integer' },
        { name: 'title', type: 'varchar', length: '64' },
        { name: 'body', type: 'varchar', length: '500' },
        { name: 'page', type: 'varchar', length: '200' },
        { name: 'read_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
      indices: [{ name: 'ix_user_message_user', columnNames: ['user_id', 'read_at'] }],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'] }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['user_message', 'approval_decision', 'approval_request', 'approval_chain']) await q.dropTable(t);
  }
}
