import type { EntityManager } from 'typeorm';
import type { Clock } from '../../platform/clock';
import { LedgerRepository, AccountBalance } from './ledger.repository';
import { assertBalanced, JournalDraft } from './ledger.rules';

export interface PostResult {
  journalId: number;
  /** false when this (kind, reference) was already posted: posting is idempotent. */
  created: boolean;
}

/**
 * Posts balanced journals inside the caller's transaction (the change and its money move commit
 * together) and answers balance questions. Entries are never edited: a correction is a new journal.
 */
export class LedgerService {
  constructor(private readonly clock: Clock, private readonly repo = new LedgerRepository()) {}

  async post(em: EntityManager, draft: JournalDraft): Promise<PostResult> {
    assertBalanced(draft);
    const existing = await this.repo.findJournal(em, draft.kind, draft.reference);
    if (existing) return { journalId: existing.id, created: false };
    const journal = await this.repo.insertJournal(em, draft, this.clock.now());
    return { journalId: journal.id, created: true };
  }

  balances(em: EntityManager, prefix: string, period?: string): Promise<AccountBalance[]> {
    return this.repo.balances(em, prefix, period);
  }

  async balance(em: EntityManager, account: string, period?: string): Promise<number> {
    const rows = await this.repo.balances(em, account, period);
    return rows.find((r) => r.account === account)?.balanceFen ?? 0;
  }

  trialSum(em: EntityManager, period?: string): Promise<{ sumFen: number; entries: number }> {
    return this.repo.trialSum(em, period);
  }

  unbalancedJournalIds(em: EntityManager): Promise<number[]> {
    return this.repo.unbalancedJournalIds(em);
  }
}
