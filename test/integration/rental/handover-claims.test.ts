import request from 'supertest';
import { startTestApp, TestApp, backend } from '../../helpers/test-deps';
import { listenFirst, type EarlyServer } from '../../helpers/http-server';
import { signInAs } from '../../helpers/auth';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { MUSEUM, RentalCarSim, rentalCar, rentalUsers, STATION_NORTH_SQUARE, carIdOf } from '../../helpers/rental-cars';
import { ManualClock } from '../../../server/src/platform/clock';
import { CHARGE_CLAIMS_JOB } from '../../../server/src/modules/rental';

/**
 * Evidence at every handover and damage claims (#21 item 2) through the real app: the renter's photos
 * of the four sides at 取车 and 还车, each with the terminal's state then; a company's claim must point
 * at that evidence; the renter may appeal within the window (72 h) and an appeal stops the charge;
 * unappealed claims are charged by the scheduler once, through payments (personal use) or billed to
 * the unit (official use). WeChat Pay signs with the real time: the clock starts at it.
 */
let t: TestApp;
let server: EarlyServer;
let base: string;
const clock = new ManualClock();
let north1: RentalCarSim;
let north2: RentalCarSim;
let office: RentalCarSim;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const SIDES = ['front', 'back', 'left', 'right'] as const;

beforeAll(async () => {
  clock.set(new Date());
  server = await listenFirst();
  base = server.baseUrl;
  t = await startTestApp({ PORT: String(server.port), JT808_COMMAND_TIMEOUT_MS: '1000', JT808_COMMAND_FIRST_TIMEOUT_MS: '400', JT808_COMMAND_RETRIES: '1', JT808_COMMANDS_PER_MINUTE: '60' }, { clock });
  server.serve(t.callback);
  north1 = await rentalCar(t, '冀AD20001', STATION_NORTH_SQUARE, 1);
  north2 = await rentalCar(t, '冀AD20002', STATION_NORTH_SQUARE, 2);
  office = await rentalCar(t, '冀AD20004', { lat: 38.029, lng: 114.473 }, 4);
}, 60_000);
afterAll(async () => {
  for (const c of [north1, north2, office]) c?.close();
  await server?.close();
  await t?.close();
});

const api = (auth: string) => ({
  get: (p: string) => request(base).get(p).set('Authorization', auth),
  post: (p: string, b: object = {}) => request(base).post(p).set('Authorization', auth).send(b),
  photo: (p: string, body: Buffer = PNG, type = 'image/png') => request(base).post(p).set('Authorization', auth).set('Content-Type', type).send(body),
});
type Api = ReturnType<typeof api>;
const count = async (sql: string, params: unknown[] = []) => Number(((await t.deps.db.manager.query(sql, params)) as Array<{ n: number }>)[0]!.n);

/** Reserve, photograph the four sides, unlock, drive `km` to the museum, park, lock, photograph again, return. */
async function rentWithPhotos(me: Api, car: RentalCarSim, carId: number, extra: object = {}): Promise<{ id: number; photoIds: number[] }> {
  const held = await me.post('/api/rental/rentals', { carId, purpose: 'personal', ...extra });
  expect(held.status).toBe(201);
  for (const side of SIDES) expect((await me.photo(`/api/rental/rentals/${held.body.id}/handover/start/${side}`)).status).toBe(201);
  expect((await me.post(`/api/rental/rentals/${held.body.id}/unlock`)).status).toBe(200);
  await car.driveTo(MUSEUM, 6.4);
  clock.advance(3 * 60_000);
  await car.park();
  await me.post(`/api/rental/rentals/${held.body.id}/lock`);
  await car.report();
  for (const side of SIDES) expect((await me.photo(`/api/rental/rentals/${held.body.id}/handover/end/${side}`)).status).toBe(201);
  const returned = await me.post(`/api/rental/rentals/${held.body.id}/return`);
  expect(returned.status).toBe(200);
  const handover = await me.get(`/api/rental/rentals/${held.body.id}/handover`);
  return { id: held.body.id, photoIds: handover.body.photos.map((p: { id: number }) => p.id) };
}

describe(`handover evidence and damage claims (${backend})`, () => {
  let first: { id: number; photoIds: number[] };
  let renter: Api;

  it('when the renter photographs the four sides at pick-up and return, then each photo keeps the terminal\'s state and time, and shows through a signed link only', async () => {
    const [u] = await rentalUsers(t, 1, '拍照人');
    renter = api(u!.Authorization);
    const carId = await carIdOf(t, u!.Authorization, '冀AD20001');
    const startAt = clock.now().toISOString();
    first = await rentWithPhotos(renter, north1, carId);
    const { body } = await renter.get(`/api/rental/rentals/${first.id}/handover`);
    expect(body.photos).toHaveLength(8);
    const start = body.photos.filter((p: { stage: string }) => p.stage === 'start');
    const end = body.photos.filter((p: { stage: string }) => p.stage === 'end');
    expect(start.map((p: { side: string }) => p.side).sort()).toEqual(['back', 'front', 'left', 'right']);
    // At pick-up: locked at the station, ignition off, the car's charge; at return: 6.4 km on, at the museum, locked.
    expect(start[0]).toMatchObject({ takenAt: startAt, doorLocked: true, accOn: false, online: true, chargePct: 86 });
    expect(start[0].position.lat).toBeCloseTo(STATION_NORTH_SQUARE.lat, 4);
    expect(end[0]).toMatchObject({ doorLocked: true, accOn: false });
    expect(end[0].position.lat).toBeCloseTo(MUSEUM.lat, 4);
    expect(end[0].odometerKm - start[0].odometerKm).toBeCloseTo(6.4, 1);
    const image = await request(base).get(start[0].url);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(image.body as Buffer, PNG)).toBe(0);
    const forged = await request(base).get(start[0].url.replace(/sig=[0-9a-f]+/, `sig=${'0'.repeat(32)}`));
    expect(forged.status).toBe(404);
    // Not an image: refused naming the side.
    const text = await renter.photo(`/api/rental/rentals/${first.id}/handover/end/front`, Buffer.from('not a photo at all'), 'image/jpeg');
    expect(text.status).toBe(400);
    expect(text.body.error).toMatchObject({ code: 'RENTAL_PHOTO_INVALID', message: expect.stringContaining('还车车头照片') });
    // Another user cannot see them.
    const [other] = await rentalUsers(t, 1, '旁人');
    expect((await api(other!.Authorization).get(`/api/rental/rentals/${first.id}/handover`)).status).toBe(404);
  }, 40_000);

  it('when the company claims damage without evidence, or with photos of another rental, then it is refused; with its own photos the claim waits for the appeal window', async () => {
    const gao = api((await signInAs(t, '高峰')).Authorization);
    const items = [{ name: '右后门划痕修复', amountFen: 30000 }, { name: '停运损失', amountFen: 5000 }];
    const none = await gao.post(`/api/rental/company/rentals/${first.id}/claims`, { description: '右后门新增划痕', items });
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'RENTAL_CLAIM_EVIDENCE_REQUIRED', message: expect.stringContaining('交接车照片') });
    const [u2] = await rentalUsers(t, 1, '另一单');
    const second = await rentWithPhotos(api(u2!.Authorization), north2, await carIdOf(t, u2!.Authorization, '冀AD20002'));
    const foreign = await gao.post(`/api/rental/company/rentals/${first.id}/claims`, { description: '右后门新增划痕', items, evidenceIds: [second.photoIds[0]] });
    expect(foreign.status).toBe(409);
    expect(foreign.body.error).toMatchObject({ code: 'RENTAL_CLAIM_EVIDENCE_MISMATCH', message: expect.stringContaining(String(second.photoIds[0])) });
    expect(await count('SELECT COUNT(*) AS n FROM rental_damage_claim')).toBe(0);

    const claim = await gao.post(`/api/rental/company/rentals/${first.id}/claims`, { description: '右后门新增划痕', items, evidenceIds: first.photoIds.slice(0, 2) });
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({ status: 'open', amountFen: 35000, evidence: [expect.objectContaining({ id: first.photoIds[0] }), expect.objectContaining({ id: first.photoIds[1] })] });
    expect(Date.parse(claim.body.appealDeadline) - clock.now().getTime()).toBe(72 * 3600_000);
    expect((await renter.get('/api/rental/claims')).body.items.map((c: { id: number }) => c.id)).toEqual([claim.body.id]);
  }, 40_000);

  it('when the renter appeals within the window, then the scheduler does not charge it; an unappealed claim is charged once across instances and paid through WeChat Pay', async () => {
    const gao = api((await signInAs(t, '高峰')).Authorization);
    const [appealed] = (await renter.get('/api/rental/claims')).body.items;
    const other = await gao.post(`/api/rental/company/rentals/${first.id}/claims`, { description: '车内座椅污损', items: [{ name: '座椅清洗', amountFen: 8000 }], evidenceIds: [first.photoIds[4]] });
    clock.advance(71 * 3600_000);
    const appeal = await renter.post(`/api/rental/claims/${appealed.id}/appeal`, { reason: '取车照片已显示该划痕，非本次造成' });
    expect(appeal.body).toMatchObject({ status: 'appealed', appealReason: '取车照片已显示该划痕，非本次造成' });
    clock.advance(2 * 3600_000);
    const late = await renter.post(`/api/rental/claims/${other.body.id}/appeal`, { reason: '太晚了' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'RENTAL_CLAIM_APPEAL_CLOSED', message: expect.stringContaining('申诉期已于') });

    const fire = new Date();
    const work = () => t.deps.rental.evidence.chargeDue();
    expect(await t.deps.scheduler.runOnce(CHARGE_CLAIMS_JOB, fire, work)).toBe(true);
    expect(await t.deps.scheduler.runOnce(CHARGE_CLAIMS_JOB, fire, work)).toBe(false);
    expect(await t.deps.rental.evidence.chargeDue()).toBe(0);
    expect((await renter.get(`/api/rental/claims/${appealed.id}`)).body).toMatchObject({ status: 'appealed', chargedAt: null });
    expect((await renter.get(`/api/rental/claims/${other.body.id}`)).body).toMatchObject({ status: 'charged' });
    expect(await count("SELECT COUNT(*) AS n FROM domain_event WHERE type = 'rental.damage_charged'")).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM domain_event WHERE type = 'rental.damage_charged' AND payload_json LIKE ?", [`%"claimId":${appealed.id},%`])).toBe(0);

    // The renter pays the charged claim (WeChat Pay signs at the real time).
    clock.set(new Date());
    const pay = await renter.post(`/api/rental/claims/${other.body.id}/pay`);
    expect(pay.status).toBe(200);
    await t.deps.fakeWechatPay!.pay(pay.body.outTradeNo);
    await t.deps.events.drain();
    expect((await renter.get(`/api/rental/claims/${other.body.id}`)).body.status).toBe('paid');
    expect((await renter.post(`/api/rental/claims/${appealed.id}/pay`)).status).toBe(409);

    // The platform decides the appeal: waived, nothing is charged.
    const admin = api((await signInAs(t, '陈静')).Authorization);
    expect((await gao.post(`/api/rental/claims/${appealed.id}/decide`, { uphold: true })).status).toBe(403);
    const waived = await admin.post(`/api/rental/claims/${appealed.id}/decide`, { uphold: false, note: '取车照片可见原有划痕' });
    expect(waived.body).toMatchObject({ status: 'waived', decisionNote: '取车照片可见原有划痕', chargedAt: null });
    expect(await count("SELECT COUNT(*) AS n FROM domain_event WHERE type = 'rental.damage_charged'")).toBe(1);
  }, 40_000);

  it('when an appeal of a 免押 rental is rejected, then the claim is deducted through its own Pay Score order', async () => {
    const [u] = await rentalUsers(t, 1, '免押车损');
    const me = api(u!.Authorization);
    const car = await carIdOf(t, u!.Authorization, '冀AD20001');
    await north1.driveTo(STATION_NORTH_SQUARE, 0.1); // back at the station after the first rental
    await north1.park();
    const rental = await rentWithPhotos(me, north1, car, { payWith: 'payscore' });
    clock.set(new Date());
    const gao = api((await signInAs(t, '高峰')).Authorization);
    const claim = await gao.post(`/api/rental/company/rentals/${rental.id}/claims`, { description: '前保险杠破损', items: [{ name: '前保险杠更换', amountFen: 42000 }], evidenceIds: [rental.photoIds[0]] });
    expect((await me.post(`/api/rental/claims/${claim.body.id}/appeal`, { reason: '不认可' })).body.status).toBe('appealed');
    const admin = api((await signInAs(t, '陈静')).Authorization);
    const upheld = await admin.post(`/api/rental/claims/${claim.body.id}/decide`, { uphold: true, note: '还车照片显示破损' });
    expect(upheld.body).toMatchObject({ status: 'charged', decisionNote: '还车照片显示破损' });
    for (let i = 0; i < 100 && (await me.get(`/api/rental/claims/${claim.body.id}`)).body.status !== 'paid'; i++) {
      await t.deps.events.drain();
      await new Promise((res) => setTimeout(res, 50));
    }
    expect((await me.get(`/api/rental/claims/${claim.body.id}`)).body.status).toBe('paid');
    const [order] = await t.deps.db.manager.query("SELECT state, total_fen FROM payscore_order WHERE source_kind = 'rental-claim' AND source_id = ?", [`claim-${claim.body.id}`]);
    expect(order).toMatchObject({ state: 'paid' });
    expect(Number(order.total_fen)).toBe(42000);
  }, 40_000);

  it('when a claim of an official rental passes its window, then it is billed to the unit on the statement with the company', async () => {
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    const me = api((await signInAs(t, '王建国')).Authorization);
    const carId = await carIdOf(t, (await signInAs(t, '王建国')).Authorization, '冀AD20004');
    const tripId = await approvedTrip(wang, [li], tripBody({ purpose: '分时租赁公务自驾（车损）' }, { now: clock.now(), daysAhead: 1 }));
    await request(base).put('/api/rental/licence').set('Authorization', (await signInAs(t, '王建国')).Authorization).send({ licenceNo: '130102198001011234', licenceClass: 'C1', expiresOn: '2031-05-01' });
    const held = await me.post('/api/rental/rentals', { carId, purpose: 'official', tripId });
    expect(held.status).toBe(201);
    expect((await me.photo(`/api/rental/rentals/${held.body.id}/handover/start/front`)).status).toBe(201);
    expect((await me.post(`/api/rental/rentals/${held.body.id}/unlock`)).status).toBe(200);
    clock.advance(10 * 60_000);
    await office.park();
    await me.post(`/api/rental/rentals/${held.body.id}/lock`);
    await office.report();
    expect((await me.post(`/api/rental/rentals/${held.body.id}/return`)).status).toBe(200);
    const [photo] = (await me.get(`/api/rental/rentals/${held.body.id}/handover`)).body.photos;
    const gao = api((await signInAs(t, '高峰')).Authorization);
    const claim = await gao.post(`/api/rental/company/rentals/${held.body.id}/claims`, { description: '轮毂刮伤', items: [{ name: '轮毂修复', amountFen: 15000 }], evidenceIds: [photo.id] });
    expect(claim.status).toBe(201);
    clock.advance(73 * 3600_000);
    expect(await t.deps.rental.evidence.chargeDue()).toBe(1);
    await t.deps.events.drain();
    const billed = await t.deps.db.manager.query("SELECT amount_fen, other_fen FROM billable_order WHERE source_kind = 'timeshare' AND source_id = ?", [`claim-${claim.body.id}`]);
    expect(billed).toHaveLength(1);
    expect(Number(billed[0].amount_fen)).toBe(15000);
    expect(Number(billed[0].other_fen)).toBe(15000);
    clock.set(new Date());
  }, 40_000);
});
