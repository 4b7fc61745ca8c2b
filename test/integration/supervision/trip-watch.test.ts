import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody, type As } from '../../helpers/trips';
import { seedVehicleId } from '../../helpers/seed-lookup';
import { DriverEntity } from '../../../server/src/modules/fleet/fleet.entity';
import { gcj02ToWgs84 } from '@shared/common/coords';
import type { PositionReport } from '../../../server/src/modules/supervision/position-stream';

/**
 * Trips that supervise themselves (#21 item 4), on the real app: two dispatched cars driven through
 * the warnings engine's position input (the report stream position-stream.ts judges, as the bench and
 * the live wiring feed it). One stands 20 minutes at a listed hotel (敏感场所停留), the other waits 60 s
 * at the light by the same hotel and drives on (nothing); then leaving the corridor, coming back after
 * the window, a fix that jumps and the power-cut alarm bit. The read-only 纪检 account of the county
 * sees its region's warnings and changes nothing.
 */
describe(`trips that supervise themselves (${backend})`, () => {
  let t: TestApp;
  // The app's clock, moved only where the scheduled check is asked about a later instant.
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  beforeAll(async () => { t = await startTestApp({}, { clock }); });
  afterAll(async () => { await t.close(); });

  const HOTEL = gcj02ToWgs84({ lat: 38.0604, lng: 114.5274 }); // 河北会议中心宾馆 (seeded sensitive place, 150 m)
  const GOV = gcj02ToWgs84({ lat: 38.0466, lng: 114.5215 }); // 河北省人民政府, both trips' destination
  const warningsOf = async (who: As, query = '') => (await who.get(`/api/supervision/warnings?pageSize=100${query}`)).body.items as Array<Record<string, any>>;
  const ok = async (what: string, res: Promise<{ status: number; body: any }>) => {
    const r = await res;
    if (r.status !== 200 && r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  let countyTrip: { tripId: number; vehicleId: number; startMs: number; endMs: number };
  let ndrcTrip: { tripId: number; vehicleId: number; startMs: number; endMs: number };

  beforeAll(async () => {
    // 长安区人民政府办公室: 何勇 dispatches an emergency trip (its car and 马超), who departs.
    const he = await as(t, '何勇');
    const ma = await as(t, '马超');
    const em = await ok('emergency', he.post('/api/dispatch/emergency', tripBody({ purpose: '赴省政府报送材料' }, { daysAhead: 2, hour: 9, hours: 2 })));
    const a = em.trip.assignments[0];
    await ok('accept', ma.post(`/api/assignments/${a.id}/accept`));
    await ok('depart', ma.post(`/api/assignments/${a.id}/depart`, { odometerKm: 80_000 }));
    countyTrip = { tripId: em.trip.id, vehicleId: a.vehicleId, startMs: Date.parse(em.trip.startAt), endMs: Date.parse(em.trip.endAt) };
    // 发改委: 王建国's approved trip, 张伟 sends 冀A00101 with 刘强, who departs.
    const [wang, li, zhang, liu] = await Promise.all(['王建国', '李秀英', '张伟', '刘强'].map((n) => as(t, n)));
    const body = tripBody({ purpose: '赴省政府汇报' }, { daysAhead: 2, hour: 9, hours: 2 });
    const tripId = await approvedTrip(wang, [li], body);
    const vehicleId = await seedVehicleId(t, '冀A00101');
    const driverId = (await t.deps.db.manager.findOneByOrFail(DriverEntity, { name: '刘强' })).id;
    const trip = await ok('dispatch', zhang.post(`/api/dispatch/trips/${tripId}`, { picks: [{ vehicleId, driverId }] }));
    await ok('accept', liu.post(`/api/assignments/${trip.assignments[0].id}/accept`));
    await ok('depart', liu.post(`/api/assignments/${trip.assignments[0].id}/depart`, { odometerKm: 90_000 }));
    ndrcTrip = { tripId, vehicleId, startMs: Date.parse(body.startAt), endMs: Date.parse(body.endAt) };
  }, 60_000);

  const fix = (vehicleId: number, atMs: number, p: { lat: number; lng: number }, speedKmh: number, alarmWord = 0): PositionReport =>
    ({ vehicleId, atMs, speedKmh, alarmWord, lat: p.lat, lng: p.lng });
  /** The point `frac` of the way from `p` to `q`. */
  const toward = (p: { lat: number; lng: number }, q: { lat: number; lng: number }, frac: number) => ({ lat: p.lat + (q.lat - p.lat) * frac, lng: p.lng + (q.lng - p.lng) * frac });
  /** A point `metres` east of `p`. */
  const east = (p: { lat: number; lng: number }, metres: number) => ({ lat: p.lat, lng: p.lng + metres / (111_320 * Math.cos((p.lat * Math.PI) / 180)) });

  it('when a dispatched car stands 20 minutes at a listed hotel, then 敏感场所停留 is raised on its trip; a car waiting 60 s at the light by the hotel raises nothing', async () => {
    const rules = await t.deps.supervision.engine.watchingRules();
    const t0 = countyTrip.startMs + 30 * 60_000;
    const reports: PositionReport[] = [];
    // The county car drives up, then stands at the hotel for 20 minutes, reporting every 30 s.
    reports.push(fix(countyTrip.vehicleId, t0 - 60_000, toward(HOTEL, GOV, 0.5), 35));
    for (let s = 0; s <= 20 * 60; s += 30) reports.push(fix(countyTrip.vehicleId, t0 + s * 1000, east(HOTEL, 20), 0));
    // The 发改委 car stops at the light by the same hotel for 60 s, then drives on to its destination.
    reports.push(fix(ndrcTrip.vehicleId, t0 - 60_000, toward(HOTEL, GOV, 0.5), 35));
    for (let s = 0; s <= 60; s += 30) reports.push(fix(ndrcTrip.vehicleId, t0 + s * 1000, east(HOTEL, 60), 0));
    for (let s = 90; s <= 20 * 60; s += 30) reports.push(fix(ndrcTrip.vehicleId, t0 + s * 1000, toward(east(HOTEL, 60), GOV, (s - 60) / (20 * 60 - 60)), 30));
    reports.sort((a, b) => a.atMs - b.atMs);
    const raised = await rules.evaluate(reports);
    expect(raised.map((w) => [w.kind, w.vehicleId])).toEqual([['sensitive_dwell', countyTrip.vehicleId]]);

    const zhou = await as(t, '周明'); // the province sees both units
    const dwell = (await warningsOf(zhou, '&kind=sensitive_dwell'));
    expect(dwell).toHaveLength(1);
    expect(dwell[0]).toMatchObject({ kindLabel: '敏感场所停留', grade: 'red', tripId: countyTrip.tripId, unitName: '长安区人民政府办公室', regionCode: '130102' });
    expect(dwell[0].title).toContain('河北会议中心宾馆');
    expect(dwell[0].detail).toMatch(/停留已 (1\d|20) 分钟/);
    expect(dwell[0].source).toContain('八项规定');
    // Fed again, nothing is raised twice.
    expect(await (await t.deps.supervision.engine.watchingRules()).evaluate(reports)).toEqual([]);
  });

  it('when a dispatched car leaves its corridor, moves after its window, jumps and loses power, then each raises its own warning', async () => {
    const rules = await t.deps.supervision.engine.watchingRules();
    const t1 = ndrcTrip.startMs + 70 * 60_000;
    const baoduzhai = gcj02ToWgs84({ lat: 38.0925, lng: 114.2898 }); // 抱犊寨, ~20 km west of the trip's places
    const late = ndrcTrip.endMs + 45 * 60_000;
    const raised = await rules.evaluate([
      fix(ndrcTrip.vehicleId, t1, baoduzhai, 60),
      // After the window and its 30-minute grace, still out and moving: late, and moving outside any window is 无单出车.
      fix(ndrcTrip.vehicleId, late, GOV, 40),
      // 30 s later 60 km away: a fix that jumps.
      fix(ndrcTrip.vehicleId, late + 30_000, east(GOV, 60_000), 40),
      // The terminal's main power cut (JT/T 808 alarm bit 8).
      fix(ndrcTrip.vehicleId, late + 60_000, east(GOV, 60_100), 0, 1 << 8),
    ]);
    expect(raised.map((w) => w.kind).sort()).toEqual(['corridor_exit', 'late_return', 'no_trip_movement', 'position_jump', 'power_cut']);
    const zhao = await as(t, '赵磊'); // 发改委's fleet admin
    const mine = (await warningsOf(zhao)).filter((w) => w.vehicleId === ndrcTrip.vehicleId);
    expect(mine.find((w) => w.kind === 'corridor_exit')).toMatchObject({ kindLabel: '偏离行程路线', tripId: ndrcTrip.tripId });
    expect(mine.find((w) => w.kind === 'late_return')).toMatchObject({ kindLabel: '逾期未归', tripId: ndrcTrip.tripId });
    expect(mine.find((w) => w.kind === 'position_jump')!.detail).toMatch(/相距 (59|60)\.\d 公里/);
    expect(mine.find((w) => w.kind === 'power_cut')).toMatchObject({ kindLabel: '终端断电', grade: 'red' });
  });

  it('when the scheduled check runs after a departed trip\'s window and grace, then the car still out is 逾期未归 even if its terminal is silent', async () => {
    // The county car's window ends the day after tomorrow; the check at that instant + 31 minutes finds it still out.
    clock.offsetMs = countyTrip.endMs + 31 * 60_000 - Date.now();
    try {
      expect(await t.deps.supervision.engine.checkMovement()).toBeGreaterThanOrEqual(1);
    } finally {
      clock.offsetMs = 0;
    }
    const zheng = await as(t, '郑斌'); // 长安区 supervisor
    expect((await warningsOf(zheng, '&kind=late_return')).filter((w) => w.tripId === countyTrip.tripId)).toHaveLength(1);
  });

  it('when the county 纪检 account reads, then it sees its county\'s warnings (not the province unit\'s) and the places list, and may change nothing', async () => {
    const shen = await as(t, '沈洁');
    const seen = await warningsOf(shen);
    expect(seen.some((w) => w.kind === 'sensitive_dwell' && w.tripId === countyTrip.tripId)).toBe(true);
    expect(seen.every((w) => w.regionCode.startsWith('130102'))).toBe(true);
    expect(seen.some((w) => w.vehicleId === ndrcTrip.vehicleId)).toBe(false);
    const dwell = seen.find((w) => w.kind === 'sensitive_dwell')!;
    expect((await shen.get(`/api/supervision/warnings/${dwell.id}`)).status).toBe(200);
    expect((await shen.get(`/api/trips/${countyTrip.tripId}`)).status).toBe(200);
    expect((await shen.get(`/api/trips/${ndrcTrip.tripId}`)).status).toBe(404);
    const pool = await shen.get(`/api/supervision/pool?period=${new Date().toISOString().slice(0, 7)}`);
    expect(pool.status).toBe(200);
    expect(pool.body.regionCode ?? '130102').toBe('130102');
    const places = (await shen.get('/api/supervision/places')).body as Array<Record<string, any>>;
    expect(places.find((p) => p.name === '河北会议中心宾馆')).toMatchObject({ category: 'hotel', categoryLabel: '酒店宾馆' });
    expect(places.every((p) => p.source.length > 0)).toBe(true);
    // Read-only: no step of the loop, no trip, no new place.
    const check = await shen.post(`/api/supervision/warnings/${dwell.id}/check`, { note: '纪检试图核查' });
    expect(check.status).toBe(403);
    expect(check.body.error.message).toContain('只读');
    expect((await shen.post('/api/trips', tripBody())).status).toBe(403);
    expect((await shen.post('/api/supervision/places', { name: '某会所', category: 'entertainment', lat: 38.05, lng: 114.52, regionCode: '130102', source: '纪检线索' })).status).toBe(403);
    expect((await shen.post('/api/auth/logout')).status).toBe(204);
  });

  it('when a supervisor adds a sensitive place, then it is listed with its source; a duplicate or one outside their region is refused', async () => {
    const zheng = await as(t, '郑斌');
    const body = { name: '长安区某休闲会所', category: 'entertainment', lat: 38.0523, lng: 114.5401, regionCode: '130102', source: '群众举报线索（2026 年第 12 号）' };
    const added = await zheng.post('/api/supervision/places', body);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: body.name, categoryLabel: '娱乐场所', radiusM: 150, source: body.source, enabled: true });
    const dup = await zheng.post('/api/supervision/places', body);
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('已有敏感场所');
    const outside = await zheng.post('/api/supervision/places', { ...body, name: '保定某会所', regionCode: '130602' });
    expect(outside.status).toBe(404);
    const bad = await zheng.post('/api/supervision/places', { ...body, name: '某', radiusM: 5 });
    expect(bad.status).toBe(400);
  });
});
