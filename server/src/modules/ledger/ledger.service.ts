import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import { LedgerRepository, AccountBalance } from './ledger.repository';
import { assertBalanced, JournalDraft } from './ledger.rules';

export interface PostResult {
  journalId: number;
  /** false when this (kind, reference) was already posted: posting is idempotent. */
  created: boolean;
}

export type { AccountBalance };

/**
 * Posts balanced journals in the caller's unit of work (the change and its money move commit
 * together; a post outside one is a transaction of its own) and answers balance questions.
 * Entries are never edited: a correction is a new journal.
 */
export class LedgerService {
  constructor(private readonly db: Pick<Database, 'transaction' | 'manager'>, private readonly clock: Clock, private readonly repo = new LedgerRepository(db)) {}

  post(draft: JournalDraft): Promise<PostResult> {
    assertBalanced(draft);
    return this.db.transaction(async () => {
      const existing = await this.repo.findJournal(draft.kind, draft.reference);
      if (existing) return { journalId: existing.id, created: false };
      const journal = await this.repo.insertJournal(draft, this.clock.now());
      return { journalId: journal.id, created: true };
    });
  }

  balances(prefix: string, period?: string): Promise<AccountBalance[]> {
    return this.repo.balances(prefix, period);
  }

  async balance(account: string, period?: string): Promise<number> {
    const rows = await this.repo.balances(account, period);
    return rows.find((r) => r.account === account)?.balanceFen ?? 0;
  }

  trialSum(period?: string): Promise<{ sumFen: number; entries: number }> {
    return this.repo.trialSum(period);
  }

  unbalancedJournalIds(): Promise<number[]> {
    return this.repo.unbalancedJournalIds();
  }
}
