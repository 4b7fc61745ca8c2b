export { LedgerEntities, LedgerEntryEntity, LedgerJournalEntity } from './ledger.entity';
export { LedgerService } from './ledger.service';
export type { PostResult } from './ledger.service';
export {
  accounts, assertBalanced, balancesOf, chargeJournal, journalKinds, paymentJournal, periodOf, refundJournal,
  settlementPaymentJournal,
} from './ledger.rules';
export type { JournalDraft, JournalKind, Posting } from './ledger.rules';
