import Pay from 'wechatpay-node-v3';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import { z } from 'zod';
import { jsapiPayParamsSchema, PaymentErrorCode as E } from '@shared/payments/payments.schemas';
import { UpstreamError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type {
  GatewayRefund, GatewayTransaction, HeaderBag, JsapiPrepayInput, PaymentGateway, TradeBillRow, VerifiedNotice,
} from './payment.gateway';
import { WechatPayHttpClient, sha1Hex } from './wechatpay.http';
import { verifyPaymentNotice } from './wechatpay-notice';
import { parseTradeBill } from './trade-bill.parser';
import {
  errorWireSchema, prepayWireSchema, refundWireSchema, toGatewayRefund, toGatewayTransaction, toWechatTime,
  tradeBillWireSchema, transactionWireSchema,
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

  constructor(private readonly config: WechatPayConfig, private readonly clock: Clock) {
    this.merchant = { mchid: config.mchid, appid: config.appid };
    // serial_no given, so the library does not try to read a certificate from `publicKey`.
    this.pay = new Pay({
      appid: config.appid, mchid: config.mchid, serial_no: config.merchantSerialNo,
      publicKey: Buffer.from('unused: serial_no is given'), privateKey: Buffer.from(config.merchantPrivateKeyPem), key: config.apiV3Key,
    });
    this.pay.createHttp(new WechatPayHttpClient({
      apiBase: config.apiBase, platformPublicKeys: config.platformPublicKeys, windowSeconds: config.windowSeconds,
      timeoutMs: config.timeoutMs, clock,
    }));
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
