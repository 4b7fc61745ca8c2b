export { LedgerService } from './ledger.service';
export type { AccountBalance, PostResult } from './ledger.service';
export { createLedgerModule } from './ledger.module';
export type { LedgerModule } from './ledger.module';
export {
  accounts, assertBalanced, balancesOf, chargeJournal, journalKinds, paymentJournal, periodOf, refundJournal,
  settlementPaymentJournal,
} from './ledger.rules';
export type { JournalDraft, JournalKind, Posting } from './ledger.rules';
