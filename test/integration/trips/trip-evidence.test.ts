import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { RentalCarSim } from '../../helpers/rental-cars';
import { ManualClock } from '../../../server/src/platform/clock';
import { VehicleEntity } from '../../../server/src/modules/fleet/fleet.entity';

/**
 * 出车 / 回场 evidence of an official trip (#21 item 2) through the real app: the driver photographs the
 * car's four sides at departure and at return; each photo is kept on the assignment with the
 * terminal's state at that moment (odometer, doors, ignition, position) and the time; the trip's
 * dispatcher and its unit see them on the trip, through signed links; photos do not hold up 出车 / 回场.
 */
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(300, 1)]);
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(600, 7), Buffer.from('ffd9', 'hex')]);
const SIDES = ['front', 'back', 'left', 'right'] as const;
const GARAGE = { lat: 38.0455, lng: 114.5025 };
const PROVINCE_HALL = { lat: 38.0466, lng: 114.5215 };

describe(`出车/回场 photos on an official trip (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  const sims: RentalCarSim[] = [];
  beforeAll(async () => { t = await startTestApp({}, { clock }); }, 60_000);
  afterAll(async () => {
    sims.forEach((s) => s.close());
    await t?.close();
  });

  /** A dispatched trip whose driver has accepted, its car's terminal reporting from the garage. */
  async function acceptedTrip(daysAhead: number) {
    const wang = await as(t, '王建国');
    const id = await approvedTrip(wang, [await as(t, '李秀英')], tripBody({}, { daysAhead, now: clock.now() }));
    const dispatched = await (await as(t, '张伟')).post('/api/dispatch/one-click', { tripIds: [id] });
    expect(dispatched.body.results[0].dispatched).toBe(true);
    const a = (await wang.get(`/api/trips/${id}`)).body.assignments[0] as { id: number; driverName: string; vehicleId: number };
    const driver = await signInAs(t, a.driverName);
    expect((await request(t.callback).post(`/api/assignments/${a.id}/accept`).set('Authorization', driver.Authorization)).status).toBe(200);
    const v = await t.deps.db.manager.findOneByOrFail(VehicleEntity, { id: a.vehicleId });
    let sim: RentalCarSim | null = null;
    if (v.terminalPhone) {
      sim = await new RentalCarSim(v.id, v.plate, v.terminalPhone, GARAGE, Number(v.odometerHm), sims.length + 7).connect(t);
      sims.push(sim);
    }
    const photo = (stage: string, side: string, body: Buffer = PNG, type = 'image/png', auth = driver.Authorization) =>
      request(t.callback).post(`/api/assignments/${a.id}/evidence/${stage}/${side}`).set('Authorization', auth).set('Content-Type', type).send(body);
    const recorded = (await request(t.callback).get('/api/driver/tasks').set('Authorization', driver.Authorization)).body.items
      .find((x: { id: number }) => x.id === a.id).vehicleOdometerKm as number;
    const step = (path: string, body: object) => request(t.callback).post(`/api/assignments/${a.id}/${path}`).set('Authorization', driver.Authorization).send(body);
    return { id, assignmentId: a.id, driver, sim, photo, recorded, step, plate: v.plate };
  }

  it('when the driver photographs the four sides at 出车 and 回场, then each keeps the terminal state and time, and the dispatcher and the unit see them through signed links', async () => {
    const trip = await acceptedTrip(1);
    expect(trip.sim).not.toBeNull();
    const departAt = clock.now().toISOString();
    for (const side of SIDES) {
      const res = await trip.photo('depart', side);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ assignmentId: trip.assignmentId, stage: 'depart', side, takenAt: departAt, online: true, doorLocked: expect.any(Boolean), accOn: false });
      expect(res.body.odometerKm).toBeCloseTo(trip.recorded, 1);
      expect(res.body.position.lat).toBeCloseTo(GARAGE.lat, 4);
    }
    expect((await trip.step('depart', { odometerKm: trip.recorded })).status).toBe(200);
    await trip.sim!.driveTo(PROVINCE_HALL, 12.3);
    await trip.sim!.park();
    clock.advance(90 * 60_000);
    const returnAt = clock.now().toISOString();
    for (const side of SIDES) expect((await trip.photo('return', side, JPEG, 'image/jpeg')).status).toBe(201);
    expect((await trip.step('return', { odometerKm: trip.recorded + 12.3, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0 })).status).toBe(200);

    for (const who of ['张伟', '李秀英', '王建国']) {
      const res = await (await as(t, who)).get(`/api/trips/${trip.id}/evidence`);
      expect(res.status).toBe(200);
      expect(res.body.cars).toHaveLength(1);
      const photos = res.body.cars[0].photos as Array<{ stage: string; side: string; odometerKm: number; takenAt: string; position: { lat: number }; url: string }>;
      expect(photos.map((p) => `${p.stage}/${p.side}`).sort()).toEqual([...SIDES.map((s) => `depart/${s}`), ...SIDES.map((s) => `return/${s}`)].sort());
      const back = photos.find((p) => p.stage === 'return')!;
      expect(back.takenAt).toBe(returnAt);
      expect(back.odometerKm).toBeCloseTo(trip.recorded + 12.3, 1);
      expect(back.position.lat).toBeCloseTo(PROVINCE_HALL.lat, 4);
    }
    const url = (await (await as(t, '张伟')).get(`/api/trips/${trip.id}/evidence`)).body.cars[0].photos.find((p: { stage: string }) => p.stage === 'return').url as string;
    const image = await request(t.callback).get(url).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(image.body as Buffer, JPEG)).toBe(0);
    const forged = url.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await request(t.callback).get(forged)).status).toBe(404);
    // Another unit's applicant does not see the trip, nor its photos.
    expect((await (await as(t, '杨帆')).get(`/api/trips/${trip.id}/evidence`)).status).toBe(404);
  });

  it('when a photo comes at the wrong time, is not an image, or is sent by another driver, then it is refused and nothing is stored', async () => {
    const trip = await acceptedTrip(2);
    const early = await trip.photo('return', 'front');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('TRIP_PHOTO_STATE_CONFLICT');
    expect(early.body.error.message).toContain(`行程 ${trip.id}`);
    const gif = await trip.photo('depart', 'front', Buffer.from('GIF89a0000'), 'image/gif');
    expect(gif.status).toBe(400);
    expect(gif.body.error.code).toBe('TRIP_PHOTO_INVALID');
    const lying = await trip.photo('depart', 'front', Buffer.from('not a png at all'), 'image/png');
    expect(lying.status).toBe(400);
    expect(lying.body.error.message).toContain('出车车头照片');
    const other = await signInAs(t, '刘强');
    if (other.userId !== trip.driver.userId) expect((await trip.photo('depart', 'front', PNG, 'image/png', other.Authorization)).status).toBe(404);
    expect((await request(t.callback).post(`/api/assignments/${trip.assignmentId}/evidence/depart/roof`).set('Authorization', trip.driver.Authorization).set('Content-Type', 'image/png').send(PNG)).status).toBe(400);
    const listed = await (await as(t, '张伟')).get(`/api/trips/${trip.id}/evidence`);
    expect(listed.body.cars[0].photos).toEqual([]);
  });

  it('when the driver departs and returns without photos, then the steps still pass and the trip shows no photos; a retake replaces the side', async () => {
    const trip = await acceptedTrip(3);
    expect((await trip.step('depart', { odometerKm: trip.recorded })).status).toBe(200);
    const first = await trip.photo('depart', 'left');
    expect(first.status).toBe(201);
    const again = await trip.photo('depart', 'left', JPEG, 'image/jpeg');
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await trip.step('return', { odometerKm: trip.recorded + 5, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0 })).status).toBe(200);
    const listed = (await (await as(t, '张伟')).get(`/api/trips/${trip.id}/evidence`)).body.cars[0].photos as Array<{ stage: string; side: string }>;
    expect(listed.map((p) => `${p.stage}/${p.side}`)).toEqual(['depart/left']);
    // After 回场, the departure's sides are closed.
    expect((await trip.photo('depart', 'right')).status).toBe(409);
  });

  it('when the car\'s terminal reports its fuel level (0x0200 item 0x02), then the 出车 and 回场 photos keep 油量 in litres', async () => {
    const trip = await acceptedTrip(4);
    expect(trip.sim).not.toBeNull();
    // Before any fuel reading the photo says nothing of fuel (a terminal without the item).
    const none = await trip.photo('depart', 'back');
    expect(none.status).toBe(201);
    expect(none.body.fuelL).toBeNull();
    await trip.sim!.fuel(42.5);
    const front = await trip.photo('depart', 'front');
    expect(front.status).toBe(201);
    expect(front.body).toMatchObject({ fuelL: 42.5, chargePct: null });
    expect((await trip.step('depart', { odometerKm: trip.recorded })).status).toBe(200);
    await trip.sim!.driveTo(PROVINCE_HALL, 8);
    await trip.sim!.fuel(39.8);
    await trip.sim!.park();
    clock.advance(60 * 60_000);
    expect((await trip.photo('return', 'front')).status).toBe(201);
    const photos = (await (await as(t, '张伟')).get(`/api/trips/${trip.id}/evidence`)).body.cars[0].photos as Array<{ stage: string; side: string; fuelL: number | null }>;
    expect(photos.find((p) => p.stage === 'depart' && p.side === 'front')!.fuelL).toBe(42.5);
    expect(photos.find((p) => p.stage === 'return' && p.side === 'front')!.fuelL).toBe(39.8);
  });
});
