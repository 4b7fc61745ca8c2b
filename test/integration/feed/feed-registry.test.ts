import { addShanghaiDays, shanghaiDate } from '@shared/common/time';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedUnitId } from '../../helpers/seed-lookup';
import { eventually, expectedRecords, FEED_TEST_APP, FEED_TEST_KEY, lastEventId } from '../../helpers/feed';
import { startFakeSupervisionUpstream, type RunningFakeSupervisionUpstream } from '../../../server/src/fakes/supervision-upstream';
import { FEED_SUBSCRIBER } from '../../../server/src/modules/feed';
import { EventDeliveryEntity } from '../../../server/src/platform/events/outbox.entity';

/**
 * The registry and supervision's warnings in the upward feed (#19 item 1): units created (单位信息), vehicles
 * registered and changed (车辆信息), drivers entered and changed (驾驶员信息), 年检 recorded (年检信息) and warnings raised and taken through their loop
 * to closed (违规预警) reach the supervision platform through the outbox, each record once by key and each
 * business record's messages in the order they happened.
 */
describe(`the registry and warnings in the upward feed (${backend})`, () => {
  let t: TestApp;
  let up: RunningFakeSupervisionUpstream;
  let chen: As; let zhao: As; let xu: As; let zhou: As;

  beforeAll(async () => {
    up = await startFakeSupervisionUpstream({ appId: FEED_TEST_APP, keyHex: FEED_TEST_KEY });
    t = await startTestApp({ FEED_URL: up.url, FEED_KEY: FEED_TEST_KEY, FEED_APP_ID: FEED_TEST_APP, FEED_BATCH_SIZE: '3', FEED_RETRY_BASE_MS: '20', FEED_RETRY_MAX_MS: '200', FEED_IDLE_MS: '50' });
    [chen, zhao, xu, zhou] = await Promise.all(['陈静', '赵磊', '许亮', '周明'].map((n) => as(t, n)));
  });
  afterAll(async () => {
    await t?.close();
    await up?.close();
  });

  const pendingFeed = () => t.deps.db.manager.count(EventDeliveryEntity, { where: { subscriber: FEED_SUBSCRIBER, status: 'pending' } });
  const ok = async <R extends { status: number; body: unknown }>(r: Promise<R> | R, status = 200): Promise<R> => {
    const res = await r;
    if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };

  it('when a unit is created, a vehicle registered, fitted and unfitted, inspected, a driver entered, renewed and suspended, and warned about until the warning is closed, then the upstream holds each record once, in order per record, while its POSTs fail now and then', async () => {
    const since = await lastEventId(t.deps.db);
    up.configure({ failureRate: 0.3, delayMs: 10 });

    const unit = (await ok(chen.post('/api/units', { name: '省机关事务管理局车辆服务中心', kind: 'public_institution', regionCode: '130000', address: '河北省石家庄市裕华东路 1 号' }), 201)).body;
    const ndrc = await seedUnitId(t, '河北省发展和改革委员会');
    const car = (await ok(zhao.post('/api/vehicles', {
      plate: '冀A9F001', vin: 'LFV3A21K0000F0001', brandModel: '比亚迪 秦 PLUS EV', energyType: 'electric', displacementMl: null, priceFen: 14_980_000, seats: 5,
      category: 'general', ownerUnitId: ndrc, registeredOn: addShanghaiDays(new Date(), -30), insuranceDue: '2028-01-31', inspectionDue: '2028-03-31',
    }), 201)).body;
    await ok(zhao.post(`/api/vehicles/${car.id}/terminal`, { terminalPhone: '013912340001', deviceModel: 'JT808-A1' }));
    await ok(zhao.post(`/api/vehicles/${car.id}/terminal/unbind`, {}));
    const driver = (await ok(zhao.post('/api/drivers', { name: '冯刚', phone: '13803119901', unitId: ndrc, licenceClass: 'C1', licenceExpires: '2029-06-30' }), 201)).body;
    expect(driver).toMatchObject({ name: '冯刚', phoneMasked: '138****9901', status: 'active' });
    await ok(zhao.put(`/api/drivers/${driver.id}`, { licenceClass: 'B1', licenceExpires: '2035-06-30', status: 'active' }));
    await ok(zhao.put(`/api/drivers/${driver.id}`, { licenceClass: 'B1', licenceExpires: '2035-06-30', status: 'suspended' }));
    const inspection = (await ok(xu.post('/api/service-records', {
      kind: 'repair', plate: '冀A9F001', occurredOn: shanghaiDate(new Date()), amountFen: 30_000, workOrderNo: 'NJ-2026-0901', work: 'inspection', items: '年检代办', nextInspectionDue: '2027-12-31',
    }), 201)).body;
    const w = (await t.deps.supervision.engine.raise({
      kind: 'speeding', dedupeKey: `feed-registry-${car.id}`, vehicle: { id: car.id, plate: car.plate }, unitId: ndrc, regionCode: '130000', title: '冀A·9F001 超速行驶', detail: '限速 60，实测 92 km/h', occurredAt: new Date(),
    }))!;
    await ok(zhao.post(`/api/supervision/warnings/${w.id}/check`, { note: '经核查驾驶员赶赴会议超速' }));
    await ok(zhou.post(`/api/supervision/warnings/${w.id}/decide`, { outcome: 'confirm', note: '超速属实' }));
    await ok(zhou.post(`/api/supervision/warnings/${w.id}/publish`, { note: '全省通报' }));

    const want = await expectedRecords(t.deps.db, since);
    await eventually(async () => (await pendingFeed()) === 0 && [...want.keys].every((k) => up.held.has(k)), 60_000,
      () => `lost: ${[...want.keys].filter((k) => !up.held.has(k)).length} of ${want.keys.size}`);
    up.configure({ failureRate: 0, delayMs: 0 });

    // Each business record's messages arrived in the order they happened, each key held once.
    const mine = (id: string) => [...up.held.values()].filter((r) => r.recordId === id).sort((a, b) => want.byRecord.get(id)!.indexOf(a.key) - want.byRecord.get(id)!.indexOf(b.key));
    for (const [recordId, keys] of want.byRecord) expect(up.byRecord.get(recordId)).toEqual(keys);
    // Held once by key (a retried batch's records arrive again and are answered as duplicates), nothing else held for them.
    expect([...up.held.values()].filter((r) => want.byRecord.has(r.recordId)).length).toBe(want.keys.size);
    expect(up.stats.badSignature).toBe(0);

    expect(mine(`unit-${unit.id}`).map((r) => [r.interfaceCode, r.op])).toEqual([['DWXX', 'add']]);
    expect(mine(`unit-${unit.id}`)[0]!.data).toMatchObject({ unitId: unit.id, name: '省机关事务管理局车辆服务中心', kind: 'public_institution', kindName: '事业单位' });

    const vehicle = mine(`vehicle-${car.id}`);
    expect(vehicle.map((r) => [r.interfaceCode, r.op, (r.data as { terminalFitted: boolean }).terminalFitted])).toEqual([['CLXX', 'add', false], ['CLXX', 'update', true], ['CLXX', 'update', false]]);
    expect(vehicle[0]!.data).toMatchObject({ plate: '冀A9F001', vin: 'LFV3A21K0000F0001', category: 'general', categoryName: '一般公务用车', status: 'in_use', statusName: '在用', unitId: ndrc });

    expect(mine(`inspection-${inspection.id}`).map((r) => [r.interfaceCode, r.op])).toEqual([['NJXX', 'add']]);
    expect(mine(`inspection-${inspection.id}`)[0]!.data).toMatchObject({ vehicleId: car.id, workOrderNo: 'NJ-2026-0901', nextInspectionDue: '2027-12-31', amountFen: 30_000 });

    const drv = mine(`driver-${driver.id}`);
    expect(drv.map((r) => [r.interfaceCode, r.op, (r.data as { licenceClass: string }).licenceClass, (r.data as { status: string }).status])).toEqual([
      ['JSYXX', 'add', 'C1', 'active'], ['JSYXX', 'update', 'B1', 'active'], ['JSYXX', 'update', 'B1', 'suspended'],
    ]);
    expect(drv[2]!.data).toMatchObject({ name: '冯刚', unitId: ndrc, licenceExpires: '2035-06-30', change: '停用' });
    // The driver's phone is not sent (what the purpose needs).
    expect(JSON.stringify(drv)).not.toContain('13803119901');

    const warning = mine(`warning-${w.id}`);
    expect(warning.map((r) => [r.interfaceCode, r.op, (r.data as { status: string }).status, (r.data as { state: string }).state])).toEqual([
      ['WGYJ', 'add', 'open', 'raised'], ['WGYJ', 'update', 'checked', 'handling'], ['WGYJ', 'update', 'confirmed', 'closed'], ['WGYJ', 'update', 'published', 'closed'],
    ]);
    expect(warning[0]!.data).toMatchObject({ kind: 'speeding', kindName: '超速行驶', plate: '冀A9F001', title: '冀A·9F001 超速行驶' });
  }, 120_000);
});
