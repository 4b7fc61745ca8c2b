import { DepositErrorCode, depositStatusLabel, type Deposit, type StartDepositResponse } from '@shared/payments/deposit.schemas';
import { ConflictError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { Actor } from '../../platform/data-scope';
import type { PaymentsService } from './payments.service';
import { toPayment } from './payments.service';
import { PaymentsRepository } from './payments.repository';
import type { RefundsService } from './refunds.service';

/** Who pays: the WeChat openid of a user (identity's service provides the real one, deposits.payers). */
export interface PayerDirectory {
  openidOf(userId: number): Promise<string | null>;
  /** Locks the payer for the rest of the caller's transaction, so one payer's deposit requests queue. */
  lock(userId: number): Promise<void>;
}

export interface DepositsDeps {
  db: Pick<Database, 'manager' | 'writeLock'>;
  payments: PaymentsService;
  clock: Clock;
  payers: PayerDirectory;
  /** What the deposit costs (PaymentsSettings.depositAmountFen). */
  amountFen: number;
  /** The fake WeChat Pay's base URL when it stands in for the real one; null with real WeChat Pay. */
  fakeWechatPayBaseUrl: string | null;
  /** Refunds the deposit to the payer (退还押金). */
  refunds: Pick<RefundsService, 'refundOnBehalf'>;
  repo?: PaymentsRepository;
}

export const DEPOSIT_SOURCE_KIND = 'deposit';
const DEPOSIT_DESCRIPTION = '分时租赁押金';
const sourceIdOf = (userId: number) => `user-${userId}`;

/**
 * 分时租赁押金: a civil servant pays it once through WeChat Pay before using time-share cars
 * (DOMAIN.md §6). One per user: while one is pending the same payment is offered again
 * (PaymentsService.startPayment reuses the pending order), and once paid nothing more is asked.
 * A deposit refunded in full counts as unpaid again.
 */
export class DepositsService {
  private readonly repo: PaymentsRepository;
  private refundBlock: ((userId: number) => Promise<string | null>) | null = null;

  constructor(private readonly deps: DepositsDeps) {
    this.repo = deps.repo ?? new PaymentsRepository(deps.db);
  }

  /** What the deposit costs (fen): also the risk fund of a 微信支付分 order that stands in for it. */
  get amountFen(): number {
    return this.deps.amountFen;
  }

  /** The fake WeChat Pay's base URL when it stands in for the real one (null with real WeChat Pay). */
  get fakeWechatPayBaseUrl(): string | null {
    return this.deps.fakeWechatPayBaseUrl;
  }

  /**
   * What the deposit is held for registers here (time-share rental: an open rental keeps it): a
   * reason answered for a user means their refund is refused with it.
   */
  blockRefundWhile(reason: (userId: number) => Promise<string | null>): void {
    this.refundBlock = reason;
  }

  async mine(actor: Actor): Promise<Deposit> {
    const source = sourceIdOf(actor.userId);
    const paid = await this.repo.findLatestForSource(DEPOSIT_SOURCE_KIND, source, actor.userId, ['paid']);
    if (paid && paid.refundedFen < paid.amountFen) {
      const inFlight = (await this.repo.refundsOf(paid.id)).some((r) => r.status === 'requested' || r.status === 'processing');
      return { status: inFlight ? 'refunding' : 'paid', amountFen: paid.amountFen, payment: toPayment(paid) };
    }
    const pending = await this.repo.findLatestForSource(DEPOSIT_SOURCE_KIND, source, actor.userId, ['pending']);
    if (pending && pending.expiresAt.getTime() > this.deps.clock.now().getTime()) {
      return { status: 'pending', amountFen: pending.amountFen, payment: toPayment(pending) };
    }
    return { status: 'unpaid', amountFen: this.deps.amountFen, payment: null };
  }

  /** The wx.requestPayment parameters for my deposit (the same payment while one is pending). */
  async start(actor: Actor): Promise<StartDepositResponse> {
    const fakeWechatPayBaseUrl = this.deps.fakeWechatPayBaseUrl;
    const current = await this.mine(actor);
    if (current.status === 'paid' || current.status === 'refunding') return { deposit: current, payParams: null, fakeWechatPayBaseUrl };
    const openid = await this.deps.payers.openidOf(actor.userId);
    if (!openid) throw new ConflictError(DepositErrorCode.DEPOSIT_PAYER_UNKNOWN, '您的账号尚未绑定微信，请使用微信登录后再缴纳押金');
    const { payment, payParams } = await this.deps.payments.startPayment({
      payerUserId: actor.userId, payerOpenid: openid, amountFen: current.status === 'pending' ? current.amountFen : this.deps.amountFen,
      description: DEPOSIT_DESCRIPTION, sourceKind: DEPOSIT_SOURCE_KIND, sourceId: sourceIdOf(actor.userId),
      lockSource: () => this.deps.payers.lock(actor.userId),
    });
    return { deposit: { status: 'pending', amountFen: payment.amountFen, payment }, payParams, fakeWechatPayBaseUrl };
  }

  /**
   * 退还押金: the whole unrefunded deposit goes back to the payer through WeChat Pay. The refund
   * number is derived from the payment, so tapping again (or a retry after a lost answer) is the
   * same refund, never a second one. An open time-share rental blocks it (blockRefundWhile).
   */
  async refund(actor: Actor): Promise<Deposit> {
    const blocked = await this.refundBlock?.(actor.userId);
    if (blocked) throw new ConflictError(DepositErrorCode.DEPOSIT_HELD_BY_RENTAL, blocked);
    const current = await this.mine(actor);
    if ((current.status !== 'paid' && current.status !== 'refunding') || !current.payment) {
      throw new ConflictError(DepositErrorCode.DEPOSIT_NOT_PAID, `您的押金状态为「${depositStatusLabel[current.status]}」，没有可退还的押金`);
    }
    const payment = current.payment;
    await this.deps.refunds.refundOnBehalf(payment.outTradeNo, {
      amountFen: payment.amountFen - payment.refundedFen, reason: '退还分时租赁押金', refundNo: `D${payment.outTradeNo}`,
    }, actor.userId);
    return this.mine(actor);
  }
}
