import request from 'supertest';
import { startTestApp, TestApp, backend } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { listenFirst, type EarlyServer } from '../../helpers/http-server';

/**
 * 分时租赁押金 through the real app (sign-in, routes, payments, the fake WeChat Pay): the app
 * listens first so the fake can POST its signed notice to our real notify URL.
 */
let t: TestApp;
let server: EarlyServer;
let baseUrl: string;

beforeAll(async () => {
  server = await listenFirst();
  baseUrl = server.baseUrl;
  t = await startTestApp({ PORT: String(server.port), DEPOSIT_AMOUNT_FEN: '50000' });
  server.serve(t.callback);
});
afterAll(async () => {
  await server.close();
  await t?.close();
});

describe(`deposit for time-share cars (${backend})`, () => {
  it('when a civil servant has never paid, then the deposit is unpaid at the configured amount', async () => {
    const me = await signInAs(t, '王建国');
    const res = await request(baseUrl).get('/api/payments/deposits/mine').set('Authorization', me.Authorization);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'unpaid', amountFen: 50000, payment: null });
  });

  it('when they ask twice before paying, then both answers carry the same pending payment and its wx.requestPayment parameters', async () => {
    const me = await signInAs(t, '王建国');
    const first = await request(baseUrl).post('/api/payments/deposits').set('Authorization', me.Authorization);
    expect(first.status).toBe(200);
    expect(first.body.deposit).toMatchObject({ status: 'pending', amountFen: 50000, payment: { status: 'pending', amountFen: 50000, sourceKind: 'deposit', payerUserId: me.userId } });
    expect(first.body.payParams).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    expect(first.body.fakeWechatPayBaseUrl).toBe(t.deps.fakeWechatPay!.baseUrl);
    const second = await request(baseUrl).post('/api/payments/deposits').set('Authorization', me.Authorization);
    expect(second.body.deposit.payment.outTradeNo).toBe(first.body.deposit.payment.outTradeNo);
    expect(second.body.payParams.package).toBe(first.body.payParams.package);
    const mine = await request(baseUrl).get('/api/payments/deposits/mine').set('Authorization', me.Authorization);
    expect(mine.body).toMatchObject({ status: 'pending', payment: { outTradeNo: first.body.deposit.payment.outTradeNo } });
  });

  it('when the payer pays through the fake WeChat client, then the notice marks the deposit paid and asking again charges nothing', async () => {
    const me = await signInAs(t, '王建国');
    const start = await request(baseUrl).post('/api/payments/deposits').set('Authorization', me.Authorization);
    const paid = await request(start.body.fakeWechatPayBaseUrl).post('/__fake/request-payment').send(start.body.payParams);
    expect(paid.body).toMatchObject({ errMsg: 'requestPayment:ok', notice_status: 204 });
    const mine = await request(baseUrl).get('/api/payments/deposits/mine').set('Authorization', me.Authorization);
    expect(mine.body).toMatchObject({ status: 'paid', amountFen: 50000, payment: { status: 'paid', outTradeNo: start.body.deposit.payment.outTradeNo } });
    expect(mine.body.payment.transactionId).toEqual(expect.any(String));
    const again = await request(baseUrl).post('/api/payments/deposits').set('Authorization', me.Authorization);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ deposit: { status: 'paid' }, payParams: null });
    // One order at WeChat Pay for all these requests, paid once.
    const atWechat = [...t.deps.fakeWechatPay!.state.transactions.values()];
    expect(atWechat).toHaveLength(1);
    expect(atWechat[0]).toMatchObject({ state: 'SUCCESS', amountFen: 50000 });
    // Other modules learn of it from one payment.paid event, recorded with the order's change to paid.
    const events = (await t.deps.db.manager.query("SELECT payload_json FROM domain_event WHERE type = 'payment.paid'") as Array<{ payload_json: string }>)
        .map((r) => JSON.parse(r.payload_json) as { outTradeNo: string; amountFen: number; sourceKind: string; payerUserId: number })
        .filter((p) => p.outTradeNo === start.body.deposit.payment.outTradeNo);
    expect(events).toEqual([expect.objectContaining({ amountFen: 50000, sourceKind: 'deposit', payerUserId: me.userId })]);
  });

  it('when another civil servant looks, then they see only their own deposit (unpaid)', async () => {
    const other = await signInAs(t, '杨帆');
    const res = await request(baseUrl).get('/api/payments/deposits/mine').set('Authorization', other.Authorization);
    expect(res.body).toMatchObject({ status: 'unpaid', payment: null });
  });

  it('when a civil servant taps 缴纳押金 ten times at once, then there is one pending payment and every answer carries it', async () => {
    const me = await signInAs(t, '邓华');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => request(baseUrl).post('/api/payments/deposits').set('Authorization', me.Authorization)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const numbers = new Set(answers.map((a) => a.body.deposit.payment.outTradeNo as string));
    expect(numbers.size).toBe(1);
    const orders = await t.deps.db.manager.query(
      "SELECT out_trade_no FROM payment_order WHERE source_kind = 'deposit' AND payer_user_id = ?",
      [me.userId],
    );
    expect(orders).toHaveLength(1);
  });

  it('when a civil servant asks for the deposit back, then it is refunded once through WeChat Pay and shows unpaid again; asking again is refused with 409', async () => {
    const me = await signInAs(t, '王建国');
    const before = await request(baseUrl).get('/api/payments/deposits/mine').set('Authorization', me.Authorization);
    expect(before.body.status).toBe('paid');
    const outTradeNo = before.body.payment.outTradeNo as string;
    const answers = await Promise.all([1, 2].map(() => request(baseUrl).post('/api/payments/deposits/refund').set('Authorization', me.Authorization)));
    for (const a of answers) {
      if (a.status === 200) expect(a.body).toMatchObject({ status: 'unpaid', payment: null });
      else expect(a.body.error.code).toBe('DEPOSIT_NOT_PAID');
    }
    expect(answers.some((a) => a.status === 200)).toBe(true);
    const atWechat = [...t.deps.fakeWechatPay!.state.refunds.values()].filter((r) => r.outTradeNo === outTradeNo);
    expect(atWechat.map((r) => r.refundFen)).toEqual([50000]);
    const order = await t.deps.db.manager.query('SELECT refunded_fen FROM payment_order WHERE out_trade_no = ?', [outTradeNo]);
    expect(Number(order[0].refunded_fen)).toBe(50000);
    const again = await request(baseUrl).post('/api/payments/deposits/refund').set('Authorization', me.Authorization);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'DEPOSIT_NOT_PAID' });
    expect(again.body.error.message).toContain('未缴纳');
  });

  it('when someone who never paid asks for a refund, then it is refused with 409 and nothing is refunded', async () => {
    const other = await signInAs(t, '杨帆');
    const res = await request(baseUrl).post('/api/payments/deposits/refund').set('Authorization', other.Authorization);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DEPOSIT_NOT_PAID');
  });

  it('when a user without the applicant role asks, then it is refused with 403 and a Chinese message', async () => {
    const finance = await signInAs(t, '孙丽');
    const res = await request(baseUrl).post('/api/payments/deposits').set('Authorization', finance.Authorization);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('该操作需要');
  });

  it('when nobody is signed in, then it is 401', async () => {
    const res = await request(baseUrl).get('/api/payments/deposits/mine');
    expect(res.status).toBe(401);
  });
});
