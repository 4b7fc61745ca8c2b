import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type Koa from 'koa';
import { backend, testConfig } from '../../helpers/test-deps';
import { rentalTrip } from '../../helpers/rental-trips';
import { createDeps, type Deps } from '../../../server/src/container';
import { buildApp } from '../../../server/src/app';
import { openDatabase, type Database } from '../../../server/src/platform/db/database';
import { allEntities } from '../../../server/src/modules/entities';
import { BillableOrderEntity } from '../../../server/src/modules/settlement/settlement.entity';
import { EventDeliveryEntity, DomainEventEntity } from '../../../server/src/platform/events/outbox.entity';
import { UserEntity } from '../../../server/src/modules/identity/identity.entity';
import { TRIP_BILLING_SUBSCRIBER, tripOrderId } from '../../../server/src/modules/settlement';
import type { Config } from '@config/config.schema';
import { freePort } from '../../helpers/http-server';

/**
 * A crash between the commit of a trip's confirmation and the delivery of its event: the server is
 * a real child process, SIGKILLed while its `trip.fulfilled` event waits in the outbox (that instance
 * runs with EVENTS_RELAY=off, so it cannot have delivered it). The next instance delivers it on start,
 * and the company's billable order exists exactly once.
 */
const root = path.resolve(__dirname, '../../..');

/** The server as `npm run dev:server` runs it, on the test's database. */
async function startServer(config: Config, extra: Record<string, string>): Promise<{ child: ChildProcess; base: string; log: () => string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', PORT: String(port), LOG_LEVEL: 'info', DEMO_LOGIN: 'true', SEED_DEMO_TRIPS: 'false',
    FAKE_WECHATPAY_PORT: '0', JT808_PORT: '0', SIMULATOR_ENABLED: 'false', SCHEDULER_ENABLED: 'false',
    ...(config.db.kind === 'mysql' ? { DATABASE_URL: config.db.url } : { SQLITE_PATH: config.db.path }),
    ...(config.redis.kind === 'redis' ? { REDIS_URL: config.redis.url } : {}),
    ...extra,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => { log += d; });
  child.stderr!.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${base}/healthz`)).ok, 150_000, () => `server did not answer; its output:\n${log.slice(-3000)}`);
  return { child, base, log: () => log };
}

/** Polls until `check` holds (a positive outcome awaited, not an absence proved by waiting). */
async function eventually(check: () => Promise<boolean>, ms: number, why: () => string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error(why());
    await new Promise((r) => setTimeout(r, 200));
  }
}

const killed = (child: ChildProcess, signal: NodeJS.Signals) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill(signal);
});

describe(`a crash between commit and delivery (${backend})`, () => {
  let config: Config;
  let db: Database;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) await killed(c, 'SIGKILL');
    await db?.close();
  });

  it('when the server is killed after a trip\'s confirmation committed and before its event was delivered, then after restart the billable order exists exactly once', async () => {
    // The trip, driven in-process up to the dispatcher's review, on a database the children then share.
    config = await testConfig();
    let deps: Deps | undefined = await createDeps(config);
    if (config.redis.kind === 'redis') await deps.redis.flushdb();
    const app: Koa = buildApp(deps);
    const trip = await rentalTrip({ deps, app, callback: app.callback(), close: () => deps!.close() }, 4, { rentalFen: 12_000, fuelFen: 1_500, tollFen: 300 }, false);
    await deps.close();
    deps = undefined;
    db = await openDatabase(config.db, allEntities);
    const wang = await db.manager.findOneByOrFail(UserEntity, { name: '王建国' });
    const orders = () => db.manager.count(BillableOrderEntity, { where: { sourceKind: 'trip', sourceId: tripOrderId(trip.tripId, trip.assignmentId) } });

    // First instance: the applicant confirms; its event stays in the outbox (this instance does not relay).
    const first = await startServer(config, { EVENTS_RELAY: 'off' });
    children.push(first.child);
    const login = await (await fetch(`${first.base}/api/auth/demo-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: wang.id }) })).json() as { token: string };
    const confirmed = await fetch(`${first.base}/api/trips/${trip.tripId}/confirm`, { method: 'POST', headers: { authorization: `Bearer ${login.token}` } });
    expect(confirmed.status).toBe(200);
    const [event] = await db.manager.find(DomainEventEntity, { where: { type: 'trip.fulfilled', aggregateId: String(trip.tripId) } });
    expect(event).toBeDefined();
    const delivery = await db.manager.findOneByOrFail(EventDeliveryEntity, { eventId: event!.id, subscriber: TRIP_BILLING_SUBSCRIBER });
    expect(delivery.status).toBe('pending');
    expect(await orders()).toBe(0);
    await killed(first.child, 'SIGKILL');

    // The next instance delivers what waited, on start.
    const second = await startServer(config, {});
    children.push(second.child);
    await eventually(async () => (await db.manager.findOneByOrFail(EventDeliveryEntity, { id: delivery.id })).status === 'done', 60_000,
      () => `the delivery was not made; server output:\n${second.log().slice(-3000)}`);
    expect(await orders()).toBe(1);
    const [order] = await db.manager.find(BillableOrderEntity, { where: { sourceKind: 'trip', sourceId: tripOrderId(trip.tripId, trip.assignmentId) } });
    expect(order).toMatchObject({ companyId: trip.companyId, amountFen: 13_800, rentalFen: 12_000, fuelFen: 1_500, tollFen: 300 });
    await killed(second.child, 'SIGTERM');
  }, 400_000);
});
