import { Between, EntityManager, In, LessThanOrEqual } from 'typeorm';
import {
  PaymentOrderEntity, PaymentOrderRow, PaymentRefundEntity, PaymentRefundRow, ReconciliationMismatchEntity,
  ReconciliationMismatchRow, ReconciliationRunEntity, ReconciliationRunRow,
} from './payments.entity';

type Lock = { mode: 'pessimistic_write' } | undefined;

/** The only code that touches payment tables. State changes are conditional updates: they say how many rows moved. */
export class PaymentsRepository {
  insertOrder(em: EntityManager, row: Omit<PaymentOrderRow, 'id'>): Promise<PaymentOrderRow> {
    return em.getRepository(PaymentOrderEntity).save(row);
  }

  findOrder(em: EntityManager, outTradeNo: string, lock?: Lock): Promise<PaymentOrderRow | null> {
    return em.getRepository(PaymentOrderEntity).findOne({ where: { outTradeNo }, ...(lock ? { lock } : {}) });
  }

  findOrderById(em: EntityManager, id: number, lock?: Lock): Promise<PaymentOrderRow | null> {
    return em.getRepository(PaymentOrderEntity).findOne({ where: { id }, ...(lock ? { lock } : {}) });
  }

  findPendingForSource(em: EntityManager, sourceKind: string, sourceId: string, payerUserId: number): Promise<PaymentOrderRow | null> {
    return em.getRepository(PaymentOrderEntity).findOne({ where: { sourceKind, sourceId, payerUserId, status: 'pending' }, order: { id: 'DESC' } });
  }

  /** The newest order of a payer for what is paid for, among the given states. */
  findLatestForSource(em: EntityManager, sourceKind: string, sourceId: string, payerUserId: number, statuses: PaymentOrderRow['status'][]): Promise<PaymentOrderRow | null> {
    return em.getRepository(PaymentOrderEntity).findOne({ where: { sourceKind, sourceId, payerUserId, status: In(statuses) }, order: { id: 'DESC' } });
  }

  setPrepayId(em: EntityManager, id: number, prepayId: string): Promise<unknown> {
    return em.getRepository(PaymentOrderEntity).update({ id }, { prepayId });
  }

  /** pending/closed → paid with this transaction; 1 when this call made the change, 0 otherwise. */
  async markPaid(em: EntityManager, id: number, transactionId: string, paidAt: Date): Promise<number> {
    const r = await em.getRepository(PaymentOrderEntity).update(
      { id, status: In(['pending', 'closed']) }, { status: 'paid', transactionId, paidAt },
    );
    return r.affected ?? 0;
  }

  /** pending → closed; 1 when this call closed it. */
  async markClosed(em: EntityManager, id: number, closedAt: Date): Promise<number> {
    const r = await em.getRepository(PaymentOrderEntity).update({ id, status: 'pending' }, { status: 'closed', closedAt });
    return r.affected ?? 0;
  }

  findExpiredPending(em: EntityManager, now: Date, limit: number): Promise<PaymentOrderRow[]> {
    return em.getRepository(PaymentOrderEntity).find({ where: { status: 'pending', expiresAt: LessThanOrEqual(now) }, order: { expiresAt: 'ASC' }, take: limit });
  }

  /** Adds a succeeded refund to the order's refunded total, never past the amount paid. */
  async addRefunded(em: EntityManager, id: number, amountFen: number): Promise<number> {
    const r = await em.getRepository(PaymentOrderEntity).createQueryBuilder().update()
      .set({ refundedFen: () => `refunded_fen + ${Math.trunc(amountFen)}` })
      .where('id = :id AND refunded_fen + :amt <= amount_fen', { id, amt: amountFen })
      .execute();
    return r.affected ?? 0;
  }

  paidBetween(em: EntityManager, from: Date, to: Date): Promise<PaymentOrderRow[]> {
    return em.getRepository(PaymentOrderEntity).find({ where: { paidAt: Between(from, new Date(to.getTime() - 1)) } });
  }

  findRefund(em: EntityManager, outRefundNo: string): Promise<PaymentRefundRow | null> {
    return em.getRepository(PaymentRefundEntity).findOne({ where: { outRefundNo } });
  }

  refundsOf(em: EntityManager, paymentOrderId: number): Promise<PaymentRefundRow[]> {
    return em.getRepository(PaymentRefundEntity).find({ where: { paymentOrderId }, order: { id: 'ASC' } });
  }

  insertRefund(em: EntityManager, row: Omit<PaymentRefundRow, 'id'>): Promise<PaymentRefundRow> {
    return em.getRepository(PaymentRefundEntity).save(row);
  }

  /** requested/processing → succeeded; 1 when this call recorded the success. */
  async markRefundSucceeded(em: EntityManager, id: number, refundId: string, at: Date): Promise<number> {
    const r = await em.getRepository(PaymentRefundEntity).update(
      { id, status: In(['requested', 'processing']) }, { status: 'succeeded', refundId, succeededAt: at },
    );
    return r.affected ?? 0;
  }

  async markRefundState(em: EntityManager, id: number, status: 'processing' | 'failed', refundId: string | null): Promise<number> {
    const r = await em.getRepository(PaymentRefundEntity).update({ id, status: In(['requested', 'processing']) }, { status, refundId });
    return r.affected ?? 0;
  }

  async refundsSucceededBetween(em: EntityManager, from: Date, to: Date): Promise<Array<PaymentRefundRow & { outTradeNo: string; transactionId: string | null }>> {
    const refunds = await em.getRepository(PaymentRefundEntity).find({ where: { status: 'succeeded', succeededAt: Between(from, new Date(to.getTime() - 1)) } });
    if (refunds.length === 0) return [];
    const orders = await em.getRepository(PaymentOrderEntity).find({ where: { id: In([...new Set(refunds.map((r) => r.paymentOrderId))]) } });
    const byId = new Map(orders.map((o) => [o.id, o]));
    return refunds.map((r) => ({ ...r, outTradeNo: byId.get(r.paymentOrderId)?.outTradeNo ?? '', transactionId: byId.get(r.paymentOrderId)?.transactionId ?? null }));
  }

  async insertRun(em: EntityManager, run: Omit<ReconciliationRunRow, 'id'>, mismatches: Array<Omit<ReconciliationMismatchRow, 'id' | 'runId'>>): Promise<ReconciliationRunRow> {
    const saved = await em.getRepository(ReconciliationRunEntity).save(run);
    if (mismatches.length) await em.getRepository(ReconciliationMismatchEntity).insert(mismatches.map((m) => ({ ...m, runId: saved.id })));
    return saved;
  }

  findRun(em: EntityManager, id: number): Promise<ReconciliationRunRow | null> {
    return em.getRepository(ReconciliationRunEntity).findOne({ where: { id } });
  }

  mismatchesOf(em: EntityManager, runId: number): Promise<ReconciliationMismatchRow[]> {
    return em.getRepository(ReconciliationMismatchEntity).find({ where: { runId }, order: { id: 'ASC' } });
  }
}
