import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedUnitId } from '../../helpers/seed-lookup';
import { UnitEntity } from '../../../server/src/modules/identity/identity.entity';

describe(`the platform admin's directory: units, users, roles, approval chains (${backend})`, () => {
  let t: TestApp;
  let chen: As; let zhou: As;
  beforeAll(async () => {
    t = await startTestApp();
    [chen, zhou] = await Promise.all(['陈静', '周明'].map((n) => as(t, n)));
  });
  afterAll(() => t.close());

  it('when the platform admin creates a unit, a user with roles and the unit\'s approval chain, then the user signs in with those roles and the chain names them', async () => {
    const parentId = await seedUnitId(t, '长安区人民政府办公室');
    const unit = await chen.post('/api/units', { name: '长安区交通运输局', kind: 'party_government', regionCode: '130102', parentId, address: '河北省石家庄市长安区中山东路1号', lat: 38.05, lng: 114.53 });
    expect(unit.status).toBe(201);
    expect(unit.body).toMatchObject({ name: '长安区交通运输局', kind: 'party_government', regionCode: '130102', parentId, regionName: '长安区' });
    const user = await chen.post('/api/users', { name: '贺明', phone: '13903119901', unitId: unit.body.id, roles: ['applicant', 'approver'] });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ name: '贺明', phoneMasked: '139****9901', roles: ['applicant', 'approver'], unitId: unit.body.id });
    const chain = await chen.put('/api/approval-chains', { unitId: unit.body.id, kind: 'trip', variant: 'in_city', levels: [{ approverRole: 'approver', approverUserId: user.body.id }] });
    expect(chain.status).toBe(200);
    expect(chain.body.items.find((c: { kind: string; variant: string }) => c.kind === 'trip' && c.variant === 'in_city'))
      .toMatchObject({ unitId: unit.body.id, levels: [{ level: 1, approverRole: 'approver', approverUserId: user.body.id }] });

    const login = await request(t.callback).post('/api/auth/demo-login').send({ userId: user.body.id });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ name: '贺明', roles: ['applicant', 'approver'], unit: { id: unit.body.id, name: '长安区交通运输局' } });
    const roles = await chen.put(`/api/users/${user.body.id}/roles`, { roles: ['applicant'] });
    expect(roles.body.roles).toEqual(['applicant']);
  });

  it('when the input is wrong or the actor is not the platform admin, then it is refused naming what and nothing is written', async () => {
    const before = await t.deps.db.manager.count(UnitEntity);
    const badRegion = await chen.post('/api/units', { name: '不存在区划的单位', kind: 'party_government', regionCode: '139999' });
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.error.message).toContain('行政区划 139999 不存在');
    const dupName = await chen.post('/api/units', { name: '长安区人民政府办公室', kind: 'party_government', regionCode: '130102' });
    expect(dupName.status).toBe(409);
    const notAdmin = await zhou.post('/api/units', { name: '省某局', kind: 'party_government', regionCode: '130000' });
    expect(notAdmin.status).toBe(403);
    expect(await t.deps.db.manager.count(UnitEntity)).toBe(before);
    const dupPhone = await chen.post('/api/users', { name: '重复号码', phone: '13803110001', unitId: await seedUnitId(t, '河北省发展和改革委员会'), roles: ['applicant'] });
    expect(dupPhone.status).toBe(409);
    expect(dupPhone.body.error.message).toContain('138****0001');
  });
});
