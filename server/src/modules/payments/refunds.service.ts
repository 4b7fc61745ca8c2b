import crypto from 'node:crypto';
import { CreateRefundInput, PaymentErrorCode as E, Refund } from '@shared/payments/payments.schemas';
import { ConflictError, NotFoundError, UpstreamError } from '../../platform/errors';
import type { Actor } from '../../platform/data-scope';
import { assertFinance } from '../../platform/access';
import { refundJournal } from '../ledger';
import type { GatewayRefund } from './payment.gateway';
import type { PaymentOrderRow, PaymentRefundRow } from './payments.entity';
import { PaymentsRepository } from './payments.repository';
import type { PaymentsDeps } from './payments.service';
import { accessibleOrder, nobodyKnown } from './payments.access';

export function toRefund(r: PaymentRefundRow, outTradeNo: string): Refund {
  return {
    refundNo: r.outRefundNo, outTradeNo, amountFen: r.amountFen, reason: r.reason, status: r.status, refundId: r.refundId,
    createdAt: r.createdAt.toISOString(), succeededAt: r.succeededAt?.toISOString() ?? null,
  };
}

/**
 * Full and partial refunds (DOMAIN.md §6: a retry reuses its refund number). The refund row is
 * written first, reserving the amount, then WeChat is asked with that number; asking again with the
 * same number returns the same refund, never a second one. Success is booked once (conditional update
 * plus a ledger journal unique per refund number).
 */
export class RefundsService {
  private readonly repo: PaymentsRepository;

  constructor(private readonly deps: PaymentsDeps) {
    this.repo = deps.repo ?? new PaymentsRepository(deps.db);
  }

  /** Finance over the payer only (access payment.policy, the scope of statements): out of it, 404 and no refund row. */
  async requestRefund(actor: Actor, outTradeNo: string, input: CreateRefundInput): Promise<Refund> {
    assertFinance(actor);
    await accessibleOrder(this.deps.people ?? nobodyKnown, actor, await this.repo.findOrder(outTradeNo), outTradeNo, 'refund');
    return this.refundOnBehalf(outTradeNo, input, actor.userId);
  }

  /**
   * The refund itself, for a caller that has already decided who may ask (finance above, the payer
   * for a deposit). Same number, same refund.
   */
  async refundOnBehalf(outTradeNo: string, input: CreateRefundInput, requestedBy: number): Promise<Refund> {
    const { db, clock } = this.deps;
    const { order, refund } = await db.transaction(async () => {
      const o = await this.repo.findOrder(outTradeNo, true);
      if (!o) throw new NotFoundError(E.PAYMENT_NOT_FOUND, `支付订单 ${outTradeNo} 不存在`);
      if (input.refundNo) {
        const existing = await this.repo.findRefund(input.refundNo);
        if (existing) {
          if (existing.paymentOrderId !== o.id || existing.amountFen !== input.amountFen) {
            throw new ConflictError(E.REFUND_NUMBER_REUSED, `退款单号 ${input.refundNo} 已用于其他订单或金额`);
          }
          return { order: o, refund: existing };
        }
      }
      if (o.status !== 'paid') throw new ConflictError(E.PAYMENT_NOT_PAID, `支付订单 ${outTradeNo} 未支付，不能退款`);
      const reserved = (await this.repo.refundsOf(o.id)).filter((r) => r.status !== 'failed').reduce((s, r) => s + r.amountFen, 0);
      if (reserved + input.amountFen > o.amountFen) {
        throw new ConflictError(E.REFUND_EXCEEDS_PAID, `支付订单 ${outTradeNo} 可退 ${o.amountFen - reserved} 分，申请 ${input.amountFen} 分`);
      }
      const created = await this.repo.insertRefund({
        outRefundNo: input.refundNo ?? newOutRefundNo(), paymentOrderId: o.id, amountFen: input.amountFen, reason: input.reason,
        status: 'requested', refundId: null, requestedBy, createdAt: clock.now(), succeededAt: null,
      });
      return { order: o, refund: created };
    });
    if (refund.status === 'succeeded' || refund.status === 'failed') return toRefund(refund, order.outTradeNo);
    return this.submit(order, refund);
  }

  /** Asks WeChat (again) with the refund's own number and books what it answers. */
  private async submit(order: PaymentOrderRow, refund: PaymentRefundRow): Promise<Refund> {
    const { gateway, logger } = this.deps;
    let answer: GatewayRefund;
    try {
      answer = await gateway.refund({
        outTradeNo: order.outTradeNo, outRefundNo: refund.outRefundNo, refundFen: refund.amountFen, totalFen: order.amountFen, reason: refund.reason,
      });
    } catch (err) {
      logger.warn({ err, outRefundNo: refund.outRefundNo }, 'refund request failed; retry with the same refund number');
      if (err instanceof UpstreamError) {
        throw new UpstreamError(err.code, `${err.message}（请用同一退款单号 ${refund.outRefundNo} 重试）`, { refundNo: refund.outRefundNo });
      }
      throw err;
    }
    return this.record(order, refund, answer);
  }

  /** Brings a refund's state in line with WeChat's answer; books a success exactly once. */
  async record(order: PaymentOrderRow, refund: PaymentRefundRow, answer: GatewayRefund): Promise<Refund> {
    const { db, ledger, clock, logger } = this.deps;
    const updated = await db.transaction(async () => {
      if (answer.status === 'SUCCESS') {
        const at = answer.successTime ?? clock.now();
        if ((await this.repo.markRefundSucceeded(refund.id, answer.refundId, at)) === 1) {
          if ((await this.repo.addRefunded(order.id, refund.amountFen)) !== 1) {
            throw new ConflictError(E.REFUND_EXCEEDS_PAID, `支付订单 ${order.outTradeNo} 退款合计将超过实付金额`);
          }
          await ledger.post(refundJournal({ outRefundNo: refund.outRefundNo, payerUserId: order.payerUserId, amountFen: refund.amountFen, refundedAt: at, outTradeNo: order.outTradeNo }));
        }
      } else if (answer.status === 'PROCESSING') {
        await this.repo.markRefundState(refund.id, 'processing', answer.refundId);
      } else {
        logger.error({ outRefundNo: refund.outRefundNo, status: answer.status }, 'refund closed or abnormal at WeChat');
        await this.repo.markRefundState(refund.id, 'failed', answer.refundId);
      }
      return this.repo.findRefund(refund.outRefundNo);
    });
    return toRefund(updated!, order.outTradeNo);
  }

  /** For a job or a finance "refresh": asks WeChat about refunds still in flight. */
  async syncRefund(outRefundNo: string): Promise<Refund> {
    const { db, gateway } = this.deps;
    const refund = await this.repo.findRefund(outRefundNo);
    if (!refund) throw new NotFoundError(E.PAYMENT_NOT_FOUND, `退款单 ${outRefundNo} 不存在`);
    const order = (await this.repo.findOrderById(refund.paymentOrderId))!;
    if (refund.status === 'succeeded' || refund.status === 'failed') return toRefund(refund, order.outTradeNo);
    const answer = await gateway.queryRefund(outRefundNo);
    if (!answer) return this.submit(order, refund);
    return this.record(order, refund, answer);
  }

  async listRefunds(actor: Actor, outTradeNo: string): Promise<Refund[]> {
    assertFinance(actor);
    const order = await accessibleOrder(this.deps.people ?? nobodyKnown, actor, await this.repo.findOrder(outTradeNo), outTradeNo, 'refund');
    return (await this.repo.refundsOf(order.id)).map((r) => toRefund(r, outTradeNo));
  }
}

export function newOutRefundNo(): string {
  return `R${Date.now()}${crypto.randomInt(0, 1e8).toString().padStart(8, '0')}`;
}
