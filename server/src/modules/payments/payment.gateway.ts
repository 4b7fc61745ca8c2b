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

/** A verified, decrypted notice. Non-payment events are acknowledged and otherwise ignored. */
export type VerifiedNotice =
  | { kind: 'transaction'; noticeId: string; transaction: GatewayTransaction }
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
  /** Throws a 4xx domain error for anything not genuinely from WeChat Pay, fresh and intact. */
  verifyNotice(headers: HeaderBag, rawBody: string): VerifiedNotice;
}
