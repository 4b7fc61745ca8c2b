import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedUnitId, seedVehicleId } from '../../helpers/seed-lookup';
import { ManualClock } from '../../../server/src/platform/clock';
import { LatestPositionStore } from '../../../server/src/modules/telematics/latest-position.store';
import type { PositionReport } from '../../../server/src/modules/supervision/position-stream';
import { shanghaiInstant } from '@shared/common/time';
import { SimulatedTerminal } from '../../../server/src/fakes/jt808-terminal/simulated-terminal';
import { loopFor } from '../../../server/src/fakes/jt808-terminal/route';

/**
 * #18 item 1, the four rules the engine lacked, on the real app and an injected clock: a unit's
 * geofences (permitted area with a workday window, forbidden area always) judged on the position
 * stream, one warning per episode; the overnight parking check against each car's designated spot;
 * terminals silent too long; a unit over its 编制. Each goes through the engine's raise (region
 * switch, grade) and is visible to the unit and the supervisors above it, never a sibling region.
 */
describe(`supervision geofences, overnight parking, terminal silence, quota (${backend})`, () => {
  let t: TestApp;
  // Wednesday 2026-03-04, 10:00 Beijing time.
  const clock = new ManualClock(shanghaiInstant('2026-03-04', '10:00'));
  beforeAll(async () => { t = await startTestApp({}, { clock }); });
  const terminals: SimulatedTerminal[] = [];
  afterAll(async () => { for (const x of terminals) x.close(); await t.close(); });

  // 长安区人民政府 (WGS-84): the permitted area's centre and the cars' designated spot.
  const HOME = { lat: 38.0430, lng: 114.5410 };
  const east = (p: { lat: number; lng: number }, metres: number) => ({ lat: p.lat, lng: p.lng + metres / (111_320 * Math.cos((p.lat * Math.PI) / 180)) });
  const north = (p: { lat: number; lng: number }, metres: number) => ({ lat: p.lat + metres / 111_320, lng: p.lng });
  const fix = (vehicleId: number, at: Date, p: { lat: number; lng: number }, speedKmh = 40): PositionReport => ({ vehicleId, atMs: at.getTime(), speedKmh, alarmWord: 0, lat: p.lat, lng: p.lng });
  const minutesAfter = (day: string, time: string, min: number) => new Date(shanghaiInstant(day, time).getTime() + min * 60_000);
  const warningsOf = async (who: As, kind: string) => (await who.get(`/api/supervision/warnings?pageSize=100&kind=${kind}`)).body.items as Array<Record<string, any>>;
  const created = async (res: Promise<{ status: number; body: any }>) => {
    const r = await res;
    if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  let car108: number;
  let car109: number;
  let he: As;
  let zheng: As;

  beforeAll(async () => {
    car108 = await seedVehicleId(t, '冀A00108');
    car109 = await seedVehicleId(t, '冀A00109');
    he = await as(t, '何勇'); // 长安区人民政府办公室's fleet admin
    zheng = await as(t, '郑斌'); // 长安区 supervisor
  });

  it('when a unit fleet admin defines a geofence with a bad shape or window, then 400 names the field in Chinese', async () => {
    const noShape = await he.post('/api/supervision/geofences', { name: '长安区', kind: 'permitted' });
    expect(noShape.status).toBe(400);
    expect(JSON.stringify(noShape.body.error)).toContain('circle');
    expect(JSON.stringify(noShape.body.error)).toContain('请给出圆形');
    const badRadius = await he.post('/api/supervision/geofences', { name: '长安区', kind: 'permitted', circle: { ...HOME, radiusM: 10 } });
    expect(badRadius.status).toBe(400);
    expect(JSON.stringify(badRadius.body.error)).toContain('radiusM');
    expect(JSON.stringify(badRadius.body.error)).toContain('半径至少 50 米');
    const badWindow = await he.post('/api/supervision/geofences', { name: '长安区', kind: 'permitted', circle: { ...HOME, radiusM: 3000 }, window: { days: [], from: '8:00', to: '18:00' } });
    expect(badWindow.status).toBe(400);
    expect(JSON.stringify(badWindow.body.error)).toContain('请至少选择一天');
    expect(JSON.stringify(badWindow.body.error)).toContain('时间应为 HH:MM');
  });

  it('when a car leaves its unit\'s permitted area inside the window, then one 驶出允许区域 is raised for the episode; outside the window nothing', async () => {
    const fence = await created(he.post('/api/supervision/geofences', {
      name: '长安区工作日范围', kind: 'permitted', circle: { ...HOME, radiusM: 3000 }, window: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' },
    }));
    expect(fence).toMatchObject({ kindLabel: '允许区域（不得驶出）', windowLabel: '周一至周五 08:00–18:00', unitName: '长安区人民政府办公室', regionCode: '130102' });
    const rules = await t.deps.supervision.engine.watchingRules();
    // Wednesday: inside at 10:00, then out 6 km east for four reports, back in, then a Saturday drive out (no window).
    const raised = await rules.evaluate([
      fix(car109, minutesAfter('2026-03-04', '10:00', 0), east(HOME, 500)),
      fix(car109, minutesAfter('2026-03-04', '10:00', 5), east(HOME, 4000)),
      fix(car109, minutesAfter('2026-03-04', '10:00', 10), east(HOME, 6000)),
      fix(car109, minutesAfter('2026-03-04', '10:00', 15), east(HOME, 6500)),
      fix(car109, minutesAfter('2026-03-04', '10:00', 20), east(HOME, 6000)),
      fix(car109, minutesAfter('2026-03-04', '10:00', 30), east(HOME, 1000)),
      // Wednesday evening 19:30 and Saturday 10:00, 6 km out: the window does not hold.
      fix(car109, minutesAfter('2026-03-04', '19:30', 0), east(HOME, 6000)),
      fix(car109, minutesAfter('2026-03-07', '10:00', 0), east(HOME, 6000)),
      fix(car109, minutesAfter('2026-03-07', '10:00', 10), east(HOME, 6200)),
    ]);
    const exits = raised.filter((w) => w.kind === 'area_exit');
    expect(exits.map((w) => [w.vehicleId, new Date(w.occurredAt).toISOString()])).toEqual([[car109, minutesAfter('2026-03-04', '10:00', 5).toISOString()]]);
    const seen = (await warningsOf(he, 'area_exit')).filter((w) => w.vehicleId === car109);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kindLabel: '驶出允许区域', grade: 'yellow', status: 'open', plate: '冀A·00109' });
    expect(seen[0].title).toContain('长安区工作日范围');
    expect(seen[0].source).toContain('电子围栏');
    // The county supervisor above sees it; a sibling city's supervisor does not.
    expect((await warningsOf(zheng, 'area_exit')).some((w) => w.id === seen[0].id)).toBe(true);
    expect((await warningsOf(await as(t, '冯涛'), 'area_exit')).some((w) => w.id === seen[0].id)).toBe(false);
    // A second episode (back in, out again inside the window next Monday) is a second warning.
    const again = await (await t.deps.supervision.engine.watchingRules()).evaluate([
      fix(car109, minutesAfter('2026-03-09', '09:00', 0), east(HOME, 200)),
      fix(car109, minutesAfter('2026-03-09', '09:00', 5), east(HOME, 5000)),
    ]);
    expect(again.filter((w) => w.kind === 'area_exit')).toHaveLength(1);
  });

  it('when a car enters a forbidden area, then 驶入禁入区域 is raised once for the episode; switched off in the county, the next entry raises nothing', async () => {
    // A scenic area north of the county, forbidden always (no window), as a polygon.
    const c = north(HOME, 10_000);
    await created(he.post('/api/supervision/geofences', {
      name: '某景区', kind: 'forbidden',
      polygon: [north(east(c, -800), -800), north(east(c, 800), -800), north(east(c, 800), 800), north(east(c, -800), 800)],
    }));
    const listed = (await he.get('/api/supervision/geofences')).body as Array<Record<string, any>>;
    expect(listed.find((g) => g.name === '某景区')).toMatchObject({ kind: 'forbidden', windowLabel: '全天候', circle: null });
    const rules = await t.deps.supervision.engine.watchingRules();
    const day = '2026-03-05';
    const raised = await rules.evaluate([
      fix(car108, minutesAfter(day, '07:00', 0), north(HOME, 8000)),
      fix(car108, minutesAfter(day, '07:00', 5), north(HOME, 9600)),
      fix(car108, minutesAfter(day, '07:00', 10), c, 0),
      fix(car108, minutesAfter(day, '07:00', 40), c, 0),
      fix(car108, minutesAfter(day, '07:00', 70), north(HOME, 10_500), 0),
    ]);
    expect(raised.filter((w) => w.kind === 'forbidden_area_entry').map((w) => w.vehicleId)).toEqual([car108]);
    const entries = (await warningsOf(he, 'forbidden_area_entry')).filter((w) => w.vehicleId === car108);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kindLabel: '驶入禁入区域', grade: 'red' });
    expect(entries[0].source).toContain('八项规定');
    // Fed again, the same episode raises nothing more (the key holds in the database too).
    expect((await (await t.deps.supervision.engine.watchingRules()).evaluate([fix(car108, minutesAfter(day, '07:00', 80), c, 0)])).filter((w) => w.kind === 'forbidden_area_entry')).toEqual([]);
    // The county switches the rule off: leaving and entering again raises nothing.
    expect((await zheng.put('/api/supervision/rules/forbidden_area_entry', { regionCode: '130102', enabled: false })).status).toBe(200);
    const off = await (await t.deps.supervision.engine.watchingRules()).evaluate([
      fix(car108, minutesAfter(day, '09:00', 0), HOME),
      fix(car108, minutesAfter(day, '09:00', 30), c, 0),
    ]);
    expect(off.filter((w) => w.kind === 'forbidden_area_entry')).toEqual([]);
    expect((await zheng.put('/api/supervision/rules/forbidden_area_entry', { regionCode: '130102', enabled: true })).status).toBe(200);
  });

  it('when a county supervisor asks about another county\'s geofence, then it is 404; its own city\'s supervisor manages it', async () => {
    const feng = await as(t, '冯涛'); // 保定市 supervisor
    const jx = await seedUnitId(t, '竞秀区人民政府办公室');
    const fence = await created(feng.post('/api/supervision/geofences', { name: '竞秀区范围', kind: 'permitted', unitId: jx, circle: { lat: 38.86, lng: 115.48, radiusM: 8000 } }));
    const zhengSees = (await zheng.get('/api/supervision/geofences')).body as Array<{ id: number; name: string; regionCode: string }>;
    expect(zhengSees.some((g) => g.id === fence.id)).toBe(false);
    // The county supervisor sees his county's units' fences (长安区政府办's), and only his county's.
    expect(zhengSees.map((g) => g.name)).toEqual(expect.arrayContaining(['长安区工作日范围', '某景区']));
    expect(zhengSees.every((g) => g.regionCode.startsWith('130102'))).toBe(true);
    // Another unit's fleet admin sees none of 长安区政府办's.
    expect((await (await as(t, '赵磊')).get('/api/supervision/geofences')).body).toEqual([]);
    const del = await zheng.delete(`/api/supervision/geofences/${fence.id}`);
    expect(del.status).toBe(404);
    expect(del.body.error).toMatchObject({ code: 'GEOFENCE_NOT_FOUND' });
    expect((await he.delete(`/api/supervision/geofences/${fence.id}`)).status).toBe(404);
    // Nor may the county supervisor define one for a unit of another county.
    expect((await zheng.post('/api/supervision/geofences', { name: '越权围栏', kind: 'permitted', unitId: jx, circle: { lat: 38.86, lng: 115.48, radiusM: 8000 } })).status).toBe(404);
    expect((await feng.get('/api/supervision/geofences')).body.some((g: { id: number }) => g.id === fence.id)).toBe(true);
    expect((await feng.delete(`/api/supervision/geofences/${fence.id}`)).status).toBe(204);
    expect((await feng.get('/api/supervision/geofences')).body.some((g: { id: number }) => g.id === fence.id)).toBe(false);
  });

  it('when the overnight check runs at 23:00, then a car parked away from its spot is warned and one at its spot is not; the firing runs once across instances', async () => {
    for (const id of [car108, car109]) {
      const set = await he.put(`/api/supervision/parking-spots/${id}`, { name: '区政府大院', lat: HOME.lat, lng: HOME.lng, radiusM: 100 });
      expect(set.status).toBe(200);
    }
    expect((await zheng.put(`/api/supervision/parking-spots/${car108}`, { name: '区政府大院', lat: HOME.lat, lng: HOME.lng })).status).toBe(403);
    clock.set(shanghaiInstant('2026-03-05', '23:00'));
    const store = new LatestPositionStore(t.deps.redis as never);
    const at = new Date(clock.now().getTime() - 2 * 3600_000);
    const report = (vehicleId: number, phone: string, p: { lat: number; lng: number }) => ({
      vehicleId, phone, gpsTime: at, receivedAt: at, latE6: Math.round(p.lat * 1e6), lonE6: Math.round(p.lng * 1e6), altitude: 80, speed: 0, direction: 0, alarm: 0, status: 0, odometer: null, source: 'report' as const,
    });
    await store.update([report(car108, '013800000108', east(HOME, 40)), report(car109, '13800000000000000109', east(HOME, 1200))]);
    const work = () => t.deps.supervision.fleetChecks.checkOvernightParking();
    expect(await t.deps.scheduler.runOnce('supervision.overnight-parking', clock.now(), work)).toBe(true);
    expect(await t.deps.scheduler.runOnce('supervision.overnight-parking', clock.now(), work)).toBe(false);
    const away = await warningsOf(he, 'overnight_parking_away');
    expect(away.map((w) => w.vehicleId)).toEqual([car109]);
    expect(away[0]).toMatchObject({ kindLabel: '未按规定停放过夜', grade: 'yellow' });
    expect(away[0].detail).toMatch(/约 1(19|20|21)\d 米（允许 100 米）/);
    // Run again the same night (another instance's firing): nothing more.
    expect(await work()).toBe(0);
  });

  it('when a bound terminal has been silent 25 hours, then 终端长时间离线 is raised; 23 hours, not yet', async () => {
    const store = new LatestPositionStore(t.deps.redis as never);
    const car101 = await seedVehicleId(t, '冀A00101');
    const car107 = await seedVehicleId(t, '冀A00107');
    const now = clock.now().getTime();
    const report = (vehicleId: number, phone: string, agoH: number) => ({
      vehicleId, phone, gpsTime: new Date(now - agoH * 3600_000), receivedAt: new Date(now - agoH * 3600_000), latE6: 38_042_800, lonE6: 114_514_900,
      altitude: 80, speed: 0, direction: 0, alarm: 0, status: 0, odometer: null, source: 'report' as const,
    });
    await store.update([report(car101, '013800000101', 25), report(car107, '013800000107', 23)]);
    expect(await t.deps.supervision.fleetChecks.checkTerminalsOffline()).toBe(1);
    const zhou = await as(t, '周明'); // the province sees every unit
    const offline = await warningsOf(zhou, 'terminal_offline');
    expect(offline.map((w) => w.vehicleId)).toEqual([car101]);
    expect(offline[0]).toMatchObject({ kindLabel: '终端长时间离线', plate: '冀A·00101' });
    expect(offline[0].title).toContain('25 小时');
    // Two hours on, the second terminal passes 24 hours too; the first is not warned twice for one silence.
    clock.set(new Date(now + 2 * 3600_000));
    expect(await t.deps.supervision.fleetChecks.checkTerminalsOffline()).toBe(1);
    expect((await warningsOf(zhou, 'terminal_offline')).map((w) => w.vehicleId).sort((a, b) => a - b)).toEqual([car101, car107].sort((a, b) => a - b));
  });

  it('when a unit holds more vehicles of a category than its 编制, then 超编制配备 is raised about the unit (no car), once for the same figures', async () => {
    expect(await t.deps.supervision.fleetChecks.checkQuotas()).toBe(0);
    const ca = await seedUnitId(t, '长安区人民政府办公室');
    // The county supervisor lowers 长安区政府办's 一般公务用车 quota to 1; it holds 冀A00108 and 冀A00109.
    expect((await zheng.put('/api/fleet/quotas', { unitId: ca, category: 'general', quota: 1 })).status).toBe(200);
    expect(await t.deps.supervision.fleetChecks.checkQuotas()).toBe(1);
    const over = await warningsOf(he, 'over_quota');
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ kindLabel: '超编制配备', grade: 'red', vehicleId: null, plate: null, unitId: ca, regionCode: '130102' });
    expect(over[0].title).toContain('超编 1 辆');
    expect(over[0].detail).toContain('核定编制 1 辆，登记在册 2 辆');
    expect(await t.deps.supervision.fleetChecks.checkQuotas()).toBe(0);
    // Through the loop like any other: the unit checks it.
    const checked = await he.post(`/api/supervision/warnings/${over[0].id}/check`, { note: '已申请更新编制' });
    expect(checked.status).toBe(200);
    expect(checked.body.status).toBe('checked');
    expect((await warningsOf(await as(t, '冯涛'), 'over_quota')).some((w) => w.id === over[0].id)).toBe(false);
  });

  it('when a real terminal reports its car outside its unit\'s permitted area (no window: always), then the live stream raises 驶出允许区域 once for the episode', async () => {
    // 河北建设投资集团's fleet admin binds its cars to a small area in 保定; 冀A00110 drives in 石家庄.
    const qian = await as(t, '钱涛');
    await created(qian.post('/api/supervision/geofences', { name: '保定项目部', kind: 'permitted', circle: { lat: 38.86, lng: 115.48, radiusM: 1000 } }));
    const car110 = await seedVehicleId(t, '冀A00110');
    const term = new SimulatedTerminal({ phone: '013800000110', edition: 2013, plate: '冀A00110', loop: { ...loopFor(110), speedKmh: 0 } }, 5000);
    terminals.push(term);
    await term.connect({ host: '127.0.0.1', port: t.deps.telematics.gatewayPort });
    await term.login();
    expect(await term.report()).toBe(0);
    expect(await term.report()).toBe(0);
    await t.deps.supervision.positions.idle();
    expect(await term.report()).toBe(0);
    await t.deps.supervision.positions.idle();
    const exits = (await warningsOf(qian, 'area_exit')).filter((w) => w.vehicleId === car110);
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ kindLabel: '驶出允许区域', unitName: '河北建设投资集团有限责任公司' });
    expect(exits[0].detail).toContain('全天候');
  });
});
