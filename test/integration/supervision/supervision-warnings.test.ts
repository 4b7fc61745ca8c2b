import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody, type As } from '../../helpers/trips';
import { seedUnitId, seedVehicleId } from '../../helpers/seed-lookup';
import { RENTAL_COMPANY } from '../../helpers/rental-trips';
import { DriverEntity, VehicleEntity } from '../../../server/src/modules/fleet/fleet.entity';
import { SimulatedTerminal } from '../../../server/src/fakes/jt808-terminal/simulated-terminal';
import { loopFor } from '../../../server/src/fakes/jt808-terminal/route';
import { shanghaiDate, shanghaiInstant, addShanghaiDays } from '@shared/common/time';

/**
 * The warnings engine end to end on the real app: a JT/T 808 terminal driving with no trip (无单出车),
 * its speeding alarm bit (行车安全预警), a trip departing outside working hours or on a unit holiday,
 * then the loop 核查 → 申诉 → 处理 → 通报 and who may see and act on a warning.
 */
describe(`supervision warnings (${backend})`, () => {
  let t: TestApp;
  const terminals: SimulatedTerminal[] = [];
  // These are the paths that need no live stream (the 30-second movement check, the alarm events); the
  // stream, which would raise first, is tested in supervision-live-stream.test.ts.
  beforeAll(async () => { t = await startTestApp(); await t.deps.supervision.positions.stop(); });
  afterAll(async () => { for (const x of terminals) x.close(); await t.close(); });

  const warningsOf = async (who: As, query = '') => (await who.get(`/api/supervision/warnings?pageSize=100${query}`)).body.items as Array<Record<string, any>>;

  async function terminalOf(plate: string, phone: string, n: number): Promise<SimulatedTerminal> {
    const term = new SimulatedTerminal({ phone, edition: 2013, plate, loop: { ...loopFor(n), speedKmh: 48 } }, 5000);
    terminals.push(term);
    await term.connect({ host: '127.0.0.1', port: t.deps.telematics.gatewayPort });
    await term.login();
    return term;
  }

  it('when a terminal reports its car moving with no dispatched trip, then the next movement check (every 30 s) raises a red 无单出车 warning, once', async () => {
    const term = await terminalOf('冀A00108', '013800000108', 108);
    expect(await term.report()).toBe(0);
    const vehicleId = await seedVehicleId(t, '冀A00108');
    const raised = await t.deps.supervision.engine.checkMovement();
    expect(raised).toBeGreaterThanOrEqual(1);
    const he = await as(t, '何勇'); // 长安区政府办's fleet admin
    const mine = (await warningsOf(he, '&kind=no_trip_movement')).filter((w) => w.vehicleId === vehicleId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'no_trip_movement', kindLabel: '无单出车', grade: 'red', status: 'open', plate: '冀A·00108', unitName: '长安区人民政府办公室' });
    expect(mine[0].source).toContain('铜仁');
    const raisedAt = Date.parse(mine[0].raisedAt);
    expect(raisedAt - Date.parse(mine[0].occurredAt)).toBeLessThan(60_000);
    // The same movement on the same day is one warning, however often the check runs.
    await term.report();
    await t.deps.supervision.engine.checkMovement();
    expect((await warningsOf(he, '&kind=no_trip_movement')).filter((w) => w.vehicleId === vehicleId)).toHaveLength(1);
  });

  it('when the rule is switched off for a region, then a car there moving without a trip raises nothing, and the switch shows where it was decided', async () => {
    const zhou = await as(t, '周明'); // province supervisor
    const off = await zhou.put('/api/supervision/rules/no_trip_movement', { regionCode: '130100', enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.find((r: { kind: string }) => r.kind === 'no_trip_movement')).toMatchObject({ enabled: false, decidedBy: '130100' });
    const term = await terminalOf('冀A00107', '013800000107', 107); // 石家庄市市场监督管理局 (130100)
    expect(await term.report()).toBe(0);
    await t.deps.supervision.engine.checkMovement();
    const wu = await as(t, '吴芳'); // 石家庄市 supervisor
    const vehicleId = await seedVehicleId(t, '冀A00107');
    expect((await warningsOf(wu, '&kind=no_trip_movement')).filter((w) => w.vehicleId === vehicleId)).toEqual([]);
    // A county supervisor may not switch a rule for the city above them.
    const zheng = await as(t, '郑斌');
    const denied = await zheng.put('/api/supervision/rules/speeding', { regionCode: '130100', enabled: false });
    expect(denied.status).toBe(404);
    expect(denied.body.error.code).toBe('REGION_OUT_OF_SCOPE');
    expect((await zhou.put('/api/supervision/rules/no_trip_movement', { regionCode: '130100', enabled: true })).status).toBe(200);
  });

  it('when a terminal raises the overspeed alarm bit, then a 超速行驶 driving-safety warning is raised for its car once the alarm event is delivered', async () => {
    const term = terminals.find((x) => x.spec.plate === '冀A00107')!;
    term.alarm = 1 << 1;
    expect(await term.report()).toBe(0);
    term.alarm = 0;
    const vehicleId = await seedVehicleId(t, '冀A00107');
    const wu = await as(t, '吴芳');
    let speeding: Array<Record<string, any>> = [];
    for (let i = 0; i < 50 && !speeding.length; i++) {
      await t.deps.telematics.alarms!.pump();
      await t.deps.events.drain();
      speeding = (await warningsOf(wu, '&kind=speeding')).filter((w) => w.vehicleId === vehicleId);
      if (!speeding.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(speeding).toHaveLength(1);
    expect(speeding[0]).toMatchObject({ kindLabel: '超速行驶', grade: 'yellow', unitName: '石家庄市市场监督管理局' });
    expect(speeding[0].source).toContain('JT/T 808');
  });

  async function rentalTripDeparting(departAt: Date, n: number): Promise<number> {
    const [wang, li, zhang, gao, luo] = await Promise.all(['王建国', '李秀英', '张伟', '高峰', '罗军'].map((x) => as(t, x)));
    const companyId = await seedUnitId(t, RENTAL_COMPANY);
    const car = (await t.deps.db.manager.findOneByOrFail(VehicleEntity, { plate: '冀A20006' })).id;
    const driver = (await t.deps.db.manager.findOneByOrFail(DriverEntity, { name: '罗军' })).id;
    const tripId = await approvedTrip(wang, [li], tripBody({ purpose: `监管预警测试 ${n}` }, { daysAhead: 2 + n }));
    const ok = async (res: Promise<{ status: number; body: unknown }>) => { const r = await res; if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`); };
    await ok(zhang.post(`/api/dispatch/trips/${tripId}`, { source: 'rental', companyId }));
    const order = (await gao.get('/api/rental-orders')).body.items.find((o: { tripId: number }) => o.tripId === tripId) as { id: number };
    await ok(gao.post(`/api/rental-orders/${order.id}/accept`, { vehicleId: car, driverId: driver }));
    await ok(luo.post(`/api/assignments/${order.id}/accept`));
    await ok(luo.post(`/api/assignments/${order.id}/depart`, { odometerKm: 50_000 + n * 100, at: departAt.toISOString() }));
    await ok(luo.post(`/api/assignments/${order.id}/return`, { odometerKm: 50_000 + n * 100 + 40, rentalFen: 30000, fuelFen: 0, tollFen: 0 }));
    await ok(zhang.post(`/api/trips/${tripId}/review`, { comment: '' }));
    await ok(wang.post(`/api/trips/${tripId}/confirm`));
    await t.deps.events.drain();
    return tripId;
  }

  it('when a trip departed at 22:30 on a working day (the unit calendar says so), then a 非工作时间用车 warning names the trip; one at 10:00 on the unit holiday raises 节假日用车; one at 10:00 on a working day raises nothing', async () => {
    const zhao = await as(t, '赵磊'); // 发改委's fleet admin keeps its calendar
    const ndrc = await seedUnitId(t, '河北省发展和改革委员会');
    const days = [addShanghaiDays(new Date(), -3), addShanghaiDays(new Date(), -2), addShanghaiDays(new Date(), -1)];
    expect((await zhao.post('/api/supervision/holidays', { unitId: ndrc, day: days[0], kind: 'workday', name: '调休上班' })).status).toBe(201);
    expect((await zhao.post('/api/supervision/holidays', { unitId: ndrc, day: days[1], kind: 'holiday', name: '单位公休' })).status).toBe(201);
    expect((await zhao.post('/api/supervision/holidays', { unitId: ndrc, day: days[2], kind: 'workday', name: '调休上班' })).status).toBe(201);
    // Another unit's calendar is not his to keep.
    const other = await zhao.post('/api/supervision/holidays', { unitId: ndrc + 1, day: days[0], kind: 'holiday', name: 'x' });
    expect(other.status).toBe(403);
    const late = await rentalTripDeparting(shanghaiInstant(days[0], '22:30'), 1);
    const holiday = await rentalTripDeparting(shanghaiInstant(days[1], '10:00'), 2);
    const normal = await rentalTripDeparting(shanghaiInstant(days[2], '10:00'), 3);
    const zhou = await as(t, '周明');
    const all = await warningsOf(zhou);
    expect(all.filter((w) => w.tripId === late).map((w) => [w.kind, w.grade])).toEqual([['off_hours_use', 'yellow']]);
    expect(all.find((w) => w.tripId === late)!.detail).toContain('22:30');
    expect(all.filter((w) => w.tripId === holiday).map((w) => w.kind)).toEqual(['holiday_use']);
    expect(all.filter((w) => w.tripId === normal)).toEqual([]);
  });

  it('when the unit appeals a warning with evidence and the supervisor above upholds it, then it is closed as revoked, with every step recorded; wrong steps are refused with a reason', async () => {
    const zhou = await as(t, '周明');
    const zhao = await as(t, '赵磊');
    const w = (await warningsOf(zhou, '&kind=off_hours_use'))[0];
    // The supervisor cannot appeal for the unit; the unit cannot decide its own appeal.
    expect((await zhou.post(`/api/supervision/warnings/${w.id}/appeal`, { reason: '加班公务' })).status).toBe(403);
    const bad = await zhao.post(`/api/supervision/warnings/${w.id}/appeal`, { reason: '' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('说明');
    const checked = await zhao.post(`/api/supervision/warnings/${w.id}/check`, { note: '经核查系加班赴省政府报送材料' });
    expect(checked.body).toMatchObject({ status: 'checked', statusLabel: '已核查' });
    const appealed = await zhao.post(`/api/supervision/warnings/${w.id}/appeal`, { reason: '夜间加班报送紧急材料，有审批单', evidence: ['https://files.example.cn/approval-slip.jpg'], tripId: w.tripId });
    expect(appealed.status).toBe(200);
    expect(appealed.body.status).toBe('appealed');
    const selfDecide = await zhao.post(`/api/supervision/warnings/${w.id}/decide`, { outcome: 'uphold', note: '同意' });
    expect(selfDecide.status).toBe(403);
    expect(selfDecide.body.error.message).toContain('上级主管部门');
    const upheld = await zhou.post(`/api/supervision/warnings/${w.id}/decide`, { outcome: 'uphold', note: '审批单齐全，申诉成立' });
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({ status: 'revoked', statusLabel: '申诉成立（已撤销）' });
    expect(upheld.body.actions.map((a: { action: string }) => a.action)).toEqual(['raise', 'check', 'appeal', 'uphold']);
    expect(upheld.body.actions[2]).toMatchObject({ evidence: ['https://files.example.cn/approval-slip.jpg'], tripId: w.tripId, actorName: '赵磊' });
    const again = await zhou.post(`/api/supervision/warnings/${w.id}/publish`, {});
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'WARNING_STATE_CONFLICT' });
    expect(again.body.error.message).toContain('申诉成立');
  });

  it('when an appeal is dismissed, then the warning stands and can be published to the region, where the units read it as a notice', async () => {
    const zhou = await as(t, '周明');
    const zhao = await as(t, '赵磊');
    const w = (await warningsOf(zhou, '&kind=holiday_use'))[0];
    await zhao.post(`/api/supervision/warnings/${w.id}/appeal`, { reason: '临时公务，未及报备' });
    const dismissed = await zhou.post(`/api/supervision/warnings/${w.id}/decide`, { outcome: 'dismiss', note: '节假日封车期间无审批，申诉不成立' });
    expect(dismissed.body.status).toBe('confirmed');
    const published = await zhou.post(`/api/supervision/warnings/${w.id}/publish`, { note: '全省通报' });
    expect(published.body.status).toBe('published');
    const yang = await as(t, '杨帆'); // an applicant in 长安区: the province's notice reaches every unit below
    const notices = (await yang.get('/api/supervision/notices')).body as Array<{ id: number }>;
    expect(notices.map((n) => n.id)).toContain(w.id);
  });

  it('when a county supervisor asks for another county\'s warning or figures, then it is answered as missing (404), and their list holds only their county', async () => {
    const zheng = await as(t, '郑斌'); // 长安区 (130102)
    const wu = await as(t, '吴芳');
    const speeding = (await warningsOf(wu, '&kind=speeding'))[0]; // 市场监管局 sits at the city, above 长安区
    const res = await zheng.get(`/api/supervision/warnings/${speeding.id}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('WARNING_NOT_FOUND');
    expect((await zheng.post(`/api/supervision/warnings/${speeding.id}/decide`, { outcome: 'confirm', note: '越权处理' })).status).toBe(404);
    const mine = await warningsOf(zheng);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((w) => w.regionCode.startsWith('130102'))).toBe(true);
    for (const code of ['130104', '130602', '130100']) {
      const pool = await zheng.get(`/api/supervision/pool?regionCode=${code}&period=${shanghaiDate(new Date()).slice(0, 7)}`);
      expect(pool.status).toBe(404);
      expect(pool.body.error.message).toContain(code);
    }
    // The unit's fleet admin of 竞秀区 sees none of 长安区's.
    expect((await zheng.get(`/api/supervision/pool?regionCode=130102&period=${shanghaiDate(new Date()).slice(0, 7)}`)).status).toBe(200);
  });
});
