import { addShanghaiDays, shanghaiDate, shanghaiMonth } from '@shared/common/time';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedUnitId, seedVehicleId } from '../../helpers/seed-lookup';
import { BillableOrderEntity } from '../../../server/src/modules/settlement/settlement.entity';
import { ServiceRecordEntity } from '../../../server/src/modules/fleet/service-record.entity';

describe(`三定 enterprises' records: costs of the vehicle, billable orders, expiry dates (${backend})`, () => {
  let t: TestApp;
  let wei: As; let xu: As; let jiang: As; let zhao: As; let sun: As; let zhou: As;
  beforeAll(async () => {
    t = await startTestApp();
    [wei, xu, jiang, zhao, sun, zhou] = await Promise.all(['韦强', '许亮', '蒋敏', '赵磊', '孙丽', '周明'].map((n) => as(t, n)));
  });
  afterAll(() => t.close());

  const today = () => shanghaiDate(new Date());

  it('when the designated fuel station records a monthly-billed fill-up, then it is a cost of the vehicle and a line of the station\'s statement with the unit', async () => {
    const vid = await seedVehicleId(t, '冀A00101');
    const fuel = await seedUnitId(t, '中石化河北石家庄石油分公司');
    const res = await wei.post('/api/service-records', { kind: 'fuel', plate: '冀A00101', occurredOn: today(), amountFen: 35_000, energy: 'gasoline', quantity: 45.5, odometerKm: 86_300 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'fuel', enterpriseId: fuel, enterpriseName: '中石化河北石家庄石油分公司', vehicleId: vid, plate: '冀A00101', amountFen: 35_000, billing: 'monthly' });

    const life = await zhao.get(`/api/vehicles/${vid}/life`);
    expect(life.status).toBe(200);
    expect(life.body.costs).toEqual({ repairFen: 0, fuelFen: 35_000, insuranceFen: 0, totalFen: 35_000 });
    expect(life.body.serviceRecords.map((r: { id: number }) => r.id)).toEqual([res.body.id]);

    await t.deps.events.drain();
    const order = await t.deps.db.manager.findOne(BillableOrderEntity, { where: { sourceKind: 'fuel', sourceId: String(res.body.id) } });
    expect(order).toMatchObject({ companyId: fuel, amountFen: 35_000 });
    const gen = await sun.post('/api/settlement/statements/generate', { period: shanghaiMonth(new Date()) });
    expect(gen.status).toBe(201);
    const mine = (gen.body as Array<{ id: number; companyId: number }>).find((s) => s.companyId === fuel);
    expect(mine).toBeDefined();
    const statement = await wei.get(`/api/settlement/statements/${mine!.id}`);
    expect(statement.status).toBe(200);
    expect(statement.body.lines.map((l: { sourceKind: string; sourceId: string; amountFen: number }) => [l.sourceKind, l.sourceId, l.amountFen]))
      .toContainEqual(['fuel', String(res.body.id), 35_000]);
  });

  it('when a record is paid on the spot, then it is a cost of the vehicle but no billable order', async () => {
    const vid = await seedVehicleId(t, '冀A00104');
    const res = await wei.post('/api/service-records', { kind: 'fuel', plate: '冀A00104', occurredOn: today(), amountFen: 20_000, billing: 'paid', energy: 'gasoline', quantity: 25 });
    expect(res.status).toBe(201);
    await t.deps.events.drain();
    expect(await t.deps.db.manager.count(BillableOrderEntity, { where: { sourceKind: 'fuel', sourceId: String(res.body.id) } })).toBe(0);
    expect((await zhao.get(`/api/vehicles/${vid}/life`)).body.costs.fuelFen).toBe(20_000);
  });

  it('when an enterprise records outside its service or for an unknown plate, then it is refused and nothing is written', async () => {
    const before = await t.deps.db.manager.count(ServiceRecordEntity);
    const wrong = await xu.post('/api/service-records', { kind: 'fuel', plate: '冀A00101', occurredOn: today(), amountFen: 100, energy: 'diesel', quantity: 1 });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('SERVICE_KIND_MISMATCH');
    expect(wrong.body.error.message).toContain('只能登记维修保养记录');
    const unknown = await wei.post('/api/service-records', { kind: 'fuel', plate: '冀A99999', occurredOn: today(), amountFen: 100, energy: 'diesel', quantity: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('冀A·99999 未在平台登记');
    expect((await zhao.post('/api/service-records', { kind: 'fuel', plate: '冀A00101', occurredOn: today(), amountFen: 100, energy: 'diesel', quantity: 1 })).status).toBe(403);
    expect(await t.deps.db.manager.count(ServiceRecordEntity)).toBe(before);
  });

  it('when the insurer records a policy and the repair shop an annual inspection, then the vehicle\'s due dates follow and supervision\'s expiry check warns of the policy', async () => {
    const vid = await seedVehicleId(t, '冀A00112');
    const coverTo = addShanghaiDays(new Date(), 10);
    const policy = await jiang.post('/api/service-records', {
      kind: 'insurance', plate: '冀A00112', occurredOn: today(), amountFen: 480_000, policyNo: 'PDAA202613010000123', coverage: '交强险＋商业险', coverFrom: addShanghaiDays(new Date(), -355), coverTo,
    });
    expect(policy.status).toBe(201);
    const repair = await xu.post('/api/service-records', {
      kind: 'repair', plate: '冀A00112', occurredOn: today(), amountFen: 30_000, workOrderNo: 'WX-2026-0042', work: 'inspection', items: '年检代办、灯光调整', nextInspectionDue: '2027-12-31',
    });
    expect(repair.status).toBe(201);
    const v = (await zhao.get(`/api/vehicles/${vid}`));
    expect(v.status).toBe(404); // 冀A00112 is 疾控中心's: 发改委's fleet admin does not see it
    const life = (await zhou.get(`/api/vehicles/${vid}/life`)).body;
    expect(life.vehicle).toMatchObject({ insuranceDue: coverTo, inspectionDue: '2027-12-31' });
    expect(life.costs).toEqual({ repairFen: 30_000, fuelFen: 0, insuranceFen: 480_000, totalFen: 510_000 });

    await t.deps.supervision.engine.checkExpiries();
    const warnings = (await zhou.get('/api/supervision/warnings?kind=insurance_expiry&pageSize=100')).body.items as Array<{ vehicleId: number; detail: string }>;
    expect(warnings.find((w) => w.vehicleId === vid)?.detail).toContain(coverTo);
    // Each enterprise sees only its own records.
    expect((await jiang.get('/api/service-records')).body.items.map((r: { id: number }) => r.id)).toEqual([policy.body.id]);
  });
});
