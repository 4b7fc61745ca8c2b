import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedUnitId } from '../../helpers/seed-lookup';

/** A registration body for a unit, with what the test varies. */
const car = (ownerUnitId: number, plate: string, vin: string, more: Record<string, unknown>) => ({
  plate, vin, brandModel: '长城 炮 皮卡', energyType: 'fuel', displacementMl: 1996, priceFen: 13_000_000, seats: 5, ownerUnitId,
  registeredOn: '2026-11-01', insuranceDue: '2027-10-31', inspectionDue: '2028-10-31', ...more,
});
const newCar = { brandModel: '丰田 汉兰达', energyType: 'fuel', displacementMl: 1998, priceFen: 26_000_000, seats: 7, reason: '工程项目现场巡查用车' };

describe(`事业单位 and 国有企业 fleets under their own rules (${backend})`, () => {
  let t: TestApp;
  let qian: As; let ding: As; let zhao: As; let zhou: As; let chen: As;
  let soe: number; let cdc: number; let ndrc: number;
  beforeAll(async () => {
    t = await startTestApp();
    [qian, ding, zhao, zhou, chen] = await Promise.all(['钱涛', '丁琳', '赵磊', '周明', '陈静'].map((n) => as(t, n)));
    [soe, cdc, ndrc] = await Promise.all(['河北建设投资集团有限责任公司', '河北省疾病预防控制中心', '河北省发展和改革委员会'].map((n) => seedUnitId(t, n)));
  });
  afterAll(() => t.close());

  const quotas = async (unitId: number) => (await zhou.get(`/api/fleet/quotas?unitId=${unitId}`)).body as Array<{ category: string; quota: number; used: number; over: boolean }>;

  it('when a 事业单位 registers or is given 编制 for 执法执勤用车, then it is refused naming the unit kind and its document', async () => {
    const reg = await ding.post('/api/vehicles', car(cdc, '冀A0C301', 'LGWEF4A59NF000301', { category: 'law_enforcement' }));
    expect(reg.status).toBe(400);
    expect(reg.body.error.code).toBe('CATEGORY_NOT_FOR_UNIT_KIND');
    expect(reg.body.error.message).toContain('「河北省疾病预防控制中心」是事业单位，不配备执法执勤用车');
    expect(reg.body.error.message).toContain('冀车改〔2018〕1号');
    const quota = await zhou.put('/api/fleet/quotas', { unitId: cdc, category: 'law_enforcement', quota: 1 });
    expect(quota.status).toBe(400);
    expect(quota.body.error.code).toBe('CATEGORY_NOT_FOR_UNIT_KIND');
    // The same category for an organ is a matter of its 编制 only: 发改委 has none, so it is over quota, not of the wrong kind.
    const organ = await zhao.post('/api/vehicles', car(ndrc, '冀A0C302', 'LGWEF4A59NF000302', { category: 'law_enforcement' }));
    expect(organ.status).toBe(409);
    expect(organ.body.error.code).toBe('VEHICLE_OVER_QUOTA');
  });

  it('when a 国有企业 registers 业务用车, then no 编制 is asked and none is counted; its 公务用车 stay under 编制 and 一般公务用车 is not its category', async () => {
    for (const [plate, vin] of [['冀A0E401', 'LGWEF4A59NF000401'], ['冀A0E402', 'LGWEF4A59NF000402']] as const) {
      const res = await qian.post('/api/vehicles', car(soe, plate, vin, { category: 'business' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ plate, category: 'business', ownerUnitId: soe });
    }
    const use = await quotas(soe);
    expect(use.map((q) => q.category)).not.toContain('business');
    expect(use.find((q) => q.category === 'other')).toMatchObject({ quota: 1, used: 1, over: false });
    const general = await qian.post('/api/vehicles', car(soe, '冀A0E403', 'LGWEF4A59NF000403', { category: 'general' }));
    expect(general.status).toBe(400);
    expect(general.body.error.message).toContain('是国有企业，不配备一般公务用车');
    const other = await qian.post('/api/vehicles', car(soe, '冀A0E404', 'LGWEF4A59NF000404', { category: 'other' }));
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('VEHICLE_OVER_QUOTA');
    const setBusiness = await zhou.put('/api/fleet/quotas', { unitId: soe, category: 'business', quota: 5 });
    expect(setBusiness.status).toBe(400);
    expect(setBusiness.body.error.message).toContain('业务用车由企业按生产经营需要配备，不纳入公务用车编制管理');
  });

  it('when a 国有企业 applies for a 业务用车, then its own standards apply — not the organs\' — and the platform admin edits them per kind', async () => {
    const standards = (await chen.get('/api/fleet/standards')).body as Array<{ fleetKind: string; category: string; priceCapFen: number; sources: { price: string } }>;
    expect(standards.find((s) => s.fleetKind === 'enterprise' && s.category === 'business')).toMatchObject({ priceCapFen: 30_000_000 });
    expect(standards.find((s) => s.fleetKind === 'institution' && s.category === 'general')!.sources.price).toContain('冀车改〔2018〕1号');
    expect(standards.filter((s) => s.fleetKind === 'institution').map((s) => s.category)).not.toContain('law_enforcement');

    // 26 万元 fuel SUV, no new-energy reason: within the SOE's 业务用车 standard…
    const soeApp = await qian.post('/api/fleet/procurements', { ...newCar, unitId: soe, category: 'business' });
    expect(soeApp.status).toBe(201);
    expect(soeApp.body.details).toMatchObject({ quotaFree: true });
    // …but for 发改委's 一般公务用车 it breaks the price, displacement and new-energy rules, each named.
    const organApp = await zhao.post('/api/fleet/procurements', { ...newCar, unitId: ndrc, category: 'general' });
    expect(organApp.status).toBe(400);
    expect(organApp.body.error.code).toBe('VEHICLE_STANDARD_BREACHED');
    expect((organApp.body.error.details as Array<{ rule: string }>).map((d) => d.rule).sort()).toEqual(['displacement', 'new_energy', 'price']);
    // An organ cannot apply for a 业务用车 at all.
    const organBusiness = await zhao.post('/api/fleet/procurements', { ...newCar, unitId: ndrc, category: 'business' });
    expect(organBusiness.status).toBe(400);
    expect(organBusiness.body.error.code).toBe('CATEGORY_NOT_FOR_UNIT_KIND');

    // The platform admin lowers the SOE 业务用车 cap: the SOE is now refused by its own rule; the organs' rows are untouched.
    const business = standards.find((s) => s.fleetKind === 'enterprise' && s.category === 'business')!;
    const put = await chen.put('/api/fleet/standards', { ...business, priceCapFen: 20_000_000, sources: { ...business.sources, price: '集团公司业务用车配备标准（2026）：20万元以内' } });
    expect(put.status).toBe(200);
    const again = await qian.post('/api/fleet/procurements', { ...newCar, brandModel: '丰田 普拉多', unitId: soe, category: 'business' });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain('集团公司业务用车配备标准（2026）');
    const organGeneral = ((await chen.get('/api/fleet/standards')).body as Array<{ fleetKind: string; category: string; priceCapFen: number }>)
      .find((s) => s.fleetKind === 'organ' && s.category === 'general');
    expect(organGeneral!.priceCapFen).toBe(18_000_000);
    // No 业务用车 standard for organs can be set.
    const wrong = await chen.put('/api/fleet/standards', { ...business, fleetKind: 'organ' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CATEGORY_NOT_FOR_UNIT_KIND');
  });

  it('when the supervisor filters the fleet by unit kind, then only the vehicles of units of that kind are listed', async () => {
    const plates = async (fleetKind: string) => ((await zhou.get(`/api/vehicles?fleetKind=${fleetKind}&pageSize=100`)).body.items as Array<{ plate: string }>).map((v) => v.plate).sort();
    expect(await plates('enterprise')).toEqual(['冀A00110', '冀A0E401', '冀A0E402']);
    expect(await plates('institution')).toEqual(['冀A00105', '冀A00112']);
    const organ = await plates('organ');
    expect(organ).toEqual(expect.arrayContaining(['冀A00101', '冀A00107', '冀A00108']));
    expect(organ).not.toEqual(expect.arrayContaining(['冀A00110']));
    // A unit's own fleet admin filtering by another kind sees nothing of others.
    expect((await zhao.get('/api/vehicles?fleetKind=enterprise')).body.items).toEqual([]);
  });
});
