import type { EntityManager } from 'typeorm';
import { LedgerEntryEntity, LedgerEntryRow, LedgerJournalEntity, LedgerJournalRow } from './ledger.entity';
import { JournalDraft, JournalKind, periodOf } from './ledger.rules';

export interface AccountBalance {
  account: string;
  balanceFen: number;
}

/** The only code that touches ledger tables. It can insert and read; it has no update or delete. */
export class LedgerRepository {
  async findJournal(em: EntityManager, kind: JournalKind, reference: string): Promise<LedgerJournalRow | null> {
    return em.getRepository(LedgerJournalEntity).findOne({ where: { kind, reference } });
  }

  async insertJournal(em: EntityManager, draft: JournalDraft, now: Date): Promise<LedgerJournalRow> {
    const period = periodOf(draft.occurredAt);
    const journal = await em.getRepository(LedgerJournalEntity).save({
      kind: draft.kind, reference: draft.reference, period, occurredAt: draft.occurredAt, memo: draft.memo.slice(0, 255), createdAt: now,
    });
    await em.getRepository(LedgerEntryEntity).insert(
      draft.postings.map((p) => ({ journalId: journal.id, account: p.account, amountFen: p.amountFen, period })),
    );
    return journal;
  }

  async entriesOf(em: EntityManager, journalId: number): Promise<LedgerEntryRow[]> {
    return em.getRepository(LedgerEntryEntity).find({ where: { journalId }, order: { id: 'ASC' } });
  }

  /** Balances of accounts starting with `prefix` (e.g. `unit:12:`), optionally for one month. */
  async balances(em: EntityManager, prefix: string, period?: string): Promise<AccountBalance[]> {
    const qb = em.getRepository(LedgerEntryEntity).createQueryBuilder('e')
      .select('e.account', 'account').addSelect('SUM(e.amountFen)', 'balance')
      .where('e.account LIKE :prefix', { prefix: `${prefix}%` })
      .groupBy('e.account').orderBy('e.account', 'ASC');
    if (period) qb.andWhere('e.period = :period', { period });
    const rows = await qb.getRawMany<{ account: string; balance: string | number | null }>();
    return rows.map((r) => ({ account: r.account, balanceFen: Number(r.balance ?? 0) }));
  }

  /** Sum over every entry (of a month): zero when the books balance. */
  async trialSum(em: EntityManager, period?: string): Promise<{ sumFen: number; entries: number }> {
    const qb = em.getRepository(LedgerEntryEntity).createQueryBuilder('e')
      .select('COALESCE(SUM(e.amountFen), 0)', 'sum').addSelect('COUNT(*)', 'n');
    if (period) qb.where('e.period = :period', { period });
    const row = await qb.getRawOne<{ sum: string | number; n: string | number }>();
    return { sumFen: Number(row?.sum ?? 0), entries: Number(row?.n ?? 0) };
  }

  /** Journals whose own entries do not sum to zero (should be none). */
  async unbalancedJournalIds(em: EntityManager): Promise<number[]> {
    const rows = await em.getRepository(LedgerEntryEntity).createQueryBuilder('e')
      .select('e.journalId', 'id').groupBy('e.journalId').having('SUM(e.amountFen) <> 0')
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }
}
