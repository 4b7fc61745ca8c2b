import crypto from 'node:crypto';
import request from 'supertest';
import { ManualClock } from '../../../server/src/platform/clock';
import { Scheduler } from '../../../server/src/platform/scheduler';
import { createRedis, RedisClient } from '../../../server/src/platform/redis';
import { PaymentOrderEntity, PaymentRefundEntity } from '../../../server/src/modules/payments/payments.entity';
import { LedgerJournalEntity } from '../../../server/src/modules/ledger/ledger.entity';
import { openPaymentsWorld, PaymentsWorld } from './support/payments-world';
import { actorHeader, finance } from './support/payments-test-app';
import { addShanghaiDays, shanghaiInstant } from '@shared/common/time';

/** `YYYY-MM-DD` of the Beijing day `offset` days from today, and an instant at `hour`:00 that day. */
function beijingDay(offset: number, hour: number): { date: string; at: Date } {
  const date = addShanghaiDays(Date.now(), offset);
  return { date, at: shanghaiInstant(date, `${String(hour).padStart(2, '0')}:00`) };
}

// Every party (fake, gateway, services) reads this clock; it starts at 09:00 Beijing today.
const clock = new ManualClock(beijingDay(0, 9).at);
let w: PaymentsWorld;
let redis: RedisClient;
let seq = 0;

beforeAll(async () => {
  w = await openPaymentsWorld('lifecycle', { clock, fakeWindowSeconds: 10 * 86400 });
  redis = createRedis(process.env.REDIS_URL ? { kind: 'redis', url: process.env.REDIS_URL } : { kind: 'emulated' });
});
afterAll(async () => {
  redis.disconnect();
  await w.close();
});

async function paidOrder(amountFen: number, userId = 21) {
  seq += 1;
  const { payment } = await w.payments.startPayment({
    payerUserId: userId, payerOpenid: `openid-${userId}`, amountFen, description: '押金', sourceKind: 'deposit', sourceId: `D-${seq}`,
  });
  await w.fake.pay(payment.outTradeNo);
  return payment.outTradeNo;
}

const api = () => request(w.app.callback());
const order = (outTradeNo: string) => w.testDb.db.manager.getRepository(PaymentOrderEntity).findOneByOrFail({ outTradeNo });

describe('refunds', () => {
  it('when a refund answer is lost and the refund is retried with the same number, then WeChat refunds once and we book it once', async () => {
    const no = await paidOrder(10000);
    w.fake.state.loseResponses.set('/v3/refund/domestic/refunds', 1);
    const body = { amountFen: 4000, reason: '行程取消', refundNo: 'RF-LOST-0001' };
    const first = await api().post(`/api/payments/${no}/refunds`).set(actorHeader(finance)).send(body);
    expect(first.status).toBe(502);
    expect(first.body.error.details).toMatchObject({ refundNo: 'RF-LOST-0001' });
    expect(w.fake.state.refunds.size).toBe(1);

    for (let i = 0; i < 3; i += 1) {
      const retry = await api().post(`/api/payments/${no}/refunds`).set(actorHeader(finance)).send(body);
      expect(retry.status).toBe(201);
      expect(retry.body).toMatchObject({ refundNo: 'RF-LOST-0001', status: 'succeeded', amountFen: 4000 });
    }
    expect([...w.fake.state.refunds.values()].filter((r) => r.outTradeNo === no)).toHaveLength(1);
    expect((await order(no)).refundedFen).toBe(4000);
    expect(await w.testDb.db.manager.getRepository(LedgerJournalEntity).countBy({ kind: 'refund', reference: 'RF-LOST-0001' })).toBe(1);
    expect(await w.ledger.balance('person:21')).toBe(-6000);
  });

  it('when the rest is refunded and then more is asked, then the order is fully refunded and the excess refused with 409', async () => {
    const no = await paidOrder(5000, 22);
    const partial = await api().post(`/api/payments/${no}/refunds`).set(actorHeader(finance)).send({ amountFen: 1000, reason: '部分退款', refundNo: 'RF-PART-0001' });
    expect(partial.status).toBe(201);
    const rest = await api().post(`/api/payments/${no}/refunds`).set(actorHeader(finance)).send({ amountFen: 4000, reason: '全部退款' });
    expect(rest.status).toBe(201);
    const excess = await api().post(`/api/payments/${no}/refunds`).set(actorHeader(finance)).send({ amountFen: 1, reason: '超额' });
    expect(excess.status).toBe(409);
    expect(excess.body.error.code).toBe('REFUND_EXCEEDS_PAID');
    expect((await order(no)).refundedFen).toBe(5000);
    expect(await w.ledger.balance('person:22')).toBe(0);
  });

  it('when a refund number is reused for another amount, then it is refused with 409', async () => {
    const no = await paidOrder(3000, 23);
    await api().post(`/api/payments/${no}/refunds`).set(actorHeader(finance)).send({ amountFen: 100, reason: '退款', refundNo: 'RF-REUSE-001' });
    const reuse = await api().post(`/api/payments/${no}/refunds`).set(actorHeader(finance)).send({ amountFen: 200, reason: '退款', refundNo: 'RF-REUSE-001' });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.code).toBe('REFUND_NUMBER_REUSED');
  });

  it('when someone without the finance role asks for a refund, then it is refused with 403', async () => {
    const no = await paidOrder(3000, 24);
    const before = w.fake.state.refunds.size;
    const res = await api().post(`/api/payments/${no}/refunds`).set(actorHeader({ ...finance, roles: ['applicant'] })).send({ amountFen: 100, reason: 'x' });
    expect(res.status).toBe(403);
    expect(w.fake.state.refunds.size).toBe(before);
    expect((await order(no)).refundedFen).toBe(0);
  });
});

describe('closing unpaid payments', () => {
  it('when the time limit passes, then the job run by two instances at once closes the payment once, at WeChat and here', async () => {
    seq += 1;
    const { payment } = await w.payments.startPayment({
      payerUserId: 31, payerOpenid: 'openid-31', amountFen: 800, description: '个人用车', sourceKind: 'rental', sourceId: `C-${seq}`,
    });
    const jobName = `payments.close-expired.test-${crypto.randomBytes(4).toString('hex')}`;
    const a = new Scheduler(redis, w.deps.logger, true);
    const b = new Scheduler(redis, w.deps.logger, true);
    const work = () => w.payments.closeExpired();

    clock.advance(14 * 60_000);
    await a.runOnce(jobName, clock.now(), work);
    expect((await order(payment.outTradeNo)).status).toBe('pending');

    clock.advance(2 * 60_000);
    const fireDate = clock.now();
    const ran = await Promise.all([a.runOnce(jobName, fireDate, work), b.runOnce(jobName, fireDate, work)]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect((await order(payment.outTradeNo)).status).toBe('closed');
    expect(w.fake.state.transactions.get(payment.outTradeNo)!.state).toBe('CLOSED');
    const closeCalls = w.fake.state.calls.filter((c) => c.path === `/v3/pay/transactions/out-trade-no/${payment.outTradeNo}/close`);
    expect(closeCalls).toHaveLength(1);
  });

  it('when an expired payment was in fact paid but its notice was lost, then the job credits it instead of closing it', async () => {
    seq += 1;
    const { payment } = await w.payments.startPayment({
      payerUserId: 32, payerOpenid: 'openid-32', amountFen: 650, description: '个人用车', sourceKind: 'rental', sourceId: `C-${seq}`,
    });
    w.fake.settle(payment.outTradeNo);
    clock.advance(16 * 60_000);
    const result = await w.payments.closeExpired();
    expect(result.credited).toBe(1);
    expect((await order(payment.outTradeNo)).status).toBe('paid');
    expect(w.fake.state.calls.some((c) => c.path.endsWith(`${payment.outTradeNo}/close`))).toBe(false);
  });
});

describe('reconciliation', () => {
  it('when the bill of today or a later day is asked for, then it is the caller\'s mistake (400 TRADE_BILL_NOT_READY), WeChat is not asked and nothing is recorded', async () => {
    const day = beijingDay(2, 9);
    clock.set(day.at);
    await paidOrder(100, 41);
    const calls = w.fake.state.calls.length;
    for (const billDate of [day.date, addShanghaiDays(day.at, 1), addShanghaiDays(day.at, 400)]) {
      const res = await api().post('/api/payments/reconciliations').set(actorHeader(finance)).send({ billDate });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('TRADE_BILL_NOT_READY');
      expect(res.body.error.message).toContain(billDate);
      expect(res.body.error.details[0]).toMatchObject({ field: 'body.billDate' });
    }
    expect(w.fake.state.calls.slice(calls).some((c) => c.path.includes('tradebill'))).toBe(false);
  });

  it('when the bill of yesterday is asked for before 10:00 today, then it is not ready yet (400), and after 10:00 it is fetched', async () => {
    const day = beijingDay(3, 9);
    clock.set(day.at);
    const yesterday = addShanghaiDays(day.at, -1);
    const early = await api().post('/api/payments/reconciliations').set(actorHeader(finance)).send({ billDate: yesterday });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('10:00');
    clock.set(beijingDay(3, 11).at);
    const ready = await api().post('/api/payments/reconciliations').set(actorHeader(finance)).send({ billDate: yesterday });
    expect(ready.status).toBe(201);
  });

  it('when the bill disagrees with our records, then each planted mismatch is listed for finance', async () => {
    const day = beijingDay(4, 10);
    clock.set(day.at);
    const matching = await paidOrder(1000, 42);
    const differs = await paidOrder(2000, 42);
    const missing = await paidOrder(3000, 42);
    const refunded = await api().post(`/api/payments/${matching}/refunds`).set(actorHeader(finance)).send({ amountFen: 300, reason: '部分退款', refundNo: 'RF-RECON-0001' });
    expect(refunded.status).toBe(201);
    w.fake.state.billAmountOverrides.set(differs, 1999);
    w.fake.state.billOmitted.add(missing);
    w.fake.state.billExtra.push({
      kind: 'payment', time: clock.now(), appid: w.fake.credentials.appid, mchid: w.fake.credentials.mchid, transactionId: '4200000000000000000000000001',
      outTradeNo: 'P-NOT-OURS-0001', openid: 'openid-x', description: '未知交易', totalFen: 500,
    });
    clock.set(beijingDay(5, 11).at); // 11:00 Beijing the next day: the bill is ready

    const res = await api().post('/api/payments/reconciliations').set(actorHeader(finance)).send({ billDate: day.date });
    expect(res.status).toBe(201);
    expect(res.body.matched).toBe(2);
    const kinds = res.body.mismatches.map((m: { kind: string; reference: string }) => `${m.kind}:${m.reference}`).sort();
    expect(kinds).toEqual([`amount_differs:${differs}`, 'extra:P-NOT-OURS-0001', `missing:${missing}`].sort());
    expect(res.body.mismatches.find((m: { kind: string }) => m.kind === 'amount_differs')).toMatchObject({ ourAmountFen: 2000, billAmountFen: 1999 });

    const again = await api().get(`/api/payments/reconciliations/${res.body.id}`).set(actorHeader(finance));
    expect(again.status).toBe(200);
    expect(again.body.mismatches).toHaveLength(3);
    expect(await w.testDb.db.manager.getRepository(PaymentRefundEntity).countBy({ outRefundNo: 'RF-RECON-0001', status: 'succeeded' })).toBe(1);
  });
});
