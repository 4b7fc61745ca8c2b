import Pay from 'wechatpay-node-v3';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import { z } from 'zod';
import { jsapiPayParamsSchema, PaymentErrorCode as E } from '@shared/payments/payments.schemas';
import { UpstreamError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type {
  CompleteServiceOrderInput, CreateServiceOrderInput, GatewayRefund, GatewayServiceOrder, GatewayTransaction, HeaderBag, JsapiPrepayInput,
  PaymentGateway, TradeBillRow, VerifiedNotice,
} from './payment.gateway';
import { WechatPayHttpClient, sha1Hex } from './wechatpay.http';
import { verifyPaymentNotice } from './wechatpay-notice';
import { parseTradeBill } from './trade-bill.parser';
import {
  errorWireSchema, refundWireSchema, serviceOrderWireSchema, toGatewayRefund, toGatewayServiceOrder, toGatewayTransaction, toPayScoreTime,
  toWechatTime, tradeBillWireSchema, transactionWireSchema,
} from './wechatpay.wire';

export interface WechatPayConfig {
  apiBase: string;
  mchid: string;
  appid: string;
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  /** Platform public keys by serial (Wechatpay-Serial). */
  platformPublicKeys: ReadonlyMap<string, string>;
  apiV3Key: string;
  notifyUrl: string;
  /** Notices and answers older (or newer) than this are refused. */
  windowSeconds: number;
  timeoutMs: number;
  /** 微信支付分服务 ID (service_id); null when the merchant has no Pay Score service (免押 is then not offered). */
  payscoreServiceId: string | null;
}

function wireError(out: Output, what: string): UpstreamError {
  const parsed = errorWireSchema.safeParse(out.error);
  const detail = parsed.success ? `${parsed.data.code} ${parsed.data.message}` : `HTTP ${out.status}`;
  return new UpstreamError(E.WECHATPAY_REQUEST_FAILED, `微信支付${what}失败：${detail}`, parsed.success ? { wechatCode: parsed.data.code } : undefined);
}

function parse<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(data);
  if (!r.success) throw new UpstreamError(E.WECHATPAY_REQUEST_FAILED, `微信支付${what}的应答格式不正确`);
  return r.data;
}

/** WeChat Pay API v3 through wechatpay-node-v3 (it signs requests and the JSAPI paySign). */
export class WechatPayGateway implements PaymentGateway {
  readonly merchant: { mchid: string; appid: string };
  private readonly pay: Pay;
  private readonly http: WechatPayHttpClient;

  constructor(private readonly config: WechatPayConfig, private readonly clock: Clock) {
    this.merchant = { mchid: config.mchid, appid: config.appid };
    // serial_no given, so the library does not try to read a certificate from `publicKey`.
    this.pay = new Pay({
      appid: config.appid, mchid: config.mchid, serial_no: config.merchantSerialNo,
      publicKey: Buffer.from('unused: serial_no is given'), privateKey: Buffer.from(config.merchantPrivateKeyPem), key: config.apiV3Key,
    });
    this.http = new WechatPayHttpClient({
      apiBase: config.apiBase, platformPublicKeys: config.platformPublicKeys, windowSeconds: config.windowSeconds,
      timeoutMs: config.timeoutMs, clock,
    });
    this.pay.createHttp(this.http);
  }

  get payscoreEnabled(): boolean {
    return this.config.payscoreServiceId != null;
  }

  private get serviceId(): string {
    if (!this.config.payscoreServiceId) throw new UpstreamError(E.WECHATPAY_REQUEST_FAILED, '未配置微信支付分服务（WECHATPAY_PAYSCORE_SERVICE_ID）');
    return this.config.payscoreServiceId;
  }

  /**
   * A 支付分 call: wechatpay-node-v3 has no Pay Score methods, so its own signer makes the Authorization
   * (over method, path with query, timestamp, nonce and the exact JSON body) and our client sends it.
   */
  private signed(method: 'GET' | 'POST', pathAndQuery: string, body?: Record<string, unknown>): Promise<Output> {
    const url = `https://api.mch.weixin.qq.com${pathAndQuery}`;
    const authorization = (this.pay as unknown as { buildAuthorization(m: string, u: string, p?: Record<string, unknown>): string }).buildAuthorization(method, url, body);
    const headers = { Authorization: authorization, Accept: 'application/json', 'User-Agent': 'gov-vehicle-platform' };
    return method === 'GET' ? this.http.get(url, headers) : this.http.post(url, body ?? {}, headers);
  }

  async createServiceOrder(input: CreateServiceOrderInput): Promise<{ kind: 'created'; order: GatewayServiceOrder } | { kind: 'refused'; reason: string }> {
    const out = await this.signed('POST', '/v3/payscore/serviceorder', {
      out_order_no: input.outOrderNo, appid: this.config.appid, service_id: this.serviceId, service_introduction: input.introduction.slice(0, 20),
      risk_fund: { name: 'DEPOSIT', amount: input.riskFundFen, description: input.riskFundDescription.slice(0, 30) },
      time_range: { start_time: toPayScoreTime(input.startTime) }, location: { start_location: input.startLocation.slice(0, 50) },
      attach: input.attach, notify_url: this.config.notifyUrl, openid: input.openid, need_user_confirm: false,
    });
    if (out.status === 403 || out.status === 400) {
      const e = errorWireSchema.safeParse(out.error);
      // The user's score does not allow the service (or the user has not enabled Pay Score): WeChat's reason is shown.
      if (e.success && ['RULE_LIMIT', 'USER_NOT_EXIST', 'NO_AUTH', 'USER_ACCOUNT_ABNORMAL'].includes(e.data.code)) return { kind: 'refused', reason: e.data.message };
    }
    if (out.status !== 200) throw wireError(out, '创建支付分订单');
    return { kind: 'created', order: toGatewayServiceOrder(parse(serviceOrderWireSchema, out.data, '创建支付分订单')) };
  }

  async completeServiceOrder(input: CompleteServiceOrderInput): Promise<GatewayServiceOrder> {
    const out = await this.signed('POST', `/v3/payscore/serviceorder/${encodeURIComponent(input.outOrderNo)}/complete`, {
      appid: this.config.appid, service_id: this.serviceId,
      post_payments: input.items.map((i) => ({ name: i.name.slice(0, 20), amount: i.amountFen, description: i.description.slice(0, 30) })),
      total_amount: input.totalFen, time_range: { end_time: toPayScoreTime(input.endTime) }, location: { end_location: input.endLocation.slice(0, 50) },
    });
    if (out.status !== 200) throw wireError(out, '完结支付分订单');
    return toGatewayServiceOrder(parse(serviceOrderWireSchema, out.data, '完结支付分订单'));
  }

  async cancelServiceOrder(outOrderNo: string, reason: string): Promise<'cancelled' | 'not_cancellable'> {
    const out = await this.signed('POST', `/v3/payscore/serviceorder/${encodeURIComponent(outOrderNo)}/cancel`, {
      appid: this.config.appid, service_id: this.serviceId, reason: reason.slice(0, 50),
    });
    if (out.status === 200) return 'cancelled';
    const e = errorWireSchema.safeParse(out.error);
    if (e.success && e.data.code === 'ORDER_STATE_ERROR') return 'not_cancellable';
    throw wireError(out, '取消支付分订单');
  }

  async queryServiceOrder(outOrderNo: string): Promise<GatewayServiceOrder | null> {
    const q = new URLSearchParams({ out_order_no: outOrderNo, service_id: this.serviceId, appid: this.config.appid });
    const out = await this.signed('GET', `/v3/payscore/serviceorder?${q.toString()}`);
    if (out.status === 404) return null;
    if (out.status !== 200) throw wireError(out, '查询支付分订单');
    return toGatewayServiceOrder(parse(serviceOrderWireSchema, out.data, '查询支付分订单'));
  }

  async createJsapiPrepay(input: JsapiPrepayInput): Promise<{ prepayId: string; payParams: z.infer<typeof jsapiPayParamsSchema> }> {
    const out = await this.pay.transactions_jsapi({
      description: input.description, out_trade_no: input.outTradeNo, time_expire: toWechatTime(input.expiresAt),
      attach: input.attach, notify_url: this.config.notifyUrl, amount: { total: input.amountFen, currency: 'CNY' },
      payer: { openid: input.payerOpenid },
    });
    if (out.status !== 200) throw wireError(out, '下单');
    const payParams = parse(jsapiPayParamsSchema, out.data, '下单');
    return { prepayId: payParams.package.replace(/^prepay_id=/, ''), payParams };
  }

  async queryPayment(outTradeNo: string): Promise<GatewayTransaction | null> {
    const out = await this.pay.query({ out_trade_no: outTradeNo });
    if (out.status === 404) return null;
    if (out.status !== 200) throw wireError(out, '查单');
    return toGatewayTransaction(parse(transactionWireSchema, out.data, '查单'));
  }

  async closePayment(outTradeNo: string): Promise<'closed' | 'already_paid'> {
    const out = await this.pay.close(outTradeNo);
    if (out.status === 204 || out.status === 200) return 'closed';
    const code = errorWireSchema.safeParse(out.error);
    if (code.success && code.data.code === 'ORDERPAID') return 'already_paid';
    throw wireError(out, '关单');
  }

  async refund(input: { outTradeNo: string; outRefundNo: string; refundFen: number; totalFen: number; reason: string }): Promise<GatewayRefund> {
    const out = await this.pay.refunds({
      out_trade_no: input.outTradeNo, out_refund_no: input.outRefundNo, reason: input.reason,
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    });
    if (out.status !== 200) throw wireError(out, '退款');
    return toGatewayRefund(parse(refundWireSchema, out.data, '退款'));
  }

  async queryRefund(outRefundNo: string): Promise<GatewayRefund | null> {
    const out = await this.pay.find_refunds(outRefundNo);
    if (out.status === 404) return null;
    if (out.status !== 200) throw wireError(out, '查询退款');
    return toGatewayRefund(parse(refundWireSchema, out.data, '查询退款'));
  }

  async downloadTradeBill(billDate: string): Promise<TradeBillRow[]> {
    const out = await this.pay.tradebill({ bill_date: billDate, bill_type: 'ALL' });
    if (out.status !== 200) {
      const code = errorWireSchema.safeParse(out.error);
      if (code.success && code.data.code === 'NO_STATEMENT_EXIST') {
        throw new UpstreamError(E.TRADE_BILL_NOT_READY, `${billDate} 的交易账单尚未生成（次日 10 点后可下载）`);
      }
      throw wireError(out, '申请交易账单');
    }
    const bill = parse(tradeBillWireSchema, out.data, '申请交易账单');
    const file = await this.pay.downloadBill(bill.download_url);
    if (file.status !== 200 || typeof file.data !== 'string') throw wireError(file, '下载交易账单');
    // The file itself is unsigned; its hash comes in the signed answer above.
    if (bill.hash_type.toUpperCase() !== 'SHA1' || sha1Hex(file.data) !== bill.hash_value.toLowerCase()) {
      throw new UpstreamError(E.TRADE_BILL_CORRUPT, `${billDate} 的交易账单校验值不符`);
    }
    return parseTradeBill(file.data);
  }

  verifyNotice(headers: HeaderBag, rawBody: string): VerifiedNotice {
    return verifyPaymentNotice(
      { platformPublicKeys: this.config.platformPublicKeys, apiV3Key: this.config.apiV3Key, windowSeconds: this.config.windowSeconds },
      headers, rawBody, this.clock.now(),
    );
  }
}
