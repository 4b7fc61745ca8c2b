import { Between, In, LessThanOrEqual } from 'typeorm';
import type { Database } from '../../platform/db/database';
import {
  PaymentOrderEntity, PaymentOrderRow, PaymentRefundEntity, PaymentRefundRow, ReconciliationMismatchEntity,
  ReconciliationMismatchRow, ReconciliationRunEntity, ReconciliationRunRow,
} from './payments.entity';

/** The only code that touches payment tables. State changes are conditional updates: they say how many rows moved. */
export class PaymentsRepository {
  constructor(private readonly db: Pick<Database, 'manager' | 'writeLock'>) {}

  /** The current unit of work's manager (or the database's outside one). */
  private get em() {
    return this.db.manager;
  }

  /** FOR UPDATE on MariaDB when asked (inside the caller's transaction); SQLite's queue already serialises. */
  private lock(forUpdate: boolean) {
    return forUpdate && this.db.writeLock ? { lock: this.db.writeLock } : {};
  }

  insertOrder(row: Omit<PaymentOrderRow, 'id'>): Promise<PaymentOrderRow> {
    return this.em.getRepository(PaymentOrderEntity).save(row);
  }

  findOrder(outTradeNo: string, forUpdate = false): Promise<PaymentOrderRow | null> {
    return this.em.getRepository(PaymentOrderEntity).findOne({ where: { outTradeNo }, ...this.lock(forUpdate) });
  }

  findOrderById(id: number, forUpdate = false): Promise<PaymentOrderRow | null> {
    return this.em.getRepository(PaymentOrderEntity).findOne({ where: { id }, ...this.lock(forUpdate) });
  }

  findPendingForSource(sourceKind: string, sourceId: string, payerUserId: number): Promise<PaymentOrderRow | null> {
    return this.em.getRepository(PaymentOrderEntity).findOne({ where: { sourceKind, sourceId, payerUserId, status: 'pending' }, order: { id: 'DESC' } });
  }

  /** The newest order of a payer for what is paid for, among the given states. */
  findLatestForSource(sourceKind: string, sourceId: string, payerUserId: number, statuses: PaymentOrderRow['status'][]): Promise<PaymentOrderRow | null> {
    return this.em.getRepository(PaymentOrderEntity).findOne({ where: { sourceKind, sourceId, payerUserId, status: In(statuses) }, order: { id: 'DESC' } });
  }

  setPrepayId(id: number, prepayId: string): Promise<unknown> {
    return this.em.getRepository(PaymentOrderEntity).update({ id }, { prepayId });
  }

  /** pending/closed → paid with this transaction; 1 when this call made the change, 0 otherwise. */
  async markPaid(id: number, transactionId: string, paidAt: Date): Promise<number> {
    const r = await this.em.getRepository(PaymentOrderEntity).update(
      { id, status: In(['pending', 'closed']) }, { status: 'paid', transactionId, paidAt },
    );
    return r.affected ?? 0;
  }

  /** pending → closed; 1 when this call closed it. */
  async markClosed(id: number, closedAt: Date): Promise<number> {
    const r = await this.em.getRepository(PaymentOrderEntity).update({ id, status: 'pending' }, { status: 'closed', closedAt });
    return r.affected ?? 0;
  }

  findExpiredPending(now: Date, limit: number): Promise<PaymentOrderRow[]> {
    return this.em.getRepository(PaymentOrderEntity).find({ where: { status: 'pending', expiresAt: LessThanOrEqual(now) }, order: { expiresAt: 'ASC' }, take: limit });
  }

  /** Adds a succeeded refund to the order's refunded total, never past the amount paid. */
  async addRefunded(id: number, amountFen: number): Promise<number> {
    const r = await this.em.getRepository(PaymentOrderEntity).createQueryBuilder().update()
      .set({ refundedFen: () => `refunded_fen + ${Math.trunc(amountFen)}` })
      .where('id = :id AND refunded_fen + :amt <= amount_fen', { id, amt: amountFen })
      .execute();
    return r.affected ?? 0;
  }

  paidBetween(from: Date, to: Date): Promise<PaymentOrderRow[]> {
    return this.em.getRepository(PaymentOrderEntity).find({ where: { paidAt: Between(from, new Date(to.getTime() - 1)) } });
  }

  findRefund(outRefundNo: string): Promise<PaymentRefundRow | null> {
    return this.em.getRepository(PaymentRefundEntity).findOne({ where: { outRefundNo } });
  }

  refundsOf(paymentOrderId: number): Promise<PaymentRefundRow[]> {
    return this.em.getRepository(PaymentRefundEntity).find({ where: { paymentOrderId }, order: { id: 'ASC' } });
  }

  insertRefund(row: Omit<PaymentRefundRow, 'id'>): Promise<PaymentRefundRow> {
    return this.em.getRepository(PaymentRefundEntity).save(row);
  }

  /** requested/processing → succeeded; 1 when this call recorded the success. */
  async markRefundSucceeded(id: number, refundId: string, at: Date): Promise<number> {
    const r = await this.em.getRepository(PaymentRefundEntity).update(
      { id, status: In(['requested', 'processing']) }, { status: 'succeeded', refundId, succeededAt: at },
    );
    return r.affected ?? 0;
  }

  async markRefundState(id: number, status: 'processing' | 'failed', refundId: string | null): Promise<number> {
    const r = await this.em.getRepository(PaymentRefundEntity).update({ id, status: In(['requested', 'processing']) }, { status, refundId });
    return r.affected ?? 0;
  }

  async refundsSucceededBetween(from: Date, to: Date): Promise<Array<PaymentRefundRow & { outTradeNo: string; transactionId: string | null }>> {
    const refunds = await this.em.getRepository(PaymentRefundEntity).find({ where: { status: 'succeeded', succeededAt: Between(from, new Date(to.getTime() - 1)) } });
    if (refunds.length === 0) return [];
    const orders = await this.em.getRepository(PaymentOrderEntity).find({ where: { id: In([...new Set(refunds.map((r) => r.paymentOrderId))]) } });
    const byId = new Map(orders.map((o) => [o.id, o]));
    return refunds.map((r) => ({ ...r, outTradeNo: byId.get(r.paymentOrderId)?.outTradeNo ?? '', transactionId: byId.get(r.paymentOrderId)?.transactionId ?? null }));
  }

  async insertRun(run: Omit<ReconciliationRunRow, 'id'>, mismatches: Array<Omit<ReconciliationMismatchRow, 'id' | 'runId'>>): Promise<ReconciliationRunRow> {
    const saved = await this.em.getRepository(ReconciliationRunEntity).save(run);
    if (mismatches.length) await this.em.getRepository(ReconciliationMismatchEntity).insert(mismatches.map((m) => ({ ...m, runId: saved.id })));
    return saved;
  }

  findRun(id: number): Promise<ReconciliationRunRow | null> {
    return this.em.getRepository(ReconciliationRunEntity).findOne({ where: { id } });
  }

  mismatchesOf(runId: number): Promise<ReconciliationMismatchRow[]> {
    return this.em.getRepository(ReconciliationMismatchEntity).find({ where: { runId }, order: { id: 'ASC' } });
  }
}
