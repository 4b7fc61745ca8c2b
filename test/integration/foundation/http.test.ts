import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { seedUnitId } from '../../helpers/seed-lookup';
import { VehicleEntity } from '../../../server/src/modules/fleet/fleet.entity';

describe(`HTTP platform (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when probed, then /healthz is alive and /readyz reports database and Redis', async () => {
    expect((await request(t.callback).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(t.callback).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
  });

  it('when a path has a broken percent-encoding (GET /%), then it answers 400 naming it, not 500', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/trips/%zz']) {
      const res = await request(t.callback).get(path);
      expect([res.status, res.body.error.code]).toEqual([400, 'MALFORMED_URL']);
      expect(res.body.error.message).toContain('百分号编码有误');
    }
  });

  it('when a browser asks for /favicon.ico, then it gets the platform\'s icon', async () => {
    const res = await request(t.callback).get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/svg+xml');
  });

  it('when a role may not use a route, then the 403 names the roles that may, in Chinese', async () => {
    const applicant = await signInAs(t, '王建国');
    const res = await request(t.callback).post('/api/dispatch/one-click').set('Authorization', applicant.Authorization).send({});
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('该操作需要以下角色之一：调度员');
  });

  it('when Redis is gone, then /readyz answers 503 naming it', async () => {
    const ping = t.deps.redis.ping.bind(t.deps.redis);
    t.deps.redis.ping = (() => Promise.reject(new Error('connection refused'))) as typeof t.deps.redis.ping;
    try {
      const res = await request(t.callback).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body.redis).toContain('connection refused');
    } finally {
      t.deps.redis.ping = ping;
    }
  });

  it('when a request carries an id, then it is echoed; otherwise one is made', async () => {
    expect((await request(t.callback).get('/healthz').set('X-Request-Id', 'abc12345-proxy')).headers['x-request-id']).toBe('abc12345-proxy');
    const res = await request(t.callback).get('/api/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('when the JSON is malformed, then 400 MALFORMED_JSON', async () => {
    const res = await request(t.callback).post('/api/auth/demo-login').set('Content-Type', 'application/json').send('{"userId": 1');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
  });

  it('when a field has the wrong type or an unknown field is sent, then 400 names each field', async () => {
    const res = await request(t.callback).post('/api/auth/demo-login').send({ userId: 'seven', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body.role', 'body.userId']);
    // The message a toast shows names the field in Chinese; the path stays in details.
    expect(res.body.error.message).toContain('用户：应为数字');
    expect(res.body.error.message).not.toContain('body.');
  });

  it('when a query or path parameter is wrong, then 400 names it', async () => {
    const auth = await signInAs(t, '周明');
    const q = await request(t.callback).get('/api/vehicles?pageSize=1000').set('Authorization', auth.Authorization);
    expect(q.status).toBe(400);
    expect(q.body.error.details[0].field).toBe('query.pageSize');
    const p = await request(t.callback).get('/api/vehicles/abc').set('Authorization', auth.Authorization);
    expect(p.status).toBe(400);
    expect(p.body.error.details[0].field).toBe('params.id');
    const u = await request(t.callback).get('/api/vehicles?colour=red').set('Authorization', auth.Authorization);
    expect(u.body.error.details[0].field).toBe('query.colour');
  });

  it('when the OpenAPI document is fetched, then it lists the routes with their schemas', async () => {
    const res = await request(t.callback).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/api/vehicles/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(res.body.paths['/api/vehicles'].post.requestBody.content['application/json'].schema.required).toContain('plate');
  });

  describe('vehicle registration', () => {
    const body = (unitId: number, plate: string, extra: object = {}) => ({
      plate, vin: `LFV2A21K${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`, brandModel: '红旗 H5', energyType: 'fuel',
      displacementMl: 1798, priceFen: 17_000_000, seats: 5, category: 'general', ownerUnitId: unitId, registeredOn: '2026-11-01',
      insuranceDue: '2027-11-01', inspectionDue: '2028-11-01', ...extra,
    });

    it('when a fleet admin registers within quota, then 201; beyond it, then 409 and nothing written', async () => {
      const auth = await signInAs(t, '赵磊');
      const unitId = await seedUnitId(t, '河北省发展和改革委员会');
      const before = await t.deps.db.manager.count(VehicleEntity);
      // the unit has 3 general vehicles against a quota of 4
      const ok = await request(t.callback).post('/api/vehicles').set('Authorization', auth.Authorization).send(body(unitId, '冀A09901'));
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ plate: '冀A09901', regionCode: '130000', status: 'in_use' });
      const over = await request(t.callback).post('/api/vehicles').set('Authorization', auth.Authorization).send(body(unitId, '冀A09902'));
      expect(over.status).toBe(409);
      expect(over.body.error.code).toBe('VEHICLE_OVER_QUOTA');
      expect(over.body.error.message).toContain('冀A·09902');
      expect(await t.deps.db.manager.count(VehicleEntity)).toBe(before + 1);
    });

    it('when the plate is taken, then 409 names it', async () => {
      const auth = await signInAs(t, '钱涛');
      const unitId = await seedUnitId(t, '河北建设投资集团有限责任公司');
      await t.deps.db.manager.query('UPDATE vehicle_quota SET quota = 5 WHERE unit_id = ?', [unitId]);
      const res = await request(t.callback).post('/api/vehicles').set('Authorization', auth.Authorization).send(body(unitId, '冀A00101', { category: 'other' }));
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'VEHICLE_DUPLICATE' });
      expect(res.body.error.message).toContain('冀A·00101');
    });

    it('when the owner unit is outside the admin’s scope, then 404; when the role is wrong, then 403', async () => {
      const admin = await signInAs(t, '赵磊');
      const other = await seedUnitId(t, '长安区人民政府办公室');
      expect((await request(t.callback).post('/api/vehicles').set('Authorization', admin.Authorization).send(body(other, '冀A09903'))).status).toBe(404);
      const applicant = await signInAs(t, '王建国');
      const res = await request(t.callback).post('/api/vehicles').set('Authorization', applicant.Authorization).send(body(other, '冀A09904'));
      expect(res.status).toBe(403);
    });
  });
});
