import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import { LedgerService } from './ledger.service';

export interface LedgerModule {
  ledger: LedgerService;
}

/** The ledger has no routes of its own: payments and settlement post to it, and read balances. */
export function createLedgerModule(deps: { db: Database; clock: Clock }): LedgerModule {
  return { ledger: new LedgerService(deps.db, deps.clock) };
}
