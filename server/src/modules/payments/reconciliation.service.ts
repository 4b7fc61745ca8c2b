import { PaymentErrorCode as E, Reconciliation } from '@shared/payments/payments.schemas';
import { NotFoundError, ValidationError } from '../../platform/errors';
import { formatShanghai } from '@shared/common/time';
import type { Actor } from '../../platform/data-scope';
// The merchant's daily bill is the platform's, not a unit's: any finance role reconciles and reads the runs.
import { assertFinance } from '../../platform/access';
import { PaymentsRepository } from './payments.repository';
import type { PaymentsDeps } from './payments.service';
import { beijingDayBounds, matchTradeBill, OurRecord, tradeBillReadyAt } from './reconciliation.rules';

/**
 * Daily reconciliation (DOMAIN.md §6): the trade bill of day T (ready after 10:00 on T+1) is
 * downloaded and matched against what we recorded as paid and refunded that Beijing day. Each
 * run is kept with its mismatches for finance to work through.
 */
export class ReconciliationService {
  private readonly repo: PaymentsRepository;

  constructor(private readonly deps: PaymentsDeps) {
    this.repo = deps.repo ?? new PaymentsRepository(deps.db);
  }

  async reconcile(actor: Actor | 'system', billDate: string): Promise<Reconciliation> {
    if (actor !== 'system') assertFinance(actor);
    const { db, gateway, clock, logger } = this.deps;
    // A bill that cannot exist yet (today's, a future day's) is the caller's mistake, not WeChat's failure (502).
    const readyAt = tradeBillReadyAt(billDate);
    if (clock.now() < readyAt) {
      const text = `${billDate} 的交易账单要到 ${formatShanghai(readyAt)} 后才能下载`;
      throw new ValidationError(E.TRADE_BILL_NOT_READY, text, [{ field: 'body.billDate', message: text }]);
    }
    const bill = await gateway.downloadTradeBill(billDate);
    const { from, to } = beijingDayBounds(billDate);
    const paid = await this.repo.paidBetween(from, to);
    const refunds = await this.repo.refundsSucceededBetween(from, to);
    const ours: OurRecord[] = [
      ...paid.map((p) => ({ recordKind: 'payment' as const, reference: p.outTradeNo, transactionId: p.transactionId, amountFen: p.amountFen })),
      ...refunds.map((r) => ({ recordKind: 'refund' as const, reference: r.outRefundNo, transactionId: r.transactionId, amountFen: r.amountFen })),
    ];
    const { matched, mismatches } = matchTradeBill(bill, ours);
    const run = await db.transaction(() => this.repo.insertRun({
      billDate, billRows: bill.length, ourRecords: ours.length, matched, mismatchCount: mismatches.length, createdAt: clock.now(),
    }, mismatches));
    if (mismatches.length) logger.warn({ billDate, runId: run.id, mismatches: mismatches.length }, 'trade bill does not match our records');
    return { id: run.id, billDate, createdAt: run.createdAt.toISOString(), billRows: bill.length, ourRecords: ours.length, matched, mismatches };
  }

  async getRun(actor: Actor, id: number): Promise<Reconciliation> {
    assertFinance(actor);
    const run = await this.repo.findRun(id);
    if (!run) throw new NotFoundError(E.PAYMENT_NOT_FOUND, `对账记录 ${id} 不存在`);
    const mismatches = await this.repo.mismatchesOf(id);
    return {
      id: run.id, billDate: run.billDate, createdAt: run.createdAt.toISOString(), billRows: run.billRows, ourRecords: run.ourRecords, matched: run.matched,
      mismatches: mismatches.map((m) => ({ kind: m.kind, recordKind: m.recordKind, reference: m.reference, transactionId: m.transactionId, ourAmountFen: m.ourAmountFen, billAmountFen: m.billAmountFen })),
    };
  }
}
