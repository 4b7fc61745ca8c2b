import { CommonErrorCode } from '@shared/common/errors';
import crypto from 'node:crypto';
import { formatShanghai } from '@shared/common/time';
import { Payment, PaymentErrorCode as E, PaymentWithParams } from '@shared/payments/payments.schemas';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { Actor } from '../../platform/data-scope';
import { LedgerService, paymentJournal } from '../ledger';
import type { GatewayTransaction, HeaderBag, PaymentGateway } from './payment.gateway';
import type { PaymentOrderRow } from './payments.entity';
import { PaymentsRepository } from './payments.repository';
import type { PayScoreService } from './payscore.service';
import { accessibleOrder, nobodyKnown, type PaymentPeople } from './payments.access';

export interface PaymentsDeps {
  db: Pick<Database, 'transaction' | 'manager' | 'writeLock'>;
  gateway: PaymentGateway;
  ledger: LedgerService;
  clock: Clock;
  logger: Logger;
  /** Minutes a payment may stay unpaid before it is closed (also sent to WeChat as time_expire). */
  timeLimitMinutes: number;
  repo?: PaymentsRepository;
  /** Where payers and finance users sit: payments follow the finance scope of statements (default: knows nobody). */
  people?: PaymentPeople;
  /** Other modules learn of a payment from `payment.paid`, recorded with the order's change to paid. */
  events?: Pick<EventBus, 'record'>;
  /** 微信支付分 deductions (PAYSCORE.USER_PAID) arrive at the same notify URL. */
  payscore?: Pick<PayScoreService, 'applyPaid'>;
}

export interface StartPaymentInput {
  payerUserId: number;
  payerOpenid: string;
  amountFen: number;
  description: string;
  /** What is being paid for, e.g. `rental` + order id, `deposit` + rental id. */
  sourceKind: string;
  sourceId: string;
  /**
   * Locks a row standing for what is paid for (FOR UPDATE on MariaDB), inside the transaction that
   * finds or creates the pending order: two simultaneous requests then make one order, not two.
   */
  lockSource?: () => Promise<void>;
}

export type ApplyOutcome = 'credited' | 'duplicate';

export function toPayment(o: PaymentOrderRow): Payment {
  return {
    outTradeNo: o.outTradeNo, status: o.status, amountFen: o.amountFen, refundedFen: o.refundedFen, description: o.description,
    sourceKind: o.sourceKind, sourceId: o.sourceId, payerUserId: o.payerUserId, transactionId: o.transactionId,
    expiresAt: o.expiresAt.toISOString(), paidAt: o.paidAt?.toISOString() ?? null, closedAt: o.closedAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
  };
}

/**
 * Paying through WeChat Pay JSAPI: start a payment, take verified notices, sync by query, close
 * what expired. Whatever path learns of a payment (notice, query, the close job), it goes through
 * `applyPaid`, which credits exactly once: the order row is locked, the state change is conditional,
 * transaction_id is unique, and the ledger journal is unique per transaction.
 */
export class PaymentsService {
  private readonly repo: PaymentsRepository;

  constructor(private readonly deps: PaymentsDeps) {
    this.repo = deps.repo ?? new PaymentsRepository(deps.db);
  }

  async startPayment(input: StartPaymentInput): Promise<PaymentWithParams> {
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) {
      throw new ValidationError(CommonErrorCode.VALIDATION_FAILED, `支付金额 ${input.amountFen} 分无效`);
    }
    const { db, gateway, clock } = this.deps;
    const now = clock.now();
    // Find or create the pending order under the source's lock; WeChat is called after commit.
    const order = await db.transaction(async () => {
      await input.lockSource?.();
      const pending = await this.repo.findPendingForSource(input.sourceKind, input.sourceId, input.payerUserId);
      if (pending && pending.amountFen !== input.amountFen) {
        throw new ConflictError(E.PAYMENT_NOT_PENDING, `${input.sourceKind} ${input.sourceId} 已有金额不同的待支付订单 ${pending.outTradeNo}`);
      }
      if (pending && pending.expiresAt.getTime() > now.getTime()) return pending;
      return this.repo.insertOrder({
        outTradeNo: newOutTradeNo(now), payerUserId: input.payerUserId, payerOpenid: input.payerOpenid,
        sourceKind: input.sourceKind, sourceId: input.sourceId, description: input.description.slice(0, 127),
        amountFen: input.amountFen, refundedFen: 0, status: 'pending', prepayId: null, transactionId: null,
        expiresAt: new Date(now.getTime() + this.deps.timeLimitMinutes * 60_000), paidAt: null, closedAt: null, createdAt: now,
      });
    });
    const { prepayId, payParams } = await gateway.createJsapiPrepay({
      outTradeNo: order.outTradeNo, description: order.description, amountFen: order.amountFen,
      payerOpenid: order.payerOpenid, expiresAt: order.expiresAt,
    });
    if (order.prepayId !== prepayId) await this.repo.setPrepayId(order.id, prepayId);
    return { payment: toPayment({ ...order, prepayId }), payParams };
  }

  async getPayment(actor: Actor, outTradeNo: string): Promise<Payment> {
    const order = await this.visibleOrder(actor, outTradeNo);
    return toPayment(order);
  }

  /** Asks WeChat about a pending payment (the user came back from paying) and applies what it says. */
  async syncPayment(actor: Actor, outTradeNo: string): Promise<Payment> {
    const order = await this.visibleOrder(actor, outTradeNo);
    if (order.status === 'pending') {
      const tx = await this.deps.gateway.queryPayment(outTradeNo);
      if (tx && (tx.state === 'SUCCESS' || tx.state === 'REFUND')) await this.applyPaid(tx, 'query');
    }
    return toPayment((await this.repo.findOrder(outTradeNo))!);
  }

  /** The notify endpoint: verify (throws 4xx on anything forged, stale or tampered), then credit once. */
  async handleNotice(headers: HeaderBag, rawBody: string): Promise<ApplyOutcome | 'ignored'> {
    let notice;
    try {
      notice = this.deps.gateway.verifyNotice(headers, rawBody);
    } catch (err) {
      const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : 'UNKNOWN';
      if (code === E.WECHATPAY_NOTICE_MALFORMED && err instanceof DomainError && err.details) {
        // Validly signed but unusable: nothing is credited, so the day's trade bill must settle it (it will show as missing here).
        this.deps.logger.error({ code, notice: err.details }, 'wechatpay notice refused as malformed; reconcile it from the trade bill');
      } else {
        this.deps.logger.warn({ code, serial: headers['wechatpay-serial'], timestamp: headers['wechatpay-timestamp'] }, 'wechatpay notice refused');
      }
      throw err;
    }
    if (notice.kind === 'payscore') {
      if (!this.deps.payscore || !notice.order.paid) return 'ignored';
      return this.deps.payscore.applyPaid(notice.order, `notice ${notice.noticeId}`);
    }
    if (notice.kind === 'other') {
      this.deps.logger.info({ noticeId: notice.noticeId, eventType: notice.eventType }, 'wechatpay notice ignored');
      return 'ignored';
    }
    if (notice.transaction.state !== 'SUCCESS') return 'ignored';
    return this.applyPaid(notice.transaction, `notice ${notice.noticeId}`);
  }

  /** Credits a paid WeChat transaction to its order, exactly once. Amount, merchant and app must match. */
  async applyPaid(tx: GatewayTransaction, via: string): Promise<ApplyOutcome> {
    const { db, ledger, logger, gateway, clock } = this.deps;
    if (tx.mchid !== gateway.merchant.mchid || tx.appid !== gateway.merchant.appid) {
      logger.error({ outTradeNo: tx.outTradeNo, mchid: tx.mchid, appid: tx.appid, via }, 'wechatpay transaction for another merchant');
      throw new ValidationError(E.PAYMENT_MERCHANT_MISMATCH, `交易 ${tx.outTradeNo} 的商户号或 AppID 不符`);
    }
    if (!tx.transactionId) throw new ValidationError(E.PAYMENT_TRANSACTION_CONFLICT, `交易 ${tx.outTradeNo} 缺少微信支付订单号`);
    const transactionId = tx.transactionId;
    const result = await db.transaction(async (): Promise<{ outcome: ApplyOutcome; order: PaymentOrderRow }> => {
      const order = await this.repo.findOrder(tx.outTradeNo, true);
      if (!order) {
        logger.error({ outTradeNo: tx.outTradeNo, transactionId, via }, 'wechatpay transaction for an unknown order');
        throw new NotFoundError(E.PAYMENT_NOT_FOUND, `支付订单 ${tx.outTradeNo} 不存在`);
      }
      if (tx.amountFen !== order.amountFen) {
        logger.error({ outTradeNo: order.outTradeNo, expected: order.amountFen, got: tx.amountFen, via }, 'wechatpay amount mismatch');
        throw new ValidationError(E.PAYMENT_AMOUNT_MISMATCH, `支付订单 ${order.outTradeNo} 金额不符：应付 ${order.amountFen} 分，通知 ${tx.amountFen} 分`);
      }
      if (order.status === 'paid') {
        if (order.transactionId === transactionId) return { outcome: 'duplicate', order };
        logger.error({ outTradeNo: order.outTradeNo, first: order.transactionId, second: transactionId }, 'second transaction for a paid order');
        throw new ConflictError(E.PAYMENT_TRANSACTION_CONFLICT, `支付订单 ${order.outTradeNo} 已由另一笔交易支付`);
      }
      if (order.status === 'closed') logger.error({ outTradeNo: order.outTradeNo, via }, 'payment arrived for a closed order; crediting it');
      const paidAt = tx.successTime ?? clock.now();
      if ((await this.repo.markPaid(order.id, transactionId, paidAt)) !== 1) return { outcome: 'duplicate', order };
      await ledger.post(paymentJournal({ transactionId, payerUserId: order.payerUserId, amountFen: order.amountFen, paidAt, outTradeNo: order.outTradeNo }));
      // Whoever sold what was paid for (a deposit, a rental, a reservation) learns it from the event, once.
      await this.deps.events?.record('payment.paid', order.id, {
        orderId: order.id, outTradeNo: order.outTradeNo, payerUserId: order.payerUserId, sourceKind: order.sourceKind, sourceId: order.sourceId,
        amountFen: order.amountFen, paidAt: new Date(paidAt).toISOString(),
      });
      return { outcome: 'credited', order: { ...order, status: 'paid', transactionId, paidAt } };
    });
    logger.info({ outTradeNo: tx.outTradeNo, transactionId, outcome: result.outcome, via }, 'wechatpay payment applied');
    return result.outcome;
  }

  /**
   * Closes payments past their time limit: ask WeChat first (a late payment is credited, not lost),
   * close there, then here. Safe to run on several instances; the scheduler also runs it once.
   */
  async closeExpired(limit = 100): Promise<{ closed: number; credited: number }> {
    const { db, gateway, clock, logger } = this.deps;
    const expired = await this.repo.findExpiredPending(clock.now(), limit);
    let closed = 0;
    let credited = 0;
    for (const order of expired) {
      try {
        const tx = await gateway.queryPayment(order.outTradeNo);
        if (tx && (tx.state === 'SUCCESS' || tx.state === 'REFUND')) {
          if ((await this.applyPaid(tx, 'close-job')) === 'credited') credited += 1;
          continue;
        }
        if (tx && tx.state !== 'CLOSED' && (await gateway.closePayment(order.outTradeNo)) === 'already_paid') {
          const late = await gateway.queryPayment(order.outTradeNo);
          if (late && (await this.applyPaid(late, 'close-job')) === 'credited') credited += 1;
          continue;
        }
        closed += await db.transaction(() => this.repo.markClosed(order.id, clock.now()));
      } catch (err) {
        logger.error({ err, outTradeNo: order.outTradeNo }, 'closing an expired payment failed; will retry');
      }
    }
    return { closed, credited };
  }

  /** The payer's, or in the finance scope (access payment.policy); anyone else's answers as if it did not exist (DOMAIN.md §2). */
  private async visibleOrder(actor: Actor, outTradeNo: string): Promise<PaymentOrderRow> {
    return accessibleOrder(this.deps.people ?? nobodyKnown, actor, await this.repo.findOrder(outTradeNo), outTradeNo, 'read');
  }
}

/** `P` + Beijing time to the second + 8 random digits: unique, sortable, within WeChat's 32 characters. */
export function newOutTradeNo(now: Date, prefix = 'P'): string {
  const s = formatShanghai(now, 'yyyyMMddHHmmss');
  return `${prefix}${s}${crypto.randomInt(0, 1e8).toString().padStart(8, '0')}`;
}
