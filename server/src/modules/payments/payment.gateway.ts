import type { JsapiPayParams } from '@shared/payments/payments.schemas';

/**
 * WeChat Pay behind an interface, so services never see HTTP, keys or wire formats. The real
 * implementation is WechatPayGateway (wechatpay-node-v3 + our own verification); tests run it
 * against the project's fake server.
 */
export type GatewayTradeState = 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'USERPAYING' | 'PAYERROR' | 'REVOKED';

export interface GatewayTransaction {
  mchid: string;
  appid: string;
  outTradeNo: string;
  transactionId: string | null;
  state: GatewayTradeState;
  amountFen: number;
  payerOpenid: string | null;
  successTime: Date | null;
}

export interface GatewayRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  status: 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';
  refundFen: number;
  successTime: Date | null;
}

/** One line of a trade bill: a paid trade (amount = order amount) or a refund (amount = refund). */
export interface TradeBillRow {
  kind: 'payment' | 'refund';
  tradeTime: string;
  transactionId: string;
  outTradeNo: string;
  outRefundNo: string | null;
  amountFen: number;
}

export interface JsapiPrepayInput {
  outTradeNo: string;
  description: string;
  amountFen: number;
  payerOpenid: string;
  expiresAt: Date;
  attach?: string;
}

/** 微信支付分 service order states (API v3): DOING once created in 免确认 mode, DONE when deducted. */
export type ServiceOrderState = 'CREATED' | 'DOING' | 'DONE' | 'REVOKED' | 'EXPIRED';

export interface GatewayServiceOrder {
  mchid: string;
  appid: string;
  outOrderNo: string;
  orderId: string | null;
  openid: string | null;
  state: ServiceOrderState;
  /** MCH_COMPLETE once the merchant completed it (deduction under way). */
  stateDescription: string | null;
  totalFen: number | null;
  /** The deduction, once the user paid (collection USER_PAID). */
  paid: { transactionId: string; amountFen: number; paidAt: Date } | null;
}

export interface CreateServiceOrderInput {
  outOrderNo: string;
  openid: string;
  /** service_introduction: 20 characters at most. */
  introduction: string;
  riskFundFen: number;
  riskFundDescription: string;
  startTime: Date;
  startLocation: string;
  attach?: string;
}

export interface CompleteServiceOrderInput {
  outOrderNo: string;
  items: Array<{ name: string; amountFen: number; description: string }>;
  totalFen: number;
  endTime: Date;
  endLocation: string;
}

/** A verified, decrypted notice. Non-payment events are acknowledged and otherwise ignored. */
export type VerifiedNotice =
  | { kind: 'transaction'; noticeId: string; transaction: GatewayTransaction }
  | { kind: 'payscore'; noticeId: string; order: GatewayServiceOrder }
  | { kind: 'other'; noticeId: string; eventType: string };

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface PaymentGateway {
  readonly merchant: { mchid: string; appid: string };
  createJsapiPrepay(input: JsapiPrepayInput): Promise<{ prepayId: string; payParams: JsapiPayParams }>;
  /** null when WeChat has no such order. */
  queryPayment(outTradeNo: string): Promise<GatewayTransaction | null>;
  /** 'already_paid' when WeChat refuses because the order was paid meanwhile. */
  closePayment(outTradeNo: string): Promise<'closed' | 'already_paid'>;
  /** Same out_refund_no, same refund: WeChat never refunds twice for one number. */
  refund(input: { outTradeNo: string; outRefundNo: string; refundFen: number; totalFen: number; reason: string }): Promise<GatewayRefund>;
  queryRefund(outRefundNo: string): Promise<GatewayRefund | null>;
  downloadTradeBill(billDate: string): Promise<TradeBillRow[]>;
  /** Whether a Pay Score service (service_id) is configured for this merchant. */
  readonly payscoreEnabled: boolean;
  /** 支付分: create a service order (免确认); `refused` with WeChat's reason when the user's score does not allow it. */
  createServiceOrder(input: CreateServiceOrderInput): Promise<{ kind: 'created'; order: GatewayServiceOrder } | { kind: 'refused'; reason: string }>;
  /** Completes with the final amount and its items (idempotent with the same total); WeChat deducts afterwards. */
  completeServiceOrder(input: CompleteServiceOrderInput): Promise<GatewayServiceOrder>;
  /** Cancels a service order that ends without charge; `not_cancellable` when it was completed meanwhile. */
  cancelServiceOrder(outOrderNo: string, reason: string): Promise<'cancelled' | 'not_cancellable'>;
  queryServiceOrder(outOrderNo: string): Promise<GatewayServiceOrder | null>;
  /** Throws a 4xx domain error for anything not genuinely from WeChat Pay, fresh and intact. */
  verifyNotice(headers: HeaderBag, rawBody: string): VerifiedNotice;
}
