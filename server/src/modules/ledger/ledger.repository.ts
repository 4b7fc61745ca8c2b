import type { Database } from '../../platform/db/database';
import { LedgerEntryEntity, LedgerEntryRow, LedgerJournalEntity, LedgerJournalRow } from './ledger.entity';
import { JournalDraft, JournalKind, periodOf } from './ledger.rules';

export interface AccountBalance {
  account: string;
  balanceFen: number;
}

/** The only code that touches ledger tables. It can insert and read; it has no update or delete. */
export class LedgerRepository {
  constructor(private readonly db: Pick<Database, 'manager'>) {}

  /** The current unit of work's manager (or the database's outside one). */
  private get em() {
    return this.db.manager;
  }

  async findJournal(kind: JournalKind, reference: string): Promise<LedgerJournalRow | null> {
    return this.em.getRepository(LedgerJournalEntity).findOne({ where: { kind, reference } });
  }

  async insertJournal(draft: JournalDraft, now: Date): Promise<LedgerJournalRow> {
    const em = this.em;
    const period = periodOf(draft.occurredAt);
    const journal = await em.getRepository(LedgerJournalEntity).save({
      kind: draft.kind, reference: draft.reference, period, occurredAt: draft.occurredAt, memo: draft.memo.slice(0, 255), createdAt: now,
    });
    await em.getRepository(LedgerEntryEntity).insert(
      draft.postings.map((p) => ({ journalId: journal.id, account: p.account, amountFen: p.amountFen, period })),
    );
    return journal;
  }

  async entriesOf(journalId: number): Promise<LedgerEntryRow[]> {
    return this.em.getRepository(LedgerEntryEntity).find({ where: { journalId }, order: { id: 'ASC' } });
  }

  /** Balances of accounts starting with `prefix` (e.g. `unit:12:`), optionally for one month. */
  async balances(prefix: string, period?: string): Promise<AccountBalance[]> {
    const qb = this.em.getRepository(LedgerEntryEntity).createQueryBuilder('e')
      .select('e.account', 'account').addSelect('SUM(e.amountFen)', 'balance')
      .where('e.account LIKE :prefix', { prefix: `${prefix}%` })
      .groupBy('e.account').orderBy('e.account', 'ASC');
    if (period) qb.andWhere('e.period = :period', { period });
    const rows = await qb.getRawMany<{ account: string; balance: string | number | null }>();
    return rows.map((r) => ({ account: r.account, balanceFen: Number(r.balance ?? 0) }));
  }

  /** Sum over every entry (of a month): zero when the books balance. */
  async trialSum(period?: string): Promise<{ sumFen: number; entries: number }> {
    const qb = this.em.getRepository(LedgerEntryEntity).createQueryBuilder('e')
      .select('COALESCE(SUM(e.amountFen), 0)', 'sum').addSelect('COUNT(*)', 'n');
    if (period) qb.where('e.period = :period', { period });
    const row = await qb.getRawOne<{ sum: string | number; n: string | number }>();
    return { sumFen: Number(row?.sum ?? 0), entries: Number(row?.n ?? 0) };
  }

  /** Journals whose own entries do not sum to zero (should be none). */
  async unbalancedJournalIds(): Promise<number[]> {
    const rows = await this.em.getRepository(LedgerEntryEntity).createQueryBuilder('e')
      .select('e.journalId', 'id').groupBy('e.journalId').having('SUM(e.amountFen) <> 0')
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }
}
