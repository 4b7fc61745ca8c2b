import crypto from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { FakeWechatPayCredentials, toBillDate, toWechatTime } from './fake-wechatpay.credentials';
import { FakeRefund, FakeTransaction, FakeWechatPayState } from './fake-wechatpay.state';
import { buildTradeBillCsv } from './fake-wechatpay.bill';

/** Answers the way API v3 does: an error object `{code, message}` with a 4xx/5xx status. */
export function fail(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.body = { code, message };
}

interface Json { [key: string]: unknown }
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

export function transactionView(t: FakeTransaction): Json {
  return {
    appid: t.appid, mchid: t.mchid, out_trade_no: t.outTradeNo, transaction_id: t.transactionId ?? undefined,
    trade_type: 'JSAPI', trade_state: t.state,
    trade_state_desc: { NOTPAY: '未支付', SUCCESS: '支付成功', CLOSED: '已关闭', REFUND: '转入退款' }[t.state],
    attach: t.attach, success_time: t.successTime ? toWechatTime(t.successTime) : undefined,
    payer: { openid: t.payerOpenid },
    amount: { total: t.amountFen, payer_total: t.state === 'NOTPAY' ? undefined : t.amountFen, currency: 'CNY', payer_currency: 'CNY' },
  };
}

function refundView(r: FakeRefund): Json {
  return {
    refund_id: r.refundId, out_refund_no: r.outRefundNo, transaction_id: r.transactionId, out_trade_no: r.outTradeNo,
    channel: 'ORIGINAL', user_received_account: '支付用户零钱', success_time: toWechatTime(r.successTime),
    create_time: toWechatTime(r.createTime), status: r.status, funds_account: 'AVAILABLE',
    amount: { total: r.totalFen, refund: r.refundFen, payer_total: r.totalFen, payer_refund: r.refundFen, settlement_refund: r.refundFen, settlement_total: r.totalFen, discount_refund: 0, currency: 'CNY', from: [] },
  };
}

export function buildMerchantApiRouter(creds: FakeWechatPayCredentials, state: FakeWechatPayState, now: () => Date): Router {
  const router = new Router();

  router.post('/v3/pay/transactions/jsapi', (ctx) => {
    const b: unknown = ctx.state.json;
    if (!isObj(b) || !isObj(b.amount) || !isObj(b.payer)) return fail(ctx, 400, 'PARAM_ERROR', '参数错误');
    const outTradeNo = str(b.out_trade_no);
    const total = int(b.amount.total);
    const openid = str(b.payer.openid);
    const notifyUrl = str(b.notify_url);
    if (b.appid !== creds.appid || b.mchid !== creds.mchid) return fail(ctx, 400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (!outTradeNo || !total || total <= 0 || !openid || !notifyUrl || !str(b.description)) return fail(ctx, 400, 'PARAM_ERROR', '参数错误');
    const existing = state.transactions.get(outTradeNo);
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') return fail(ctx, 400, 'ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') return fail(ctx, 400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.amountFen !== total) return fail(ctx, 400, 'OUT_TRADE_NO_USED', '商户订单号重复');
      ctx.body = { prepay_id: existing.prepayId };
      return;
    }
    const t: FakeTransaction = {
      appid: creds.appid, mchid: creds.mchid, outTradeNo, prepayId: state.nextPrepayId(), transactionId: null,
      description: String(b.description), attach: str(b.attach) ?? '', amountFen: total, payerOpenid: openid,
      notifyUrl, timeExpire: str(b.time_expire) ?? null, state: 'NOTPAY', successTime: null,
    };
    state.transactions.set(outTradeNo, t);
    ctx.body = { prepay_id: t.prepayId };
  });

  router.get('/v3/pay/transactions/out-trade-no/:no', (ctx) => {
    const t = state.transactions.get(ctx.params.no);
    if (!t || ctx.query.mchid !== creds.mchid) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    ctx.body = transactionView(t);
  });

  router.post('/v3/pay/transactions/out-trade-no/:no/close', (ctx) => {
    const t = state.transactions.get(ctx.params.no);
    if (!t) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    if (t.state === 'SUCCESS' || t.state === 'REFUND') return fail(ctx, 400, 'ORDERPAID', '订单已支付，不能关闭');
    t.state = 'CLOSED';
    ctx.status = 204;
  });

  router.post('/v3/refund/domestic/refunds', (ctx) => {
    const b: unknown = ctx.state.json;
    if (!isObj(b) || !isObj(b.amount)) return fail(ctx, 400, 'PARAM_ERROR', '参数错误');
    const outRefundNo = str(b.out_refund_no);
    const refund = int(b.amount.refund);
    const total = int(b.amount.total);
    const t = str(b.out_trade_no) ? state.transactions.get(String(b.out_trade_no)) : undefined;
    if (!outRefundNo || !refund || refund <= 0 || !total) return fail(ctx, 400, 'PARAM_ERROR', '参数错误');
    const already = state.refunds.get(outRefundNo);
    if (already) {
      // Same out_refund_no: WeChat answers with the refund it already made, never a second one.
      if (already.refundFen !== refund) return fail(ctx, 400, 'INVALID_REQUEST', '退款单号已使用，金额不一致');
      ctx.body = refundView(already);
      return;
    }
    if (!t || !t.transactionId || (t.state !== 'SUCCESS' && t.state !== 'REFUND')) return fail(ctx, 404, 'RESOURCE_NOT_EXISTS', '订单不存在或未支付');
    if (total !== t.amountFen) return fail(ctx, 400, 'INVALID_REQUEST', '订单金额不一致');
    if (state.refundedFen(t.outTradeNo) + refund > t.amountFen) return fail(ctx, 403, 'NOT_ENOUGH', '可退金额不足');
    const r: FakeRefund = {
      refundId: `50000${crypto.randomInt(10 ** 9, 10 ** 10 - 1)}${crypto.randomInt(10 ** 9, 10 ** 10 - 1)}`, outRefundNo,
      outTradeNo: t.outTradeNo, transactionId: t.transactionId, refundFen: refund, totalFen: total,
      reason: str(b.reason) ?? '', status: 'SUCCESS', createTime: now(), successTime: now(),
    };
    state.refunds.set(outRefundNo, r);
    t.state = 'REFUND';
    ctx.body = refundView(r);
  });

  router.get('/v3/refund/domestic/refunds/:no', (ctx) => {
    const r = state.refunds.get(ctx.params.no);
    if (!r) return fail(ctx, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    ctx.body = refundView(r);
  });

  router.get('/v3/bill/tradebill', (ctx) => {
    const billDate = String(ctx.query.bill_date ?? '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate)) return fail(ctx, 400, 'PARAM_ERROR', 'bill_date 格式错误');
    // Bills for day T are ready after 10:00 on T+1 (Beijing): ready when now - 34h is on or after T.
    if (toBillDate(new Date(now().getTime() - 34 * 3600 * 1000)) < billDate) return fail(ctx, 400, 'NO_STATEMENT_EXIST', '账单尚未生成');
    const csv = buildTradeBillCsv(billDate, state.billSources());
    const token = crypto.randomBytes(12).toString('hex');
    state.bills.set(token, csv);
    ctx.body = {
      hash_type: 'SHA1',
      hash_value: crypto.createHash('sha1').update(csv, 'utf8').digest('hex'),
      download_url: `https://api.mch.weixin.qq.com/v3/billdownload/file?token=${token}`,
    };
  });

  router.get('/v3/billdownload/file', (ctx) => {
    const csv = state.bills.get(String(ctx.query.token ?? ''));
    if (csv === undefined) return fail(ctx, 404, 'RESOURCE_NOT_EXISTS', '账单不存在');
    ctx.state.unsigned = true;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = csv;
  });

  return router;
}
