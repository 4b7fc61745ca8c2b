import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { seedUnitId, seedUserId, seedVehicleId } from '../../helpers/seed-lookup';
import { DriverEntity } from '../../../server/src/modules/fleet/fleet.entity';

/**
 * Every route that takes an id, asked by users of every scope kind. Expected answers are written out
 * by hand from DOMAIN.md §2 (not computed by the code under test): 200 inside the scope, 404 outside.
 */
describe(`data scope over every id route (${backend})`, () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    ids.unitNdrc = `/api/units/${await seedUnitId(t, '河北省发展和改革委员会')}`;
    ids.unitCaGov = `/api/units/${await seedUnitId(t, '长安区人民政府办公室')}`;
    ids.unitJianbei = `/api/units/${await seedUnitId(t, '建北街道办事处')}`;
    ids.unitJingxiu = `/api/units/${await seedUnitId(t, '竞秀区人民政府办公室')}`;
    ids.unitRental = `/api/units/${await seedUnitId(t, '河北公务出行汽车租赁有限公司')}`;
    ids.userWang = `/api/users/${await seedUserId(t, '王建国')}`;
    ids.userYang = `/api/users/${await seedUserId(t, '杨帆')}`;
    ids.userCao = `/api/users/${await seedUserId(t, '曹阳')}`;
    ids.vehicleNdrc = `/api/vehicles/${await seedVehicleId(t, '冀A00101')}`;
    ids.vehicleCaGov = `/api/vehicles/${await seedVehicleId(t, '冀A00108')}`;
    ids.vehicleJingxiu = `/api/vehicles/${await seedVehicleId(t, '冀F00111')}`;
    ids.vehicleRental = `/api/vehicles/${await seedVehicleId(t, '冀AD20001')}`;
    const driver = async (name: string) => (await t.deps.db.manager.findOneOrFail(DriverEntity, { where: { name } })).id;
    ids.driverLiu = `/api/drivers/${await driver('刘强')}`;
    ids.driverMa = `/api/drivers/${await driver('马超')}`;
    ids.driverLuo = `/api/drivers/${await driver('罗军')}`;
    ids.regionProvince = '/api/regions/130000';
    ids.regionShijiazhuang = '/api/regions/130100';
    ids.regionChangan = '/api/regions/130102';
    ids.regionJianbei = '/api/regions/130102001';
    ids.regionBaoding = '/api/regions/130600';
  });
  afterAll(() => t.close());

  // who → ids they may see; every other id answers 404
  const visible: Record<string, string[]> = {
    '王建国': ['unitNdrc', 'userWang', 'vehicleNdrc', 'driverLiu', 'regionProvince'], // applicant, province unit
    '杨帆': ['unitCaGov', 'userYang', 'vehicleCaGov', 'driverMa', 'regionChangan'], // applicant, county unit
    '周明': Object.keys({ unitNdrc: 1, unitCaGov: 1, unitJianbei: 1, unitJingxiu: 1, unitRental: 1, userWang: 1, userYang: 1, userCao: 1, vehicleNdrc: 1, vehicleCaGov: 1, vehicleJingxiu: 1, vehicleRental: 1, driverLiu: 1, driverMa: 1, driverLuo: 1, regionProvince: 1, regionShijiazhuang: 1, regionChangan: 1, regionJianbei: 1, regionBaoding: 1 }), // province supervisor
    '吴芳': ['unitCaGov', 'unitJianbei', 'unitRental', 'userYang', 'vehicleCaGov', 'vehicleRental', 'driverMa', 'driverLuo', 'regionShijiazhuang', 'regionChangan', 'regionJianbei'], // Shijiazhuang supervisor
    '郑斌': ['unitCaGov', 'unitJianbei', 'userYang', 'vehicleCaGov', 'driverMa', 'regionChangan', 'regionJianbei'], // Chang'an county supervisor
    '冯涛': ['unitJingxiu', 'userCao', 'vehicleJingxiu', 'regionBaoding'], // Baoding supervisor
    '高峰': ['unitRental', 'vehicleRental', 'driverLuo', 'regionShijiazhuang'], // rental operator
  };

  it.each(Object.keys(visible))('when %s asks for every id, then those in scope answer 200 and the rest 404', async (name) => {
    const auth = await signInAs(t, name);
    const answers: Record<string, number> = {};
    for (const [key, path] of Object.entries(ids)) {
      answers[key] = (await request(t.callback).get(path).set('Authorization', auth.Authorization)).status;
    }
    const expected = Object.fromEntries(Object.keys(ids).map((k) => [k, visible[name].includes(k) ? 200 : 404]));
    expect(answers).toEqual(expected);
  });

  it('when a list is asked for, then it holds only records in scope', async () => {
    const auth = await signInAs(t, '郑斌');
    const res = await request(t.callback).get('/api/vehicles?pageSize=100').set('Authorization', auth.Authorization);
    expect(res.status).toBe(200);
    expect(res.body.items.map((v: { plate: string }) => v.plate).sort()).toEqual(['冀A00108', '冀A00109']);
    const out = await request(t.callback).get(ids.vehicleJingxiu).set('Authorization', auth.Authorization);
    expect(out.body.error).toMatchObject({ code: 'VEHICLE_NOT_FOUND' });
  });
});
