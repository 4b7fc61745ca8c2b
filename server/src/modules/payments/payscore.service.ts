import crypto from 'node:crypto';
import { formatShanghai } from '@shared/common/time';
import { PaymentErrorCode as E } from '@shared/payments/payments.schemas';
import { ConflictError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import { LedgerService, paymentJournal } from '../ledger';
import type { GatewayServiceOrder, PaymentGateway } from './payment.gateway';
import { PayScoreOrderEntity, type PayScoreOrderRow, type PayScoreState } from './payments.entity';

export interface PayScoreStartInput {
  payerUserId: number;
  payerOpenid: string;
  /** What the service is for, e.g. `rental` + `rental-12`: one service order per source. */
  sourceKind: string;
  sourceId: string;
  /** service_introduction (20 characters at most), e.g. 分时租赁 冀A·D20001. */
  introduction: string;
  /** 风险金: the most the order may be completed for (the deposit it stands in for). */
  riskFundFen: number;
  startTime: Date;
  startLocation: string;
}

export interface PayScoreCompleteInput {
  items: Array<{ name: string; amountFen: number; description: string }>;
  totalFen: number;
  endTime: Date;
  endLocation: string;
}

export interface PayScoreOrderView { outOrderNo: string; state: PayScoreState; riskFundFen: number; totalFen: number | null; reason: string | null; paidAt: string | null }

const view = (r: PayScoreOrderRow): PayScoreOrderView => ({
  outOrderNo: r.outOrderNo, state: r.state, riskFundFen: r.riskFundFen, totalFen: r.totalFen, reason: r.reason, paidAt: r.paidAt?.toISOString() ?? null,
});

/**
 * 免押 through 微信支付分 (WeChat Pay Score service orders, 免确认 mode). The module that sells the
 * service (rental) starts one when the service is booked, completes it with the final amount and
 * its items when the service ends (WeChat deducts it afterwards and says so with PAYSCORE.USER_PAID),
 * or cancels it when the service ends without charge. Payments owns the service order's record;
 * `payscore.paid` tells the seller, once, with the record's change to paid.
 */
export class PayScoreService {
  constructor(private readonly deps: {
    db: Pick<Database, 'transaction' | 'manager' | 'writeLock'>; gateway: PaymentGateway; ledger: LedgerService; clock: Clock; logger: Logger;
    events?: Pick<EventBus, 'record'>;
  }) {}

  private get repo() {
    return this.deps.db.manager.getRepository(PayScoreOrderEntity);
  }

  private lock(forUpdate: boolean) {
    return forUpdate && this.deps.db.writeLock ? { lock: this.deps.db.writeLock } : {};
  }

  private bySource(sourceKind: string, sourceId: string, forUpdate = false): Promise<PayScoreOrderRow | null> {
    return this.repo.findOne({ where: { sourceKind, sourceId }, ...this.lock(forUpdate) });
  }

  private async move(id: number, from: PayScoreState[], patch: Partial<PayScoreOrderRow>): Promise<boolean> {
    const rows = await this.repo.find({ where: { id } });
    if (!rows[0] || !from.includes(rows[0].state)) return false;
    const r = await this.repo.update({ id, state: rows[0].state }, { ...patch, updatedAt: this.deps.clock.now() });
    return (r.affected ?? 0) === 1;
  }

  get enabled(): boolean {
    return this.deps.gateway.payscoreEnabled;
  }

  async find(sourceKind: string, sourceId: string): Promise<PayScoreOrderView | null> {
    const r = await this.bySource(sourceKind, sourceId);
    return r ? view(r) : null;
  }

  /**
   * Creates the service order. WeChat judges the user's score at once: a refusal is a 409 naming
   * WeChat's reason, and nothing stays open at WeChat.
   */
  async start(input: PayScoreStartInput): Promise<PayScoreOrderView> {
    if (!this.enabled) throw new ConflictError(E.PAYSCORE_UNAVAILABLE, '本平台尚未开通微信支付分免押，请缴纳押金或按次支付');
    const now = this.deps.clock.now();
    const row = await this.deps.db.transaction(async () => {
      const existing = await this.bySource(input.sourceKind, input.sourceId, true);
      if (existing) {
        if (existing.payerUserId !== input.payerUserId) throw new ConflictError(E.PAYSCORE_ORDER_CONFLICT, `${input.sourceId} 已有他人的支付分订单`);
        return existing;
      }
      return this.repo.save({
        outOrderNo: newOutOrderNo(now), payerUserId: input.payerUserId, payerOpenid: input.payerOpenid, sourceKind: input.sourceKind, sourceId: input.sourceId,
        riskFundFen: input.riskFundFen, state: 'requested' as const, totalFen: null, items: null, wxOrderId: null, transactionId: null, reason: null,
        createdAt: now, updatedAt: now, paidAt: null,
      });
    });
    if (row.state !== 'requested') {
      if (row.state === 'refused') throw new ConflictError(E.PAYSCORE_REFUSED, `微信支付分未通过：${row.reason ?? ''}`);
      return view(row);
    }
    const answer = await this.deps.gateway.createServiceOrder({
      outOrderNo: row.outOrderNo, openid: row.payerOpenid, introduction: input.introduction, riskFundFen: input.riskFundFen,
      riskFundDescription: '分时租赁押金', startTime: input.startTime, startLocation: input.startLocation, attach: `${input.sourceKind}:${input.sourceId}`.slice(0, 256),
    });
    if (answer.kind === 'refused') {
      await this.deps.db.transaction(() => this.move(row.id, ['requested'], { state: 'refused', reason: answer.reason.slice(0, 128) }));
      throw new ConflictError(E.PAYSCORE_REFUSED, `微信支付分未通过：${answer.reason}。可改为缴纳押金或按次支付`);
    }
    await this.deps.db.transaction(() => this.move(row.id, ['requested'], { state: 'doing', wxOrderId: answer.order.orderId }));
    return view((await this.bySource(input.sourceKind, input.sourceId))!);
  }

  /**
   * Completes the service order with the final amount (idempotent: a retry after a lost answer is
   * the same completion). The deduction comes later as PAYSCORE.USER_PAID; a completed order is
   * also asked about, so a lost notice does not leave it unpaid.
   */
  async complete(sourceKind: string, sourceId: string, input: PayScoreCompleteInput): Promise<PayScoreOrderView> {
    const sum = input.items.reduce((s, i) => s + i.amountFen, 0);
    if (!Number.isSafeInteger(input.totalFen) || input.totalFen <= 0 || sum !== input.totalFen) {
      throw new ValidationError(E.PAYSCORE_ORDER_CONFLICT, `支付分订单完结金额 ${input.totalFen} 分与费用明细合计 ${sum} 分不符`);
    }
    const row = await this.deps.db.transaction(async () => {
      const r = await this.bySource(sourceKind, sourceId, true);
      if (!r) throw new ConflictError(E.PAYSCORE_ORDER_CONFLICT, `${sourceId} 没有支付分订单`);
      if (input.totalFen > r.riskFundFen) throw new ConflictError(E.PAYSCORE_ORDER_CONFLICT, `完结金额 ${input.totalFen} 分超过支付分风险金额 ${r.riskFundFen} 分`);
      if (r.totalFen != null && r.totalFen !== input.totalFen) throw new ConflictError(E.PAYSCORE_ORDER_CONFLICT, `支付分订单 ${r.outOrderNo} 已按 ${r.totalFen} 分完结`);
      if (r.state === 'doing') await this.move(r.id, ['doing'], { state: 'completing', totalFen: input.totalFen, items: JSON.stringify(input.items) });
      else if (r.state !== 'completing' && r.state !== 'completed' && r.state !== 'paid') {
        throw new ConflictError(E.PAYSCORE_ORDER_CONFLICT, `支付分订单 ${r.outOrderNo} 状态为 ${r.state}，不能完结`);
      }
      return (await this.bySource(sourceKind, sourceId))!;
    });
    if (row.state === 'completing') {
      const done = await this.deps.gateway.completeServiceOrder({
        outOrderNo: row.outOrderNo, items: input.items, totalFen: input.totalFen, endTime: input.endTime, endLocation: input.endLocation,
      });
      await this.deps.db.transaction(() => this.move(row.id, ['completing'], { state: 'completed' }));
      if (done.paid) await this.applyPaid(done, 'complete');
    } else if (row.state === 'completed') {
      await this.sync(row.outOrderNo);
    }
    return view((await this.bySource(sourceKind, sourceId))!);
  }

  /** Cancels a service order that ends without charge (idempotent; a completed one is not cancelled). */
  async cancel(sourceKind: string, sourceId: string, reason: string): Promise<PayScoreOrderView | null> {
    const r = await this.bySource(sourceKind, sourceId);
    if (!r) return null;
    if (r.state === 'requested' || r.state === 'doing') {
      const answer = await this.deps.gateway.cancelServiceOrder(r.outOrderNo, reason);
      if (answer === 'not_cancellable') {
        this.deps.logger.error({ outOrderNo: r.outOrderNo, sourceId }, 'payscore order could not be cancelled (completed meanwhile?)');
        throw new ConflictError(E.PAYSCORE_ORDER_CONFLICT, `支付分订单 ${r.outOrderNo} 已完结，不能取消`);
      }
      await this.deps.db.transaction(() => this.move(r.id, ['requested', 'doing'], { state: 'cancelled', reason: reason.slice(0, 128) }));
    }
    return view((await this.bySource(sourceKind, sourceId))!);
  }

  /** Asks WeChat about a completed order and applies a deduction it reports (a lost notice). */
  async sync(outOrderNo: string): Promise<void> {
    const o = await this.deps.gateway.queryServiceOrder(outOrderNo);
    if (o?.paid) await this.applyPaid(o, 'query');
  }

  /** Completed orders still waiting for their deduction notice: asked about (the scheduler, once across instances). */
  async syncCompleted(limit = 100): Promise<number> {
    let paid = 0;
    for (const r of await this.repo.find({ where: { state: 'completed' }, order: { id: 'ASC' }, take: limit })) {
      try {
        const o = await this.deps.gateway.queryServiceOrder(r.outOrderNo);
        if (o?.paid && (await this.applyPaid(o, 'sync-job')) === 'credited') paid += 1;
      } catch (err) {
        this.deps.logger.warn({ err, outOrderNo: r.outOrderNo }, 'payscore sync failed; will retry');
      }
    }
    return paid;
  }

  /** A deduction (notice or query): recorded once, posted to the ledger, told with `payscore.paid`. */
  async applyPaid(o: GatewayServiceOrder, via: string): Promise<'credited' | 'duplicate'> {
    const { gateway, logger } = this.deps;
    if (o.mchid !== gateway.merchant.mchid || o.appid !== gateway.merchant.appid) {
      throw new ValidationError(E.PAYMENT_MERCHANT_MISMATCH, `支付分订单 ${o.outOrderNo} 的商户号或 AppID 不符`);
    }
    if (!o.paid) throw new ValidationError(E.WECHATPAY_NOTICE_MALFORMED, `支付分订单 ${o.outOrderNo} 没有扣款记录`);
    const paid = o.paid;
    return this.deps.db.transaction(async () => {
      const r = await this.repo.findOne({ where: { outOrderNo: o.outOrderNo }, ...this.lock(true) });
      if (!r) throw new ValidationError(E.PAYMENT_NOT_FOUND, `支付分订单 ${o.outOrderNo} 不存在`);
      if (r.state === 'paid') return 'duplicate' as const;
      if (r.totalFen == null || paid.amountFen !== r.totalFen) {
        logger.error({ outOrderNo: r.outOrderNo, expected: r.totalFen, got: paid.amountFen, via }, 'payscore amount mismatch');
        throw new ValidationError(E.PAYMENT_AMOUNT_MISMATCH, `支付分订单 ${r.outOrderNo} 扣款金额不符：应扣 ${r.totalFen ?? 0} 分，通知 ${paid.amountFen} 分`);
      }
      const paidAt = paid.paidAt.getTime() > 0 ? paid.paidAt : this.deps.clock.now();
      if (!(await this.move(r.id, ['completing', 'completed'], { state: 'paid', transactionId: paid.transactionId, paidAt }))) return 'duplicate' as const;
      await this.deps.ledger.post(paymentJournal({ transactionId: paid.transactionId, payerUserId: r.payerUserId, amountFen: paid.amountFen, paidAt, outTradeNo: r.outOrderNo }));
      await this.deps.events?.record('payscore.paid', r.id, {
        serviceOrderId: r.id, outOrderNo: r.outOrderNo, payerUserId: r.payerUserId, sourceKind: r.sourceKind, sourceId: r.sourceId,
        amountFen: paid.amountFen, transactionId: paid.transactionId, paidAt: paidAt.toISOString(),
      });
      logger.info({ outOrderNo: r.outOrderNo, transactionId: paid.transactionId, via }, 'payscore deduction applied');
      return 'credited' as const;
    });
  }
}

/** `S` + Beijing time to the second + 8 random digits: unique within WeChat's 32 characters. */
export function newOutOrderNo(now: Date): string {
  return `S${formatShanghai(now, 'yyyyMMddHHmmss')}${crypto.randomInt(0, 1e8).toString().padStart(8, '0')}`;
}
