import request from 'supertest';
import { startTestApp, TestApp, backend } from '../../helpers/test-deps';
import { listenFirst, type EarlyServer } from '../../helpers/http-server';
import { MUSEUM, RentalCarSim, rentalCar, rentalUsers, STATION_NORTH_SQUARE, carIdOf } from '../../helpers/rental-cars';
import { ManualClock } from '../../../server/src/platform/clock';
import { priceRental, SETTLE_PAYSCORE_JOB } from '../../../server/src/modules/rental';

/**
 * 免押 through 微信支付分 (#21 item 1) through the real app: the service order is created at the fake
 * WeChat Pay when the car is reserved (risk fund = the deposit), completed with the plan's price and
 * its items on return (WeChat deducts it and posts PAYSCORE.USER_PAID, signed and encrypted, to our
 * notify URL), and cancelled when the rental ends without charge. WeChat Pay signs with the real
 * time, so the app's clock starts at it; a rental lasts minutes.
 */
let t: TestApp;
let server: EarlyServer;
let base: string;
const clock = new ManualClock();
let north1: RentalCarSim;
let north2: RentalCarSim;

beforeAll(async () => {
  clock.set(new Date());
  server = await listenFirst();
  base = server.baseUrl;
  t = await startTestApp({ PORT: String(server.port), JT808_COMMAND_TIMEOUT_MS: '1000', JT808_COMMAND_FIRST_TIMEOUT_MS: '400', JT808_COMMAND_RETRIES: '1', JT808_COMMANDS_PER_MINUTE: '60' }, { clock });
  server.serve(t.callback);
  north1 = await rentalCar(t, '冀AD20001', STATION_NORTH_SQUARE, 1);
  north2 = await rentalCar(t, '冀AD20002', STATION_NORTH_SQUARE, 2);
}, 60_000);
afterAll(async () => {
  north1?.close();
  north2?.close();
  await server?.close();
  await t?.close();
});

const api = (auth: string) => ({
  get: (p: string) => request(base).get(p).set('Authorization', auth),
  post: (p: string, b: object = {}) => request(base).post(p).set('Authorization', auth).send(b),
});
const count = async (sql: string, params: unknown[] = []) => Number(((await t.deps.db.manager.query(sql, params)) as Array<{ n: number }>)[0]!.n);
const fake = () => t.deps.fakeWechatPay!;
const serviceOrderOf = async (rentalId: number) => {
  const [row] = await t.deps.db.manager.query("SELECT out_order_no, state, total_fen FROM payscore_order WHERE source_kind = 'rental' AND source_id = ?", [`rental-${rentalId}`]);
  return row as { out_order_no: string; state: string; total_fen: number | null } | undefined;
};

/** Polls the rental until its payment is as expected (the deduction notice arrives after the answer). */
async function paymentBecomes(me: ReturnType<typeof api>, id: number, payment: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    await t.deps.events.drain();
    const r = await me.get(`/api/rental/rentals/${id}`);
    if (r.body.payment === payment) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`rental ${id} never reached payment ${payment}`);
}

describe(`免押 through 微信支付分 (${backend})`, () => {
  it('when a user rents with Pay Score, then the service order holds the deposit as risk fund, and on return it is completed with the plan price and its items and deducted once however often the notice comes', async () => {
    const [u] = await rentalUsers(t, 1, '支付分用户');
    const me = api(u!.Authorization);
    const carId = await carIdOf(t, u!.Authorization, '冀AD20001');
    const held = await me.post('/api/rental/rentals', { carId, purpose: 'personal', payWith: 'payscore' });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ payWith: 'payscore', payment: 'payscore' });
    // Nothing was paid: no deposit, no WeChat Pay order.
    expect(await count('SELECT COUNT(*) AS n FROM payment_order')).toBe(0);
    const order = await serviceOrderOf(held.body.id);
    expect(order).toMatchObject({ state: 'doing' });
    const atWechat = fake().payscore.orders.get(order!.out_order_no)!;
    expect(atWechat).toMatchObject({ state: 'DOING', openid: `rental-openid-支付分用户-0`, riskFund: { name: 'DEPOSIT', amount: 50000 } });
    expect(atWechat.serviceIntroduction).toContain('分时租赁');
    expect(atWechat.location.start_location).toBe('石家庄站北广场');
    expect(atWechat.timeRange.start_time).toMatch(/^\d{14}$/);

    expect((await me.post(`/api/rental/rentals/${held.body.id}/unlock`)).body.status).toBe('in_rental');
    await north1.driveTo(MUSEUM, 6.4);
    clock.advance(4 * 60_000);
    await north1.park();
    await me.post(`/api/rental/rentals/${held.body.id}/lock`);
    await north1.report();
    const returned = await me.post(`/api/rental/rentals/${held.body.id}/return`);
    expect(returned.status).toBe(200);
    // The price the plan gives for these minutes and 6.4 km, whatever the time of day the test runs.
    const expected = priceRental(returned.body.plan, Date.parse(returned.body.startedAt), Date.parse(returned.body.endedAt), 64);
    expect(returned.body.price).toEqual(expected);
    expect(returned.body.amountFen).toBe(expected.totalFen);
    expect(['score_charging', 'paid']).toContain(returned.body.payment);
    expect(atWechat).toMatchObject({ stateDescription: 'MCH_COMPLETE', totalAmount: expected.totalFen, location: { end_location: '河北博物院' } });
    expect(atWechat.postPayments.reduce((s, p) => s + p.amount, 0)).toBe(expected.totalFen);
    expect(atWechat.postPayments.map((p) => p.name)).toEqual(expect.arrayContaining(['时长费', '里程费']));
    expect(atWechat.postPayments.find((p) => p.name === '里程费')).toMatchObject({ amount: expected.kmFen, description: '6.4 公里' });

    const paid = await paymentBecomes(me, held.body.id, 'paid');
    expect(paid).toMatchObject({ payment: 'paid', outTradeNo: order!.out_order_no });
    expect(atWechat.state).toBe('DONE');
    // The same notice again (WeChat retries): nothing is credited twice.
    const notice = fake().payscore.notices.find((n) => n.body.length > 0)!;
    const replays = await Promise.all(Array.from({ length: 5 }, () => request(base).post(new URL(notice.url).pathname).set(notice.headers).send(notice.body)));
    expect(replays.map((r) => r.status)).toEqual(Array(5).fill(204));
    await t.deps.events.drain();
    expect(await serviceOrderOf(held.body.id)).toMatchObject({ state: 'paid', total_fen: expected.totalFen });
    expect(await count("SELECT COUNT(*) AS n FROM domain_event WHERE type = 'payscore.paid'")).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM ledger_journal WHERE kind = 'payment'")).toBe(1);
    // Nothing to pay by hand.
    expect((await me.post(`/api/rental/rentals/${held.body.id}/pay`)).body.error.code).toBe('RENTAL_NOT_PAYABLE');
  }, 40_000);

  it('when the unlock fails and the user gives up, then the service order is cancelled and nothing is charged', async () => {
    const [u] = await rentalUsers(t, 1, '开锁失败');
    const me = api(u!.Authorization);
    const carId = await carIdOf(t, u!.Authorization, '冀AD20002');
    const held = await me.post('/api/rental/rentals', { carId, purpose: 'personal', payWith: 'payscore' });
    expect(held.status).toBe(201);
    north2.misbehave('noReply');
    const failed = await me.post(`/api/rental/rentals/${held.body.id}/unlock`);
    expect(failed.status).toBe(409);
    expect(failed.body.error.code).toBe('RENTAL_UNLOCK_NOT_CONFIRMED');
    north2.misbehave('none');
    const cancelled = await me.post(`/api/rental/rentals/${held.body.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', payment: 'none', amountFen: null });
    const order = await serviceOrderOf(held.body.id);
    expect(order).toMatchObject({ state: 'cancelled', total_fen: null });
    expect(fake().payscore.orders.get(order!.out_order_no)).toMatchObject({ state: 'REVOKED', cancelReason: '用户取消预约', totalAmount: null, collection: null });
    expect(await count("SELECT COUNT(*) AS n FROM domain_event WHERE type = 'payscore.paid' AND payload_json LIKE ?", [`%rental-${held.body.id}"%`])).toBe(0);
  }, 30_000);

  it('when the user\'s score refuses, then no reservation is left holding the car and the user is told WeChat\'s reason', async () => {
    const [u] = await rentalUsers(t, 1, '分数不足');
    fake().payscore.refuse('rental-openid-分数不足-0', '用户微信支付分不足 550 分');
    const me = api(u!.Authorization);
    const carId = await carIdOf(t, u!.Authorization, '冀AD20002');
    const refused = await me.post('/api/rental/rentals', { carId, purpose: 'personal', payWith: 'payscore' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'PAYSCORE_REFUSED', message: expect.stringMatching(/微信支付分未通过：用户微信支付分不足 550 分.*押金/) });
    expect((await me.get('/api/rental/rentals/current')).body.rental).toBeNull();
    expect(await carIdOf(t, u!.Authorization, '冀AD20002')).toBe(carId);
    // The same user may still rent with the deposit or per rental.
    const plain = await me.post('/api/rental/rentals', { carId, purpose: 'personal' });
    expect(plain.body).toMatchObject({ payWith: 'wechat_pay', payment: 'none' });
    await me.post(`/api/rental/rentals/${plain.body.id}/cancel`);
  }, 30_000);

  it('when a Pay Score reservation expires while WeChat cannot be asked, then the scheduler cancels the service order later, once', async () => {
    const [u] = await rentalUsers(t, 1, '支付分超时');
    const me = api(u!.Authorization);
    const carId = await carIdOf(t, u!.Authorization, '冀AD20002');
    const held = await me.post('/api/rental/rentals', { carId, purpose: 'personal', payWith: 'payscore' });
    expect(held.status).toBe(201);
    // 16 minutes on our clock: WeChat's answers (signed at the real time) look stale, so cancelling fails now.
    clock.advance(16 * 60_000);
    expect(await t.deps.rental.rentals.expireReservations()).toBe(1);
    expect((await me.get(`/api/rental/rentals/${held.body.id}`)).body).toMatchObject({ status: 'expired', payment: 'score_releasing' });
    clock.set(new Date());
    const fire = new Date();
    const work = () => t.deps.rental.rentals.settleUnsettledPayscore();
    expect(await t.deps.scheduler.runOnce(SETTLE_PAYSCORE_JOB, fire, work)).toBe(true);
    expect(await t.deps.scheduler.runOnce(SETTLE_PAYSCORE_JOB, fire, work)).toBe(false);
    expect((await me.get(`/api/rental/rentals/${held.body.id}`)).body).toMatchObject({ status: 'expired', payment: 'none' });
    const order = await serviceOrderOf(held.body.id);
    expect(fake().payscore.orders.get(order!.out_order_no)).toMatchObject({ state: 'REVOKED', cancelReason: '预约超时未用车' });
  }, 30_000);

  it('when an official rental asks for Pay Score, then it is refused naming why', async () => {
    const [u] = await rentalUsers(t, 1, '公务免押');
    const me = api(u!.Authorization);
    const carId = await carIdOf(t, u!.Authorization, '冀AD20002');
    const res = await me.post('/api/rental/rentals', { carId, purpose: 'official', tripId: 1, payWith: 'payscore' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'RENTAL_PAYSCORE_NOT_FOR_OFFICIAL', message: expect.stringContaining('单位按月结算') });
  });
});
