import request from 'supertest';
import { formatPlate } from '@shared/common/format';
import { shanghaiMonth, startOfShanghaiDay, addShanghaiDays } from '@shared/common/time';
import { startTestApp, TestApp, backend } from '../../helpers/test-deps';
import { listenFirst, type EarlyServer } from '../../helpers/http-server';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { signInAs } from '../../helpers/auth';
import { MUSEUM, RentalCarSim, rentalCar, rentalUsers, STATION_NORTH_SQUARE, carIdOf } from '../../helpers/rental-cars';
import { ManualClock } from '../../../server/src/platform/clock';
import { EXPIRE_RESERVATIONS_JOB } from '../../../server/src/modules/rental';
import type { Actor } from '../../../server/src/platform/data-scope';

/**
 * 分时租赁 through the real app (issue #15 acceptance, integration part): the gateway with cars'
 * terminals simulated over TCP, the fake WeChat Pay posting its notices to our notify URL, the
 * outbox delivering rental.ended to settlement. The clock is the app's (manual) so prices are exact.
 */
let t: TestApp;
let server: EarlyServer;
let base: string;
const clock = new ManualClock();
/** Tomorrow 10:00 Shanghai: a day-rate time for the minute plan (50 fen/min, 80 fen/km, night 25 fen/min 22:00–06:00, cap ¥83). */
const tenTomorrow = () => new Date(startOfShanghaiDay(addShanghaiDays(new Date(), 1)).getTime() + 10 * 3600_000);
const cars: RentalCarSim[] = [];
let north1: RentalCarSim;
let north2: RentalCarSim;
const AWAY = { lat: 38.0300, lng: 114.5000 };

beforeAll(async () => {
  clock.set(tenTomorrow());
  server = await listenFirst();
  base = server.baseUrl;
  t = await startTestApp({ PORT: String(server.port), JT808_COMMAND_TIMEOUT_MS: '1000', JT808_COMMAND_FIRST_TIMEOUT_MS: '400', JT808_COMMAND_RETRIES: '1', JT808_COMMANDS_PER_MINUTE: '60' }, { clock });
  server.serve(t.callback);
  north1 = await rentalCar(t, '冀AD20001', STATION_NORTH_SQUARE, 1);
  north2 = await rentalCar(t, '冀AD20002', STATION_NORTH_SQUARE, 2);
  cars.push(north1, north2, await rentalCar(t, '冀AD20004', { lat: 38.029, lng: 114.473 }, 4));
}, 60_000);
afterAll(async () => {
  for (const c of cars) c.close();
  await server?.close();
  await t?.close();
});

const api = (auth: string) => ({
  get: (p: string) => request(base).get(p).set('Authorization', auth),
  post: (p: string, b: object = {}) => request(base).post(p).set('Authorization', auth).send(b),
  put: (p: string, b: object = {}) => request(base).put(p).set('Authorization', auth).send(b),
});
const count = async (sql: string, params: unknown[] = []) => Number(((await t.deps.db.manager.query(sql, params)) as Array<{ n: number }>)[0]!.n);

describe(`time-share rental (${backend})`, () => {
  it('when a civil servant looks near 石家庄站, then available cars with battery enough come nearest first, and a car short of range for the stated distance is left out', async () => {
    const me = api((await signInAs(t, '王建国')).Authorization);
    const near = await me.get(`/api/rental/cars?lat=${STATION_NORTH_SQUARE.lat}&lng=${STATION_NORTH_SQUARE.lng}&radiusM=3000`);
    expect(near.status).toBe(200);
    const plates = near.body.cars.map((c: { plate: string }) => c.plate);
    expect(plates).toEqual(expect.arrayContaining(['冀AD20001', '冀AD20002']));
    expect(plates).not.toContain('冀AD20003'); // 15 % battery
    expect(near.body.cars[0].distanceM).toBeLessThan(50);
    expect(near.body.stations.map((s: { name: string }) => s.name)).toContain('石家庄站北广场');
    const far = await me.get(`/api/rental/cars?lat=${STATION_NORTH_SQUARE.lat}&lng=${STATION_NORTH_SQUARE.lng}&distanceKm=300`);
    // 300 km with a 20 % reserve needs 360 km: 冀AD20001 (340 km) and 冀AD20002 (280 km) fall out, 冀AD20004 (410 km) stays.
    expect(far.body.cars.map((c: { plate: string }) => c.plate)).toEqual(['冀AD20004']);
  });

  it('when 50 users race for one car, then exactly one holds it and the others are told it is taken', async () => {
    const users = await rentalUsers(t, 50, '抢车人');
    const carId = await carIdOf(t, users[0]!.Authorization, '冀AD20002');
    const answers = await Promise.all(users.map((u) => api(u.Authorization).post('/api/rental/rentals', { carId, purpose: 'personal' })));
    const won = answers.filter((a) => a.status === 201);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409 && a.body.error.code === 'RENTAL_CAR_UNAVAILABLE')).toHaveLength(49);
    expect(answers.find((a) => a.status === 409)!.body.error.message).toContain(formatPlate('冀AD20002'));
    expect(await count("SELECT COUNT(*) AS n FROM rental WHERE car_id = ? AND status IN ('reserved','in_rental')", [carId])).toBe(1);
    // The winner cancels: the car is free again for the next test.
    const winner = users[answers.indexOf(won[0]!)]!;
    expect((await api(winner.Authorization).post(`/api/rental/rentals/${won[0]!.body.id}/cancel`)).body.status).toBe('cancelled');
  }, 60_000);

  it('when the battery is too low, then the car cannot be reserved and the user is told the level', async () => {
    const me = api((await signInAs(t, '杨帆')).Authorization);
    const low = (await t.deps.db.manager.query("SELECT id FROM rental_car WHERE plate = '冀AD20003'"))[0].id;
    const res = await me.post('/api/rental/rentals', { carId: low, purpose: 'personal' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'RENTAL_BATTERY_TOO_LOW', message: expect.stringContaining('15%') });
  });

  it('when a reservation passes its 15 minutes, then the scheduler frees the car once across instances and the user sees why', async () => {
    const [u] = await rentalUsers(t, 1, '超时人');
    const me = api(u!.Authorization);
    const carId = await carIdOf(t, u!.Authorization, '冀AD20002');
    const held = await me.post('/api/rental/rentals', { carId, purpose: 'personal' });
    expect(held.status).toBe(201);
    expect((await me.get(`/api/rental/cars?stationId=${1}`)).body.cars.map((c: { id: number }) => c.id)).not.toContain(carId);
    clock.advance(14 * 60_000);
    expect(await t.deps.rental.rentals.expireReservations()).toBe(0);
    clock.advance(2 * 60_000);
    const fire = new Date();
    const work = () => t.deps.rental.rentals.expireReservations();
    // Two instances fire the same minute: one runs it.
    expect(await t.deps.scheduler.runOnce(EXPIRE_RESERVATIONS_JOB, fire, work)).toBe(true);
    expect(await t.deps.scheduler.runOnce(EXPIRE_RESERVATIONS_JOB, fire, work)).toBe(false);
    const current = await me.get('/api/rental/rentals/current');
    expect(current.body.rental).toMatchObject({ id: held.body.id, status: 'expired', note: expect.stringContaining('已释放') });
    expect((await me.get('/api/rental/cars')).body.cars.map((c: { id: number }) => c.id)).toContain(carId);
    const unlock = await me.post(`/api/rental/rentals/${held.body.id}/unlock`);
    expect(unlock.status).toBe(409);
    expect(await count("SELECT COUNT(*) AS n FROM domain_event WHERE type = 'rental.reservation_expired'")).toBe(1);
    clock.set(tenTomorrow());
  });

  it('when the unlock is not confirmed in time, then no rental starts, nothing is charged, the user is told why, and a retry unlocks', async () => {
    const [u] = await rentalUsers(t, 1, '开锁人');
    const me = api(u!.Authorization);
    const carId = await carIdOf(t, u!.Authorization, '冀AD20001');
    const held = await me.post('/api/rental/rentals', { carId, purpose: 'personal' });
    north1.misbehave('noReply');
    const failed = await me.post(`/api/rental/rentals/${held.body.id}/unlock`);
    expect(failed.status).toBe(409);
    expect(failed.body.error).toMatchObject({ code: 'RENTAL_UNLOCK_NOT_CONFIRMED', message: expect.stringMatching(/开锁未确认.*预约保留至.*未产生费用/) });
    const after = await me.get(`/api/rental/rentals/${held.body.id}`);
    expect(after.body).toMatchObject({ status: 'reserved', startedAt: null, amountFen: null, payment: 'none' });
    expect(await count('SELECT COUNT(*) AS n FROM payment_order')).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM domain_event WHERE type = 'rental.started'")).toBe(0);
    expect(north1.terminal.locked).toBe(true);
    north1.misbehave('none');
    const ok = await me.post(`/api/rental/rentals/${held.body.id}/unlock`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'in_rental', startedAt: clock.now().toISOString() });
    expect(north1.terminal.locked).toBe(false);
    // Ended by the company without charge after a fault report, for the next test to have the car.
    const fault = await me.post(`/api/rental/rentals/${held.body.id}/faults`, { description: '仪表盘报警灯常亮', photos: ['data:image/png;base64,AAAA'] });
    expect(fault.status).toBe(201);
    const gao = api((await signInAs(t, '高峰')).Authorization);
    const decided = await gao.post(`/api/rental/company/faults/${fault.body.id}/decide`, { endWithoutCharge: true, comment: '免费结束，车辆检修' });
    expect(decided.body.status).toBe('ended_without_charge');
    expect((await me.get(`/api/rental/rentals/${held.body.id}`)).body).toMatchObject({ status: 'closed', amountFen: 0, payment: 'none' });
    await gao.post('/api/rental/company/cars/' + carId, {}); // (no such POST route: ignored)
    const back = await request(base).patch(`/api/rental/company/cars/${carId}`).set('Authorization', (await signInAs(t, '高峰')).Authorization).send({ status: 'available' });
    expect(back.body.status).toBe('available');
  }, 30_000);

  it('when a personal rental is driven, returned outside the fence, then inside unlocked, then locked, then the plan prices it and WeChat Pay settles it once however often the notice comes', async () => {
    const [u] = await rentalUsers(t, 1, '个人用车');
    const me = api(u!.Authorization);
    // The deposit, paid through the fake WeChat Pay, cannot be refunded while the rental is open.
    // WeChat Pay signs with the real time: payments happen at it, the rental itself at tomorrow's 10:00.
    clock.set(new Date());
    const dep = await me.post('/api/payments/deposits');
    expect((await request(dep.body.fakeWechatPayBaseUrl).post('/__fake/request-payment').send(dep.body.payParams)).body.errMsg).toBe('requestPayment:ok');
    clock.set(tenTomorrow());
    const carId = await carIdOf(t, u!.Authorization, '冀AD20001');
    const held = await me.post('/api/rental/rentals', { carId, purpose: 'personal' });
    expect(held.status).toBe(201);
    expect((await me.post(`/api/rental/rentals/${held.body.id}/unlock`)).body.status).toBe('in_rental');
    const refused = await me.post('/api/payments/deposits/refund');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'DEPOSIT_HELD_BY_RENTAL', message: expect.stringContaining(String(held.body.id)) });

    await north1.driveTo(AWAY, 12.3);
    clock.advance(20 * 60_000);
    await north1.park();
    expect((await me.post(`/api/rental/rentals/${held.body.id}/lock`)).status).toBe(200);
    await north1.report(); // a terminal reports its status change
    const outside = await me.post(`/api/rental/rentals/${held.body.id}/return`);
    expect(outside.status).toBe(409);
    expect(outside.body.error.code).toBe('RENTAL_RETURN_OUTSIDE_STATION');
    expect(outside.body.error.details.distanceM).toBeGreaterThan(1000);
    expect(outside.body.error.message).toMatch(/距最近的还车网点「.+」约 \d+(\.\d)? 公里/);

    expect((await me.post(`/api/rental/rentals/${held.body.id}/unlock`)).status).toBe(200);
    await north1.driveTo(STATION_NORTH_SQUARE, 12.0);
    clock.advance(17 * 60_000);
    const running = await me.get(`/api/rental/rentals/${held.body.id}`);
    expect(running.body.price).toMatchObject({ minutes: 37, km: 24.3 });
    const ignition = await me.post(`/api/rental/rentals/${held.body.id}/return`);
    expect(ignition.body.error.code).toBe('RENTAL_RETURN_IGNITION_ON');
    await north1.park();
    const unlocked = await me.post(`/api/rental/rentals/${held.body.id}/return`);
    expect(unlocked.body.error.code).toBe('RENTAL_RETURN_NOT_LOCKED');
    await me.post(`/api/rental/rentals/${held.body.id}/lock`);
    await north1.report();
    const returned = await me.post(`/api/rental/rentals/${held.body.id}/return`);
    expect(returned.status).toBe(200);
    // 37 min × 50 fen + 24.3 km × 80 fen = 1,850 + 1,944.
    expect(returned.body).toMatchObject({ status: 'returned', amountFen: 3794, payment: 'unpaid', returnStationName: '石家庄站北广场' });
    expect(returned.body.price).toMatchObject({ minutes: 37, km: 24.3, dayFen: 1850, nightFen: 0, kmFen: 1944, capDeductionFen: 0, totalFen: 3794 });

    clock.set(new Date());
    const pay = await me.post(`/api/rental/rentals/${held.body.id}/pay`);
    expect(pay.status).toBe(200);
    expect(pay.body.payParams).toMatchObject({ signType: 'RSA' });
    const { notice, deliveredStatus } = await t.deps.fakeWechatPay!.pay(pay.body.outTradeNo);
    expect(deliveredStatus).toBe(204);
    const replays = await Promise.all(Array.from({ length: 10 }, () => request(base).post(new URL(notice.url).pathname).set(notice.headers).send(notice.body)));
    expect(replays.map((r) => r.status)).toEqual(Array(10).fill(204));
    await t.deps.events.drain();
    expect((await me.get(`/api/rental/rentals/${held.body.id}`)).body).toMatchObject({ payment: 'paid', outTradeNo: pay.body.outTradeNo });
    expect(await count("SELECT COUNT(*) AS n FROM payment_order WHERE source_kind = 'rental' AND status = 'paid'")).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM domain_event WHERE type = 'payment.paid' AND payload_json LIKE ?", [`%${pay.body.outTradeNo}%`])).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM billable_order WHERE source_kind = 'timeshare'")).toBe(0);
    // The rental is over: the deposit can go back now.
    expect((await me.post('/api/payments/deposits/refund')).status).toBe(200);
    expect((await me.post(`/api/rental/rentals/${held.body.id}/pay`)).body.error.code).toBe('RENTAL_NOT_PAYABLE');
  }, 30_000);

  it('when an official rental for an approved task ends, then it is billed to the unit on its statement with the company, and the task cannot be used twice', async () => {
    // A day-rate time: the previous test left the clock at the wall clock, and 95 minutes from 20:30 Shanghai cross the night rate.
    clock.set(tenTomorrow());
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    const me = api((await signInAs(t, '王建国')).Authorization);
    const carId = await carIdOf(t, (await signInAs(t, '王建国')).Authorization, '冀AD20004');
    const noTask = await me.post('/api/rental/rentals', { carId, purpose: 'official' });
    expect(noTask.status).toBe(400);
    expect(noTask.body.error.code).toBe('RENTAL_TASK_REQUIRED');
    const tripId = await approvedTrip(wang, [li], tripBody({ purpose: '分时租赁公务自驾' }, { now: clock.now(), daysAhead: 1 }));
    const noLicence = await me.post('/api/rental/rentals', { carId, purpose: 'official', tripId });
    expect(noLicence.body.error).toMatchObject({ code: 'RENTAL_LICENCE_REQUIRED', message: expect.stringContaining('驾驶证') });
    expect((await me.put('/api/rental/licence', { licenceNo: '130102198001011234', licenceClass: 'C1', expiresOn: '2031-05-01' })).status).toBe(200);
    const held = await me.post('/api/rental/rentals', { carId, purpose: 'official', tripId });
    expect(held.status).toBe(201);
    const office = cars[2]!;
    expect((await me.post(`/api/rental/rentals/${held.body.id}/unlock`)).status).toBe(200);
    await office.driveTo({ lat: 38.029, lng: 114.4731 }, 8.6);
    clock.advance(95 * 60_000);
    await office.park();
    expect((await me.post(`/api/rental/rentals/${held.body.id}/lock`)).body.status).toBe('in_rental');
    await office.report();
    const returned = await me.post(`/api/rental/rentals/${held.body.id}/return`);
    // 95 × 50 = 4,750 + 8.6 × 80 = 688.
    expect(returned.body).toMatchObject({ status: 'returned', amountFen: 5438, payment: 'statement', tripId });
    await t.deps.events.drain();
    const billed = await t.deps.db.manager.query("SELECT unit_id, amount_fen, company_id FROM billable_order WHERE source_kind = 'timeshare' AND source_id = ?", [`rental-${held.body.id}`]);
    expect(billed).toHaveLength(1);
    expect(Number(billed[0].amount_fen)).toBe(5438);
    const finance: Actor = { userId: 0, unitId: 0, regionCode: '13', regionLevel: 'province', roles: ['finance', 'platform_admin'] };
    const made = await t.deps.settlement.generate(finance, shanghaiMonth(clock.now()));
    const statement = made.find((s) => s.companyId === Number(billed[0].company_id) && s.unitId === Number(billed[0].unit_id))!;
    const full = await t.deps.settlement.get(finance, statement.id);
    expect(full.lines).toEqual(expect.arrayContaining([expect.objectContaining({ sourceKind: 'timeshare', sourceId: `rental-${held.body.id}`, amountFen: 5438 })]));
    const again = await me.post('/api/rental/rentals', { carId, purpose: 'official', tripId });
    expect(again.body.error.code).toBe('RENTAL_TASK_USED');
    clock.set(tenTomorrow());
  }, 30_000);

  it('when a rental runs from 20:00 to 04:00, then the daily cap holds across midnight (one 24 h period, not two)', async () => {
    const [u] = await rentalUsers(t, 1, '夜间用车');
    const me = api(u!.Authorization);
    clock.set(new Date(tenTomorrow().getTime() + 10 * 3600_000)); // 20:00
    const carId = await carIdOf(t, u!.Authorization, '冀AD20002');
    const held = await me.post('/api/rental/rentals', { carId, purpose: 'personal' });
    expect((await me.post(`/api/rental/rentals/${held.body.id}/unlock`)).status).toBe(200);
    await north2.driveTo(MUSEUM, 5.0);
    clock.advance(8 * 3600_000); // 04:00 the next day
    await north2.park();
    await me.post(`/api/rental/rentals/${held.body.id}/lock`);
    await north2.report();
    const returned = await me.post(`/api/rental/rentals/${held.body.id}/return`);
    expect(returned.status).toBe(200);
    // 120 day min × 50 = 6,000 + 360 night min × 25 = 9,000 → capped at 8,300; + 5 km × 80 = 400.
    expect(returned.body.price).toMatchObject({ dayFen: 6000, nightFen: 9000, capDeductionFen: 6700, kmFen: 400, totalFen: 8700 });
    expect(returned.body.returnStationName).toBe('河北博物院');
  }, 30_000);
});
