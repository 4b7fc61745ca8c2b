import { EntitySchema } from 'typeorm';
import type { JournalKind } from './ledger.rules';

/** Append-only: rows are inserted, never updated or deleted (a trigger refuses updates). */
export interface LedgerJournalRow {
  id: number;
  kind: JournalKind;
  reference: string;
  period: string;
  occurredAt: Date;
  memo: string;
  createdAt: Date;
}

export interface LedgerEntryRow {
  id: number;
  journalId: number;
  account: string;
  amountFen: number;
  period: string;
}

export const LedgerJournalEntity = new EntitySchema<LedgerJournalRow>({
  name: 'LedgerJournal', tableName: 'ledger_journal',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    kind: { type: 'varchar', length: 32 },
    reference: { type: 'varchar', length: 96 },
    period: { type: 'varchar', length: 7 },
    occurredAt: { name: 'occurred_at', type: 'datetime', precision: 3 },
    memo: { type: 'varchar', length: 255 },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
  },
});

export const LedgerEntryEntity = new EntitySchema<LedgerEntryRow>({
  name: 'LedgerEntry', tableName: 'ledger_entry',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    journalId: { name: 'journal_id', type: 'integer' },
    account: { type: 'varchar', length: 96 },
    amountFen: { name: 'amount_fen', type: 'integer' },
    period: { type: 'varchar', length: 7 },
  },
});

export const LedgerEntities = [LedgerJournalEntity, LedgerEntryEntity];
