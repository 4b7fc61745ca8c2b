import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import pino from 'pino';
import { errorMiddleware } from '../../../server/src/platform/http/error-middleware';
import { jsonBodyMiddleware } from '../../../server/src/platform/http/request-middleware';
import { scopeOf, type Actor } from '../../../server/src/platform/data-scope';
import { NotFoundError } from '../../../server/src/platform/errors';
import type { RequestActor } from '../../../server/src/platform/http/api-router';
import { telematicsRoutes, type VehicleAccess } from '../../../server/src/modules/telematics/telematics.routes';
import { TelematicsService } from '../../../server/src/modules/telematics/telematics.service';
import { LatestPositionStore } from '../../../server/src/modules/telematics/latest-position.store';
import { TerminalRegistry } from '../../../server/src/modules/telematics/gateway/terminal-registry';
import { startHarness, until, plateOf, type Harness } from './telematics-harness';
import { formatPlate } from '@shared/common/format';

const dispatcher: Actor = { userId: 7, unitId: 1, regionCode: '130102', regionLevel: 'county', roles: ['dispatcher'] };
const applicant: Actor = { ...dispatcher, userId: 8, roles: ['applicant'] };

/** Vehicles 1–3 belong to the caller's unit; anything else is outside the scope. */
const access: VehicleAccess = {
  async visibleVehicle(_actor, id) {
    if (id < 1 || id > 3) throw new NotFoundError('VEHICLE_NOT_FOUND', `车辆 ${id} 不存在`);
    return { id, plate: plateOf(id) };
  },
  async visibleVehicles() {
    return [1, 2, 3].map((id) => ({ id, plate: plateOf(id) }));
  },
};

describe('telematics HTTP API', () => {
  let h: Harness;
  let app: Koa;
  let actor: Actor = dispatcher;
  beforeEach(async () => {
    h = await startHarness();
    for (let v = 1; v <= 4; v++) h.directory.add(v);
    const svc = new TelematicsService(h.repo, new LatestPositionStore(h.redis), new TerminalRegistry(h.redis, 60));
    const router = new Router();
    telematicsRoutes(svc, h.commands, access).mount(router);
    app = new Koa();
    app.use(errorMiddleware(pino({ level: 'silent' })));
    app.use(async (ctx, next) => {
      ctx.state.actor = { ...actor, scope: scopeOf(actor), name: 'x', tokenId: 't' } satisfies RequestActor;
      await next();
    });
    app.use(jsonBodyMiddleware());
    app.use(router.routes());
    actor = dispatcher;
  });
  afterEach(() => h.close());

  it('when a dispatcher lists positions, then online vehicles show their latest fix and offline ones show online false', async () => {
    const t = await h.terminal(1, 2019);
    await t.report();
    await until(async () => (await new LatestPositionStore(h.redis).get([1])).has(1));
    const res = await request(app.callback()).get('/api/telematics/positions');
    expect(res.status).toBe(200);
    const byId = new Map((res.body.items as Array<{ vehicleId: number }>).map((i) => [i.vehicleId, i]));
    expect(byId.get(1)).toMatchObject({ plate: plateOf(1), online: true, position: { doorLocked: true, accOn: true } });
    expect(byId.get(2)).toMatchObject({ online: false, position: null });
  });

  it('when a track is asked for between two times, then the stored points of that window come back in time order', async () => {
    const t = await h.terminal(2, 2013);
    const now = Date.now();
    await t.sendSplitBatch([0, 1, 2, 3].map((k) => t.location(now - (10 - k) * 60_000)), 1000);
    const from = new Date(now - 9 * 60_000 - 30_000).toISOString();
    const to = new Date(now - 7 * 60_000 - 30_000).toISOString();
    const res = await request(app.callback()).get(`/api/telematics/vehicles/2/track?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.body.points).toHaveLength(2);
    expect(res.body.points[0].gpsTime < res.body.points[1].gpsTime).toBe(true);
  });

  it('when vehicles near a point are asked for, then only visible vehicles within the radius come back, nearest first', async () => {
    const t = await h.terminal(3, 2013);
    await t.report();
    await until(async () => (await new LatestPositionStore(h.redis).get([3])).has(3));
    const loc = t.location();
    const res = await request(app.callback()).get(`/api/telematics/near?lat=${loc.latE6 / 1e6}&lon=${loc.lonE6 / 1e6}&radiusM=5000`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { vehicleId: number }) => i.vehicleId)).toEqual([3]);
    expect(res.body.items[0].distanceM).toBeLessThan(5000);
  });

  it('when a dispatcher unlocks through the API, then the answer is the confirmed command and polling returns the same', async () => {
    await h.terminal(1, 2013);
    const res = await request(app.callback()).post('/api/telematics/vehicles/1/commands').send({ kind: 'unlock', idempotencyKey: 'api-unlock-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'unlock', state: 'confirmed', final: true, lockState: 'unlocked' });
    const poll = await request(app.callback()).get(`/api/telematics/commands/${res.body.id}`);
    expect(poll.body).toMatchObject({ id: res.body.id, state: 'confirmed' });
  });

  it('when the terminal is offline, then the API answers 409 TERMINAL_OFFLINE naming the plate', async () => {
    const res = await request(app.callback()).post('/api/telematics/vehicles/2/commands').send({ kind: 'lock' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'TERMINAL_OFFLINE', message: expect.stringContaining(formatPlate(plateOf(2))) });
  });

  it('when the vehicle is outside the caller\'s scope, then the API answers 404 and sends nothing', async () => {
    const t = await h.terminal(4, 2013);
    const res = await request(app.callback()).post('/api/telematics/vehicles/4/commands').send({ kind: 'unlock' });
    expect(res.status).toBe(404);
    expect(t.stats.commandsReceived).toBe(0);
  });

  it('when an applicant tries to unlock, then the API answers 403', async () => {
    actor = applicant;
    const res = await request(app.callback()).post('/api/telematics/vehicles/1/commands').send({ kind: 'unlock' });
    expect(res.status).toBe(403);
  });

  it('when the body is malformed, then the API answers 400 with the field', async () => {
    const res = await request(app.callback()).post('/api/telematics/vehicles/1/commands').send({ kind: 'explode' });
    expect(res.status).toBe(400);
  });
});
