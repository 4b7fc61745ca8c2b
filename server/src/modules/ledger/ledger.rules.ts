import { LedgerErrorCode } from '@shared/ledger/ledger.errors';
import { shanghaiMonth } from '@shared/common/time';
import { ValidationError } from '../../platform/errors';

/**
 * Double entry in integer fen, as pure rules. Convention: a posting's amount is signed, debit
 * positive and credit negative; every journal sums to zero. Read balances so:
 * - `unit:<id>:payable` carries a debit balance: what the unit owes for orders billed to it;
 * - `company:<id>:receivable` carries a credit balance: what the company is owed;
 * - `wechat:clearing` carries a debit balance: money collected through WeChat Pay not yet refunded;
 * - `person:<id>` carries a credit balance: what a person has paid in (personal use, deposits).
 */
export interface Posting {
  account: string;
  amountFen: number;
}

export const journalKinds = ['payment', 'refund', 'charge', 'charge_correction', 'settlement_payment'] as const;
export type JournalKind = (typeof journalKinds)[number];

export interface JournalDraft {
  kind: JournalKind;
  /** Unique per kind: posting the same (kind, reference) twice is refused by a unique key. */
  reference: string;
  occurredAt: Date;
  memo: string;
  postings: Posting[];
}

export const accounts = {
  unitPayable: (unitId: number) => `unit:${unitId}:payable`,
  companyReceivable: (companyId: number) => `company:${companyId}:receivable`,
  wechatClearing: 'wechat:clearing',
  person: (userId: number) => `person:${userId}`,
};

/** `2026-03`: the accounting month, in Asia/Shanghai (DOMAIN.md §6 settles monthly, local time). */
export function periodOf(at: Date): string {
  return shanghaiMonth(at);
}

/** Throws unless the postings are whole fen, non-zero, on at least two accounts and sum to zero. */
export function assertBalanced(draft: Pick<JournalDraft, 'kind' | 'reference' | 'postings'>): void {
  const { postings } = draft;
  const bad = postings.find((p) => !Number.isSafeInteger(p.amountFen) || p.amountFen === 0 || !p.account);
  const sum = postings.reduce((s, p) => s + p.amountFen, 0);
  if (postings.length < 2 || bad || sum !== 0) {
    throw new ValidationError(LedgerErrorCode.LEDGER_UNBALANCED, `分录 ${draft.kind}/${draft.reference} 借贷不平衡或金额无效（合计 ${sum} 分）`);
  }
}

function journal(kind: JournalKind, reference: string, occurredAt: Date, memo: string, postings: Posting[]): JournalDraft {
  const draft = { kind, reference, occurredAt, memo, postings };
  assertBalanced(draft);
  return draft;
}

/** A person paid through WeChat Pay: the money sits in clearing, owed to the person's purpose. */
export function paymentJournal(p: { transactionId: string; payerUserId: number; amountFen: number; paidAt: Date; outTradeNo: string }): JournalDraft {
  return journal('payment', p.transactionId, p.paidAt, `微信支付 ${p.outTradeNo}`, [
    { account: accounts.wechatClearing, amountFen: p.amountFen },
    { account: accounts.person(p.payerUserId), amountFen: -p.amountFen },
  ]);
}

/** Money returned to the person through WeChat Pay. */
export function refundJournal(p: { outRefundNo: string; payerUserId: number; amountFen: number; refundedAt: Date; outTradeNo: string }): JournalDraft {
  return journal('refund', p.outRefundNo, p.refundedAt, `微信退款 ${p.outRefundNo}（原订单 ${p.outTradeNo}）`, [
    { account: accounts.person(p.payerUserId), amountFen: p.amountFen },
    { account: accounts.wechatClearing, amountFen: -p.amountFen },
  ]);
}

/**
 * An order billed to a unit (or a correction of one; the amount may be negative): the unit owes,
 * the company is owed. A correction never edits the first journal, it adds one.
 */
export function chargeJournal(p: { kind?: 'charge' | 'charge_correction'; reference: string; unitId: number; companyId: number; amountFen: number; at: Date; memo: string }): JournalDraft {
  return journal(p.kind ?? 'charge', p.reference, p.at, p.memo, [
    { account: accounts.unitPayable(p.unitId), amountFen: p.amountFen },
    { account: accounts.companyReceivable(p.companyId), amountFen: -p.amountFen },
  ]);
}

/** A paid statement: each unit's subtotal leaves its payable and clears the company's receivable. */
export function settlementPaymentJournal(p: { statementId: number; companyId: number; unitSubtotals: ReadonlyMap<number, number>; paidAt: Date; paymentReference: string }): JournalDraft | null {
  const postings: Posting[] = [];
  let total = 0;
  for (const [unitId, fen] of [...p.unitSubtotals].sort((a, b) => a[0] - b[0])) {
    if (fen === 0) continue;
    postings.push({ account: accounts.unitPayable(unitId), amountFen: -fen });
    total += fen;
  }
  if (total !== 0) postings.push({ account: accounts.companyReceivable(p.companyId), amountFen: total });
  if (postings.length === 0) return null;
  return journal('settlement_payment', `statement:${p.statementId}`, p.paidAt, `结算付款 ${p.paymentReference}`, postings);
}

/** Balances by account from postings (pure; the repository does the same in SQL). */
export function balancesOf(postings: Iterable<Posting>): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of postings) out.set(p.account, (out.get(p.account) ?? 0) + p.amountFen);
  return out;
}
