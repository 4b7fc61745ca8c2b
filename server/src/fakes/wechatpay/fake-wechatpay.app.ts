import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { parseAuthorization, randomNonce, rsaSign, rsaVerify } from './fake-wechatpay.crypto';
import { FakeWechatPayCredentials, generateFakeWechatPayCredentials } from './fake-wechatpay.credentials';
import { FakeWechatPayState, FakeTransaction } from './fake-wechatpay.state';
import { buildPaymentNotice, FakeNotice, NoticeVariant } from './fake-wechatpay.notices';
import { buildMerchantApiRouter, fail } from './fake-wechatpay.routes';
import { buildPayScoreRouter, FakePayScoreState } from './fake-wechatpay.payscore';

/** How a notice reaches the merchant; tests pass one that drives the app in-process. Returns the HTTP status. */
export type NoticeDeliverer = (notice: FakeNotice) => Promise<number>;

export interface FakeWechatPayOptions {
  credentials?: FakeWechatPayCredentials;
  now?: () => Date;
  deliver?: NoticeDeliverer;
  /** Accept merchant requests whose timestamp is within this many seconds (WeChat: about 5 minutes). */
  requestWindowSeconds?: number;
}

export interface FakeWechatPay {
  app: Koa;
  credentials: FakeWechatPayCredentials;
  state: FakeWechatPayState;
  /** 微信支付分: service orders, and whose score refuses (`payscore.refuse(openid)`). */
  payscore: FakePayScoreState;
  /** Deducts a completed service order now and delivers PAYSCORE.USER_PAID (when `payscore.autoDeduct` is off). */
  deductPayScore(outOrderNo: string): Promise<number>;
  /** Pays a prepay id (or out_trade_no) as the payer would, then delivers the notice once. */
  pay(prepayIdOrOutTradeNo: string, variant?: NoticeVariant): Promise<{ transaction: FakeTransaction; notice: FakeNotice; deliveredStatus: number }>;
  /** Marks an order paid without sending any notice (as when every notice is lost). */
  settle(prepayIdOrOutTradeNo: string): FakeTransaction;
  /** A fresh notice for an already paid order, genuine or spoiled as the variant says. */
  noticeFor(outTradeNo: string, variant?: NoticeVariant): FakeNotice;
  deliver(notice: FakeNotice): Promise<number>;
}

/**
 * Posts the notice to the merchant's notify URL. A merchant that cannot be reached (0) does not undo the
 * payment, as with WeChat Pay: the payer has paid, and the merchant learns it by querying the order.
 */
const defaultDeliverer: NoticeDeliverer = async (notice) => {
  try {
    const res = await fetch(notice.url, { method: 'POST', headers: notice.headers, body: notice.body, signal: AbortSignal.timeout(5000) });
    return res.status;
  } catch {
    return 0;
  }
};

function readRaw(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A WeChat Pay API v3 look-alike as a Koa app that does not listen. */
export function buildFakeWechatPay(options: FakeWechatPayOptions = {}): FakeWechatPay {
  const creds = options.credentials ?? generateFakeWechatPayCredentials();
  const now = options.now ?? (() => new Date());
  const deliverer = options.deliver ?? defaultDeliverer;
  const windowSeconds = options.requestWindowSeconds ?? 300;
  const state = new FakeWechatPayState();
  const app = new Koa();

  const noticeFor = (outTradeNo: string, variant: NoticeVariant = {}): FakeNotice => {
    const t = state.transactions.get(outTradeNo);
    if (!t || !t.transactionId || !t.successTime) throw new Error(`fake wechatpay: ${outTradeNo} is not paid`);
    return buildPaymentNotice(creds, { ...t, transactionId: t.transactionId, successTime: t.successTime }, now(), variant);
  };

  const settle = (key: string): FakeTransaction => {
    const t = state.byPrepayId(key) ?? state.transactions.get(key);
    if (!t) throw new Error(`fake wechatpay: unknown prepay id or order ${key}`);
    if (t.state === 'CLOSED') throw new Error(`fake wechatpay: order ${t.outTradeNo} is closed`);
    if (t.state === 'NOTPAY') {
      t.state = 'SUCCESS';
      t.transactionId = state.nextTransactionId();
      t.successTime = now();
    }
    return t;
  };

  const pay: FakeWechatPay['pay'] = async (key, variant) => {
    const t = settle(key);
    const notice = noticeFor(t.outTradeNo, variant);
    const deliveredStatus = await deliverer(notice);
    return { transaction: t, notice, deliveredStatus };
  };

  // Log every merchant call with its final status.
  app.use(async (ctx, next) => {
    await next();
    if (ctx.path.startsWith('/v3/')) state.calls.push({ method: ctx.method, path: ctx.path, status: ctx.status });
  });

  // Sign every /v3 answer with the platform key, error answers included (bill files are not signed).
  app.use(async (ctx, next) => {
    await next();
    if (!ctx.path.startsWith('/v3/') || ctx.state.unsigned) return;
    const body = ctx.body === undefined || ctx.body === null || ctx.status === 204 ? '' : typeof ctx.body === 'string' ? ctx.body : JSON.stringify(ctx.body);
    if (body !== '') {
      ctx.type = 'application/json';
      ctx.body = body;
    }
    const ts = String(Math.floor(now().getTime() / 1000));
    const nonce = randomNonce(32);
    ctx.set('Request-ID', randomNonce(24));
    ctx.set('Wechatpay-Timestamp', ts);
    ctx.set('Wechatpay-Nonce', nonce);
    ctx.set('Wechatpay-Serial', creds.platform.serialNo);
    ctx.set('Wechatpay-Signature', rsaSign(`${ts}\n${nonce}\n${body}\n`, creds.platform.privateKeyPem));
  });

  // Verify the merchant's Authorization over method, path+query, timestamp, nonce and the exact body.
  app.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/v3/')) return next();
    const raw = await readRaw(ctx.req);
    const auth = parseAuthorization(ctx.get('Authorization'));
    if (!auth) return fail(ctx, 401, 'SIGN_ERROR', '缺少或无法解析 Authorization');
    if (auth.mchid !== creds.mchid || auth.serial_no !== creds.merchant.serialNo) return fail(ctx, 401, 'SIGN_ERROR', '商户号或证书序列号不正确');
    if (Math.abs(Number(auth.timestamp) - now().getTime() / 1000) > windowSeconds) return fail(ctx, 401, 'SIGN_ERROR', '请求时间戳超出允许范围');
    const message = `${ctx.method}\n${ctx.url}\n${auth.timestamp}\n${auth.nonce_str}\n${raw}\n`;
    if (!rsaVerify(message, auth.signature, creds.merchant.publicKeyPem)) return fail(ctx, 401, 'SIGN_ERROR', '签名错误');
    if (raw) {
      try {
        ctx.state.json = JSON.parse(raw) as unknown;
      } catch {
        return fail(ctx, 400, 'PARAM_ERROR', '请求体不是合法的 JSON');
      }
    }
    await next();
    if (state.takeLostResponse(ctx.path)) fail(ctx, 500, 'SYSTEM_ERROR', '系统错误');
  });

  // The H5 demo calls /__fake/* from the app's own origin (another port): allow it.
  app.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/__fake/')) return next();
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type');
    ctx.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return;
    }
    await next();
  });

  const payscore = new FakePayScoreState();
  const scoreApi = buildPayScoreRouter(creds, payscore, now, () => state.nextTransactionId(), deliverer);
  app.use(buildMerchantApiRouter(creds, state, now).routes());
  app.use(scoreApi.router.routes());
  app.use(buildDemoRouter(creds, state, pay).routes());
  return { app, credentials: creds, state, payscore, deductPayScore: scoreApi.deduct, pay, settle, noticeFor, deliver: deliverer };
}

/**
 * Hooks a demo (or a test) uses in place of the WeChat client: `/__fake/pay` pays a prepay id,
 * `/__fake/request-payment` takes what wx.requestPayment would and checks its paySign first.
 */
function buildDemoRouter(creds: FakeWechatPayCredentials, state: FakeWechatPayState, pay: FakeWechatPay['pay']): Router {
  const router = new Router({ prefix: '/__fake' });
  router.post('/pay', async (ctx) => {
    const body = JSON.parse((await readRaw(ctx.req)) || '{}') as { prepay_id?: string; out_trade_no?: string };
    const key = body.prepay_id ?? body.out_trade_no;
    if (!key || !(state.byPrepayId(key) ?? state.transactions.get(key))) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    const { transaction, deliveredStatus } = await pay(key);
    ctx.body = { out_trade_no: transaction.outTradeNo, transaction_id: transaction.transactionId, notice_status: deliveredStatus };
  });
  router.post('/request-payment', async (ctx) => {
    const p = JSON.parse((await readRaw(ctx.req)) || '{}') as Record<string, string | undefined>;
    const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    if (p.appId !== creds.appid || p.signType !== 'RSA' || !p.paySign || !rsaVerify(message, p.paySign, creds.merchant.publicKeyPem)) {
      return fail(ctx, 400, 'SIGN_ERROR', 'paySign 校验失败');
    }
    const prepayId = (p.package ?? '').replace(/^prepay_id=/, '');
    if (!state.byPrepayId(prepayId)) return fail(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    const { transaction, deliveredStatus } = await pay(prepayId);
    ctx.body = { errMsg: 'requestPayment:ok', out_trade_no: transaction.outTradeNo, notice_status: deliveredStatus };
  });
  return router;
}

export interface RunningFakeWechatPay extends FakeWechatPay {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

/** Listens on `port` (0 picks a free one) for demos and tests that need a real socket. */
export async function startFakeWechatPay(options: FakeWechatPayOptions & { port?: number; host?: string } = {}): Promise<RunningFakeWechatPay> {
  const fake = buildFakeWechatPay(options);
  const server = http.createServer(fake.app.callback());
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    baseUrl: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
