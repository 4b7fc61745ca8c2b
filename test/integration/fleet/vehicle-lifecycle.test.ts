import ExcelJS from 'exceljs';
import { approvalKinds } from '@shared/approvals/approvals.schemas';
import { vehicleImportColumns } from '@shared/fleet/lifecycle.schemas';
import { addShanghaiDays } from '@shared/common/time';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedUnitId, seedVehicleId } from '../../helpers/seed-lookup';
import { VehicleEntity } from '../../../server/src/modules/fleet/fleet.entity';
import { VehicleApplicationEntity } from '../../../server/src/modules/fleet/lifecycle.entity';

/** Registration body for a new car of 发改委 (or `unit`), registered `yearsAgo` years before today. */
let serial = 0;
function car(ownerUnitId: number, overrides: Record<string, unknown> = {}) {
  serial++;
  const n = String(serial).padStart(4, '0');
  return {
    plate: `冀A9${n}`, vin: `LFV3A21K00000${n}`, brandModel: '比亚迪 秦 PLUS EV', energyType: 'electric', displacementMl: null, priceFen: 14_980_000, seats: 5,
    category: 'general', ownerUnitId, registeredOn: addShanghaiDays(new Date(), -30), insuranceDue: '2028-01-31', inspectionDue: '2028-03-31', ...overrides,
  };
}

const newCar = { brandModel: '比亚迪 汉 EV', energyType: 'electric', displacementMl: null, priceFen: 16_000_000, seats: 5, reason: '原车老化，故障频发' };

describe(`a vehicle's life: quotas, renewal, disposal, exemption, import (${backend})`, () => {
  let t: TestApp;
  let zhao: As; let li: As; let zhou: As; let wu: As;
  let ndrc: number;
  beforeAll(async () => {
    t = await startTestApp();
    [zhao, li, zhou, wu] = await Promise.all(['赵磊', '李秀英', '周明', '吴芳'].map((n) => as(t, n)));
    ndrc = await seedUnitId(t, '河北省发展和改革委员会');
  });
  afterAll(() => t.close());

  /** The unit's approver, then the province's 主管部门 (the default two-level chain) approve the application. */
  async function approveThrough(kind: string, subjectId: number): Promise<void> {
    for (const approver of [li, zhou]) {
      const inbox = await approver.get(`/api/approvals?kind=${kind}`);
      const item = inbox.body.items.find((i: { subjectId: number }) => i.subjectId === subjectId);
      expect(item).toBeDefined();
      const res = await approver.post(`/api/approvals/${item.id}/decide`, { action: 'approve' });
      expect(res.status).toBe(200);
    }
  }

  const quotaOf = async (unitId: number, category: string) =>
    ((await zhao.get(`/api/fleet/quotas?unitId=${unitId}`)).body as Array<{ category: string; quota: number; used: number; reserved: number; over: boolean }>).find((q) => q.category === category);

  it('when every approval kind of the one inbox is looked at, then each has a registered handler', () => {
    expect([...t.deps.approvals.handledKinds()].sort()).toEqual([...approvalKinds].sort());
  });

  it('when a unit registers beyond its 编制 quota, then it is refused naming the quota and nothing is written', async () => {
    const before = await quotaOf(ndrc, 'general');
    expect(before).toMatchObject({ quota: 4, used: 3, reserved: 0, over: false });
    const fits = await zhao.post('/api/vehicles', car(ndrc));
    expect(fits.status).toBe(201);
    const beyond = car(ndrc);
    const refused = await zhao.post('/api/vehicles', beyond);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('VEHICLE_OVER_QUOTA');
    expect(refused.body.error.message).toContain('一般公务用车编制 4 辆，已有 4 辆');
    expect(await t.deps.db.manager.count(VehicleEntity, { where: { plate: beyond.plate } })).toBe(0);
    expect(await quotaOf(ndrc, 'general')).toMatchObject({ quota: 4, used: 4, over: false });
  });

  it('when a renewal breaks a standard, then it is refused naming the rule and its source document', async () => {
    const young = await seedVehicleId(t, '冀A00104'); // 应急保障用车, registered 2020-11-11, 65,400 km: not due
    const early = await zhao.post(`/api/vehicles/${young}/renewal`, { ...newCar, priceFen: 20_000_000 });
    expect(early.status).toBe(400);
    expect(early.body.error.code).toBe('VEHICLE_STANDARD_BREACHED');
    expect(early.body.error.message).toContain('未达到更新条件：使用年限超过 8 年');
    expect(early.body.error.message).toContain('《党政机关公务用车管理办法》');

    const old = await seedVehicleId(t, '冀A00102'); // 一般公务用车, registered 2016-05-20: due
    const pricey = await zhao.post(`/api/vehicles/${old}/renewal`, { ...newCar, priceFen: 25_000_000 });
    expect(pricey.status).toBe(400);
    expect(pricey.body.error.message).toContain('一般公务用车价格 ¥250,000.00 超过标准 ¥180,000.00');
    expect(pricey.body.error.message).toContain('依据：《党政机关公务用车管理办法》（2017）');
    expect(pricey.body.error.details).toEqual([expect.objectContaining({ rule: 'price' })]);

    const fuel = await zhao.post(`/api/vehicles/${old}/renewal`, { ...newCar, energyType: 'fuel', displacementMl: 2000, priceFen: 17_000_000 });
    expect(fuel.status).toBe(400);
    expect(fuel.body.error.details.map((d: { rule: string }) => d.rule)).toEqual(['displacement', 'new_energy']);
    expect(fuel.body.error.message).toContain('排气量 2.0L 超过标准 1.8L');
    expect(fuel.body.error.message).toContain('新能源优先');
    expect(await t.deps.db.manager.count(VehicleApplicationEntity)).toBe(0);
  });

  it('when a renewal within the standards is approved, then the old car is 待处置, its quota place waits for the replacement, and the replacement is registered against it', async () => {
    const old = await seedVehicleId(t, '冀A00102');
    const applied = await zhao.post(`/api/vehicles/${old}/renewal`, newCar);
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ kind: 'renewal', status: 'pending', plate: '冀A00102', category: 'general' });
    expect(applied.body.summary).toContain('更新 冀A·00102（已使用 10 年');
    await approveThrough('renewal', applied.body.id);

    const life = await zhao.get(`/api/vehicles/${old}/life`);
    expect(life.body.vehicle.status).toBe('pending_disposal');
    expect(life.body.applications).toEqual([expect.objectContaining({ id: applied.body.id, status: 'approved' })]);
    expect(await quotaOf(ndrc, 'general')).toMatchObject({ quota: 4, used: 3, reserved: 1, over: false });

    // The freed place is the replacement's: another car is still over quota.
    expect((await zhao.post('/api/vehicles', car(ndrc))).status).toBe(409);
    const replacement = await zhao.post('/api/vehicles', car(ndrc, { renewalId: applied.body.id, brandModel: '比亚迪 汉 EV', priceFen: 16_000_000 }));
    expect(replacement.status).toBe(201);
    const done = await zhao.get(`/api/fleet/applications?kind=renewal`);
    expect(done.body.items[0]).toMatchObject({ id: applied.body.id, status: 'completed', newVehicleId: replacement.body.id });
    expect(await quotaOf(ndrc, 'general')).toMatchObject({ quota: 4, used: 4, reserved: 0, over: false });
    const again = await zhao.post('/api/vehicles', car(ndrc, { renewalId: applied.body.id }));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('APPLICATION_STATE_CONFLICT');
  });

  it('when a procurement is approved, then the unit\'s quota of the category grows by one', async () => {
    const applied = await zhao.post('/api/fleet/procurements', { ...newCar, unitId: ndrc, category: 'general', reason: '新增应急值守用车' });
    expect(applied.status).toBe(201);
    await approveThrough('renewal', applied.body.id);
    expect((await zhao.get('/api/fleet/applications?kind=procurement')).body.items[0]).toMatchObject({ id: applied.body.id, status: 'completed' });
    expect(await quotaOf(ndrc, 'general')).toMatchObject({ quota: 5, used: 4 });
  });

  it('when a disposal is approved, then the vehicle leaves the active fleet, its terminal is unbound and telematics told, and the proceeds are recorded', async () => {
    const old = await seedVehicleId(t, '冀A00102');
    const applied = await zhao.post(`/api/vehicles/${old}/disposal`, { method: 'auction', reason: '已更新，原车公开拍卖', expectedProceedsFen: 3_000_000 });
    expect(applied.status).toBe(201);
    expect((await zhao.post(`/api/vehicles/${old}/disposal/proceeds`, { proceedsFen: 1, counterparty: '某拍卖行', completedOn: '2026-12-01' })).status).toBe(409);
    await approveThrough('disposal', applied.body.id);
    await t.deps.events.drain();

    const v = (await zhao.get(`/api/vehicles/${old}`)).body;
    expect(v).toMatchObject({ status: 'disposed', terminalPhone: null });
    const inUse = await zhao.get('/api/vehicles?status=in_use&pageSize=100');
    expect(inUse.body.items.map((x: { id: number }) => x.id)).not.toContain(old);
    expect((await t.deps.fleet.vehiclesWithTerminals()).map((x) => x.id)).not.toContain(old);
    const history = await t.deps.events.history('vehicle', old);
    const unbound = history.find((h) => h.event.type === 'vehicle.terminal_unbound');
    expect(JSON.parse(unbound!.event.payloadJson)).toMatchObject({ vehicleId: old, terminalPhone: '013800000102' });
    expect(unbound!.deliveries.map((d) => d.status)).toEqual(['done']);
    expect(history.map((h) => h.event.type)).toContain('vehicle.disposed');

    const proceeds = await zhao.post(`/api/vehicles/${old}/disposal/proceeds`, { proceedsFen: 3_260_000, counterparty: '河北省公共资源交易中心', completedOn: '2026-12-01' });
    expect(proceeds.status).toBe(200);
    expect(proceeds.body).toMatchObject({ status: 'completed', proceedsFen: 3_260_000 });
    expect((await zhao.post(`/api/vehicles/${old}/disposal`, { method: 'scrap', reason: '再次处置' })).status).toBe(409);
  });

  it('when an Appendix B exemption is approved, then the vehicle stays in the registry and is listed for the supervisors above it only', async () => {
    const vid = await seedVehicleId(t, '冀A00106');
    const applied = await zhao.post(`/api/vehicles/${vid}/exemption`, { reason: 'classified_investigation', detail: '用于涉密侦查办案', unitOpinion: '同意申报' });
    expect(applied.status).toBe(201);
    expect((await zhou.get('/api/fleet/exemptions')).body.items).toHaveLength(0);
    const confidential = async () => (await t.deps.fleet.censusUnder('', true)).find((c) => c.ownerUnitId === ndrc && c.category === 'confidential')?.vehicles ?? 0;
    expect(await confidential()).toBe(1);
    await approveThrough('exemption', applied.body.id);
    // Out of the coverage figures (Appendix A), still in the registry.
    expect(await confidential()).toBe(0);
    const listed = (await zhou.get('/api/fleet/exemptions')).body.items;
    expect(listed).toEqual([expect.objectContaining({ vehicle: expect.objectContaining({ id: vid, plate: '冀A00106', status: 'in_use' }), application: expect.objectContaining({ status: 'approved' }) })]);
    expect(listed[0].vehicle.exemptedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await wu.get('/api/fleet/exemptions')).body.items).toHaveLength(0);
    expect((await zhao.get(`/api/vehicles/${vid}`)).status).toBe(200);
  });

  it('when 100 vehicles are imported from Excel with 3 bad rows, then exactly those 3 are reported and the 97 others written', async () => {
    const women = await seedUnitId(t, '河北省妇女联合会');
    expect((await zhou.put('/api/fleet/quotas', { unitId: women, category: 'general', quota: 100 })).status).toBe(200);
    expect((await zhao.put('/api/fleet/quotas', { unitId: ndrc, category: 'general', quota: 99 })).status).toBe(403);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('车辆导入');
    ws.addRow([...vehicleImportColumns]);
    for (let i = 1; i <= 100; i++) {
      const n = String(i).padStart(3, '0');
      const row: unknown[] = [`冀A7${n}0`, `LFV4A21K000000${n}`, '比亚迪 秦 PLUS EV', '纯电', '', 149800, 5, '一般公务用车', '购置', '2025-03-01', '', '2027-02-28', '2027-03-31'];
      if (i === 10) row[0] = 'A12'; // not a plate
      if (i === 50) row[7] = '豪华用车'; // no such category
      if (i === 90) row[1] = `LFV4A21K000000${String(20).padStart(3, '0')}`; // row 21's VIN again
      ws.addRow(row);
    }
    const fileBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const res = await zhao.post('/api/vehicles/import', { ownerUnitId: women, fileBase64 });
    expect(res.status).toBe(404); // 妇联 is not 赵磊's unit
    const admin = await as(t, '陈静');
    const imported = await admin.post('/api/vehicles/import', { ownerUnitId: women, fileBase64 });
    expect(imported.status).toBe(200);
    expect(imported.body.written).toBe(97);
    expect(imported.body.errors.map((e: { row: number }) => e.row)).toEqual([11, 51, 91]);
    expect(imported.body.errors[0].message).toContain('车牌号');
    expect(imported.body.errors[1].message).toContain('车辆类别「豪华用车」');
    expect(imported.body.errors[2].message).toContain('第 21 行');
    expect(await t.deps.db.manager.count(VehicleEntity, { where: { ownerUnitId: women } })).toBe(97);
    expect((await admin.get(`/api/fleet/quotas?unitId=${women}`)).body).toEqual([expect.objectContaining({ category: 'general', quota: 100, used: 97, over: false })]);
  });
});
