import crypto from 'node:crypto';
import Router from '@koa/router';
import { formatShanghai } from '@shared/common/time';
import { aesGcmEncrypt, randomNonce, rsaSign } from './fake-wechatpay.crypto';
import { FakeWechatPayCredentials, toWechatTime } from './fake-wechatpay.credentials';
import type { FakeNotice } from './fake-wechatpay.notices';
import { fail } from './fake-wechatpay.routes';

/**
 * 微信支付分 (WeChat Pay Score) service orders as API v3 defines them, 免确认 mode: create
 * (`POST /v3/payscore/serviceorder`, the user's score is judged at once: it may refuse), query
 * (`GET /v3/payscore/serviceorder?out_order_no=…`), cancel (`…/{out_order_no}/cancel`) and complete
 * (`…/{out_order_no}/complete`, WeChat then deducts the total and sends PAYSCORE.USER_PAID with the
 * order as an AEAD_AES_256_GCM resource). Everything is signed by the platform key like the rest.
 */
export type FakeServiceOrderState = 'CREATED' | 'DOING' | 'DONE' | 'REVOKED' | 'EXPIRED';

export interface FakePostPayment { name: string; amount: number; description?: string; count?: number }

export interface FakeServiceOrder {
  appid: string;
  mchid: string;
  serviceId: string;
  outOrderNo: string;
  orderId: string;
  openid: string;
  serviceIntroduction: string;
  state: FakeServiceOrderState;
  stateDescription: 'USER_CONFIRM' | 'MCH_COMPLETE' | null;
  riskFund: { name: string; amount: number; description?: string };
  timeRange: { start_time?: string; end_time?: string };
  location: { start_location?: string; end_location?: string };
  attach: string;
  notifyUrl: string;
  postPayments: FakePostPayment[];
  totalAmount: number | null;
  collection: { state: 'USER_PAYING' | 'USER_PAID'; totalAmount: number; paidAmount: number; transactionId: string | null; paidTime: Date | null } | null;
  cancelReason: string | null;
}

/** Whose score refuses, and the service orders made. */
export class FakePayScoreState {
  readonly orders = new Map<string, FakeServiceOrder>();
  /** openid → the reason WeChat gives when that user's score does not allow the service. */
  readonly refusals = new Map<string, string>();
  /** Notices of deductions, kept so a test can deliver one again. */
  readonly notices: FakeNotice[] = [];
  /** false: complete does not deduct (a test steps it with `deduct`). */
  autoDeduct = true;

  refuse(openid: string, reason = '用户支付分不满足服务条件'): void {
    this.refusals.set(openid, reason);
  }
}

interface Json { [key: string]: unknown }
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

export function serviceOrderView(o: FakeServiceOrder): Json {
  return {
    appid: o.appid, mchid: o.mchid, service_id: o.serviceId, out_order_no: o.outOrderNo, order_id: o.orderId, openid: o.openid,
    service_introduction: o.serviceIntroduction, state: o.state, state_description: o.stateDescription ?? undefined,
    risk_fund: o.riskFund, time_range: o.timeRange, location: o.location, attach: o.attach, notify_url: o.notifyUrl,
    post_payments: o.postPayments, total_amount: o.totalAmount ?? undefined, need_collection: true,
    collection: o.collection ? {
      state: o.collection.state, total_amount: o.collection.totalAmount, paying_amount: o.collection.totalAmount - o.collection.paidAmount,
      paid_amount: o.collection.paidAmount,
      details: o.collection.transactionId ? [{
        seq: 1, amount: o.collection.paidAmount, paid_type: 'NEWTON', paid_time: toWechatTime(o.collection.paidTime!), transaction_id: o.collection.transactionId,
      }] : [],
    } : undefined,
  };
}

/** A PAYSCORE.USER_PAID notice for a deducted order, signed and encrypted as WeChat sends it. */
export function buildPayScoreNotice(creds: FakeWechatPayCredentials, o: FakeServiceOrder, now: Date): FakeNotice {
  const nonce = randomNonce(12);
  const ciphertext = aesGcmEncrypt(JSON.stringify(serviceOrderView(o)), creds.apiV3Key, nonce, 'payscore');
  const body = JSON.stringify({
    id: crypto.randomUUID(), create_time: toWechatTime(now), resource_type: 'encrypt-resource', event_type: 'PAYSCORE.USER_PAID', summary: '支付分订单扣款成功',
    resource: { original_type: 'payscore', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'payscore', nonce },
  });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const headerNonce = randomNonce(32);
  return {
    url: o.notifyUrl,
    headers: {
      'content-type': 'application/json', 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': headerNonce,
      'wechatpay-signature': rsaSign(`${timestamp}\n${headerNonce}\n${body}\n`, creds.platform.privateKeyPem),
      'wechatpay-serial': creds.platform.serialNo, 'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
    body,
  };
}

export function buildPayScoreRouter(
  creds: FakeWechatPayCredentials, ps: FakePayScoreState, now: () => Date, nextTransactionId: () => string, deliver: (n: FakeNotice) => Promise<number>,
): { router: Router; deduct: (outOrderNo: string) => Promise<number> } {
  const router = new Router();

  /** WeChat deducts the completed total from the user's balance and tells the merchant. */
  const deduct = async (outOrderNo: string): Promise<number> => {
    const o = ps.orders.get(outOrderNo);
    if (!o || o.state !== 'DOING' || o.stateDescription !== 'MCH_COMPLETE' || o.totalAmount == null) throw new Error(`fake payscore: ${outOrderNo} is not completed`);
    o.state = 'DONE';
    o.collection = { state: 'USER_PAID', totalAmount: o.totalAmount, paidAmount: o.totalAmount, transactionId: nextTransactionId(), paidTime: now() };
    const notice = buildPayScoreNotice(creds, o, now());
    ps.notices.push(notice);
    return deliver(notice);
  };

  const find = (outOrderNo: string, b: unknown): FakeServiceOrder | 'param' | undefined => {
    if (!isObj(b) || b.appid !== creds.appid || b.service_id !== creds.payscoreServiceId) return 'param';
    return ps.orders.get(outOrderNo);
  };

  router.post('/v3/payscore/serviceorder', (ctx) => {
    const b: unknown = ctx.state.json;
    if (!isObj(b) || !isObj(b.risk_fund) || !isObj(b.time_range)) return fail(ctx, 400, 'PARAM_ERROR', '参数错误');
    if (b.appid !== creds.appid) return fail(ctx, 400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (b.service_id !== creds.payscoreServiceId) return fail(ctx, 400, 'PARAM_ERROR', 'service_id 不正确');
    const outOrderNo = str(b.out_order_no);
    const openid = str(b.openid);
    const intro = str(b.service_introduction);
    const fund = int(b.risk_fund.amount);
    const notifyUrl = str(b.notify_url);
    if (!outOrderNo || !/^[0-9A-Za-z_\-|*]{1,32}$/.test(outOrderNo) || !openid || !intro || intro.length > 20 || !fund || fund <= 0 || !notifyUrl || !str(b.risk_fund.name)) {
      return fail(ctx, 400, 'PARAM_ERROR', '参数错误');
    }
    if (b.need_user_confirm !== false) return fail(ctx, 400, 'PARAM_ERROR', '本商户仅开通免确认模式');
    const existing = ps.orders.get(outOrderNo);
    if (existing) {
      // 原参重入: the same order again answers as the first time.
      if (existing.openid !== openid || existing.riskFund.amount !== fund) return fail(ctx, 400, 'INVALID_REQUEST', '商户服务订单号重复');
      ctx.body = serviceOrderView(existing);
      return;
    }
    const refusal = ps.refusals.get(openid);
    if (refusal) return fail(ctx, 403, 'RULE_LIMIT', refusal);
    const o: FakeServiceOrder = {
      appid: creds.appid, mchid: creds.mchid, serviceId: creds.payscoreServiceId, outOrderNo, openid,
      orderId: `1000000000${formatShanghai(now(), 'yyyyMMddHHmmss')}${crypto.randomInt(1e7, 1e8 - 1)}`,
      serviceIntroduction: intro, state: 'DOING', stateDescription: null,
      riskFund: { name: String(b.risk_fund.name), amount: fund, description: str(b.risk_fund.description) },
      timeRange: { start_time: str(b.time_range.start_time), end_time: str(b.time_range.end_time) },
      location: isObj(b.location) ? { start_location: str(b.location.start_location), end_location: str(b.location.end_location) } : {},
      attach: str(b.attach) ?? '', notifyUrl, postPayments: [], totalAmount: null, collection: null, cancelReason: null,
    };
    ps.orders.set(outOrderNo, o);
    ctx.body = serviceOrderView(o);
  });

  router.get('/v3/payscore/serviceorder', (ctx) => {
    const o = ps.orders.get(String(ctx.query.out_order_no ?? ''));
    if (ctx.query.appid !== creds.appid || ctx.query.service_id !== creds.payscoreServiceId) return fail(ctx, 400, 'PARAM_ERROR', '参数错误');
    if (!o) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    ctx.body = serviceOrderView(o);
  });

  router.post('/v3/payscore/serviceorder/:no/cancel', (ctx) => {
    const b: unknown = ctx.state.json;
    const o = find(ctx.params.no, b);
    if (o === 'param' || !str((b as Json).reason)) return fail(ctx, 400, 'PARAM_ERROR', '参数错误');
    if (!o) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    if (o.state === 'REVOKED') {
      ctx.body = { appid: o.appid, mchid: o.mchid, out_order_no: o.outOrderNo, service_id: o.serviceId, order_id: o.orderId };
      return;
    }
    if (o.state !== 'CREATED' && !(o.state === 'DOING' && o.stateDescription !== 'MCH_COMPLETE')) return fail(ctx, 400, 'ORDER_STATE_ERROR', '订单状态不允许取消');
    o.state = 'REVOKED';
    o.cancelReason = String((b as Json).reason);
    ctx.body = { appid: o.appid, mchid: o.mchid, out_order_no: o.outOrderNo, service_id: o.serviceId, order_id: o.orderId };
  });

  router.post('/v3/payscore/serviceorder/:no/complete', (ctx) => {
    const b: unknown = ctx.state.json;
    const o = find(ctx.params.no, b);
    if (o === 'param' || !isObj(b) || !Array.isArray(b.post_payments)) return fail(ctx, 400, 'PARAM_ERROR', '参数错误');
    if (!o) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    const total = int(b.total_amount);
    const items: FakePostPayment[] = [];
    for (const p of b.post_payments) {
      if (!isObj(p) || !str(p.name) || int(p.amount) == null || (p.amount as number) < 0) return fail(ctx, 400, 'PARAM_ERROR', '后付费项目不正确');
      items.push({ name: String(p.name), amount: p.amount as number, description: str(p.description), count: int(p.count) });
    }
    // WeChat checks the total against the items (less discounts) and against the risk fund.
    if (total == null || total < 0 || items.reduce((s, p) => s + p.amount, 0) !== total) return fail(ctx, 400, 'PARAM_ERROR', '总金额与后付费项目不符');
    if (total > o.riskFund.amount) return fail(ctx, 400, 'PARAM_ERROR', '总金额超过风险金额');
    if (o.state === 'DOING' && o.stateDescription === 'MCH_COMPLETE' || o.state === 'DONE') {
      if (o.totalAmount !== total) return fail(ctx, 400, 'ORDER_STATE_ERROR', '订单已完结，金额不同');
      ctx.body = serviceOrderView(o);
      return;
    }
    if (o.state !== 'DOING') return fail(ctx, 400, 'ORDER_STATE_ERROR', '订单状态不允许完结');
    o.stateDescription = 'MCH_COMPLETE';
    o.postPayments = items;
    o.totalAmount = total;
    if (isObj(b.time_range)) o.timeRange.end_time = str(b.time_range.end_time);
    if (isObj(b.location)) o.location.end_location = str(b.location.end_location);
    ctx.body = serviceOrderView(o);
    // The deduction happens after the answer, as with WeChat (a total of 0 ends the order at once).
    if (total === 0) {
      o.state = 'DONE';
      return;
    }
    if (ps.autoDeduct) setImmediate(() => { void deduct(o.outOrderNo).catch(() => undefined); });
  });

  return { router, deduct };
}
