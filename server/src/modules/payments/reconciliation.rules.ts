import type { ReconciliationMismatch } from '@shared/payments/payments.schemas';
import { shanghaiDayBounds } from '@shared/common/time';
import type { TradeBillRow } from './payment.gateway';

export interface OurRecord {
  recordKind: 'payment' | 'refund';
  /** out_trade_no for payments, out_refund_no for refunds. */
  reference: string;
  transactionId: string | null;
  amountFen: number;
}

/**
 * Matches the day's trade bill against our records (pure). Payments match by out_trade_no,
 * refunds by out_refund_no; each side's leftovers and every amount difference are listed.
 */
export function matchTradeBill(bill: TradeBillRow[], ours: OurRecord[]): { matched: number; mismatches: ReconciliationMismatch[] } {
  const key = (kind: string, ref: string) => `${kind}:${ref}`;
  const billByKey = new Map<string, TradeBillRow>();
  for (const row of bill) billByKey.set(key(row.kind, row.kind === 'refund' ? row.outRefundNo ?? '' : row.outTradeNo), row);
  const mismatches: ReconciliationMismatch[] = [];
  let matched = 0;
  const seen = new Set<string>();
  for (const rec of ours) {
    const k = key(rec.recordKind, rec.reference);
    seen.add(k);
    const row = billByKey.get(k);
    if (!row) {
      mismatches.push({ kind: 'missing', recordKind: rec.recordKind, reference: rec.reference, transactionId: rec.transactionId, ourAmountFen: rec.amountFen, billAmountFen: null });
    } else if (row.amountFen !== rec.amountFen) {
      mismatches.push({ kind: 'amount_differs', recordKind: rec.recordKind, reference: rec.reference, transactionId: row.transactionId, ourAmountFen: rec.amountFen, billAmountFen: row.amountFen });
    } else {
      matched += 1;
    }
  }
  for (const [k, row] of billByKey) {
    if (seen.has(k)) continue;
    const reference = row.kind === 'refund' ? row.outRefundNo ?? '' : row.outTradeNo;
    mismatches.push({ kind: 'extra', recordKind: row.kind, reference, transactionId: row.transactionId, ourAmountFen: null, billAmountFen: row.amountFen });
  }
  return { matched, mismatches };
}

/** The UTC instants bounding a Beijing calendar day `YYYY-MM-DD`. */
export function beijingDayBounds(billDate: string): { from: Date; to: Date } {
  return shanghaiDayBounds(billDate);
}

/** WeChat Pay makes day T's trade bill after 10:00 Beijing time on T+1 (交易账单 API): before that it cannot exist. */
export function tradeBillReadyAt(billDate: string): Date {
  return new Date(beijingDayBounds(billDate).to.getTime() + 10 * 3600_000);
}
