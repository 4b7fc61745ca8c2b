import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };

/** The double-entry ledger (DOMAIN.md §6): journals and their entries, append-only. */
export class Ledger1764300000000 implements MigrationInterface {
  name = 'Ledger1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'ledger_journal',
      columns: [
        id,
        { name: 'kind', type: 'varchar', length: '32' },
        { name: 'reference', type: 'varchar', length: '96' },
        { name: 'period', type: 'varchar', length: '7' },
        { name: 'occurred_at', type: 'datetime', precision: 3 },
        { name: 'memo', type: 'varchar', length: '255' },
        { name: 'created_at', type: 'datetime', precision: 3 },
      ],
      uniques: [{ name: 'uq_ledger_journal_kind_reference', columnNames: ['kind', 'reference'] }],
      indices: [{ name: 'ix_ledger_journal_period', columnNames: ['period'] }],
    }));
    await q.createTable(new Table({
      name: 'ledger_entry',
      columns: [
        id,
        { name: 'journal_id', type: 'integer' },
        { name: 'account', type: 'varchar', length: '96' },
        { name: 'amount_fen', type: 'integer' },
        { name: 'period', type: 'varchar', length: '7' },
      ],
      foreignKeys: [{ columnNames: ['journal_id'], referencedTableName: 'ledger_journal', referencedColumnNames: ['id'] }],
      indices: [{ name: 'ix_ledger_entry_account_period', columnNames: ['account', 'period'] }],
      checks: [{ name: 'ck_ledger_entry_nonzero', expression: 'amount_fen <> 0' }],
    }));
    // Append-only, enforced by the database as well: an UPDATE of a posted row fails.
    const mysql = q.connection.driver.options.type === 'mysql';
    for (const table of ['ledger_journal', 'ledger_entry']) {
      if (mysql) {
        await q.query(`CREATE TRIGGER trg_${table}_no_update BEFORE UPDATE ON ${table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger is append-only'`);
      } else {
        await q.query(`CREATE TRIGGER trg_${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END`);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ledger_journal', 'ledger_entry']) await q.query(`DROP TRIGGER IF EXISTS trg_${table}_no_update`);
    await q.dropTable('ledger_entry');
    await q.dropTable('ledger_journal');
  }
}
