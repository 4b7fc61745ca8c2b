import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { rentalTrip } from '../../helpers/rental-trips';
import { eventually, expectedRecords, FEED_TEST_APP, FEED_TEST_KEY, feedProducer, lastEventId } from '../../helpers/feed';
import { startFakeSupervisionUpstream, type RunningFakeSupervisionUpstream } from '../../../server/src/fakes/supervision-upstream';
import { FEED_SUBSCRIBER } from '../../../server/src/modules/feed';
import { EventDeliveryEntity } from '../../../server/src/platform/events/outbox.entity';

/**
 * The upward feed to supervision (#19 item 1) in one server: the app sends to an upstream configured by
 * FEED_URL/FEED_KEY — the project's fake, which verifies the HMAC-SM3 signature and keeps each key once.
 */
describe(`the upward feed to supervision (${backend})`, () => {
  let t: TestApp;
  let up: RunningFakeSupervisionUpstream;

  beforeAll(async () => {
    up = await startFakeSupervisionUpstream({ appId: FEED_TEST_APP, keyHex: FEED_TEST_KEY });
    t = await startTestApp({ FEED_URL: up.url, FEED_KEY: FEED_TEST_KEY, FEED_APP_ID: FEED_TEST_APP, FEED_BATCH_SIZE: '40', FEED_RETRY_BASE_MS: '20', FEED_RETRY_MAX_MS: '200', FEED_IDLE_MS: '50' });
  });
  afterAll(async () => {
    await t?.close();
    await up?.close();
  });

  const pendingFeed = () => t.deps.db.manager.count(EventDeliveryEntity, { where: { subscriber: FEED_SUBSCRIBER, status: 'pending' } });

  it('when a rental-company trip is confirmed, then the upstream holds its dispatch record and each of its costs once, signed with the configured key', async () => {
    const trip = await rentalTrip(t, 3, { rentalFen: 12_000, fuelFen: 1_500, tollFen: 300, parkingFen: 0, otherFen: 200 });
    await eventually(async () => (await pendingFeed()) === 0 && [...up.held.values()].some((r) => r.recordId === `assignment-${trip.assignmentId}`), 20_000, () => `not delivered; held ${up.held.size}`);
    const mine = [...up.held.values()].filter((r) => (r.data as { assignmentId?: number }).assignmentId === trip.assignmentId);
    expect(mine.map((r) => [r.interfaceCode, r.op, r.recordId]).sort()).toEqual([
      ['NHXX', 'add', `cost-${trip.assignmentId}-energy`],
      ['QTFY', 'add', `cost-${trip.assignmentId}-other_cost`],
      ['TXFY', 'add', `cost-${trip.assignmentId}-toll`],
      ['ZLPC', 'add', `assignment-${trip.assignmentId}`],
    ]);
    const dispatch = mine.find((r) => r.interfaceCode === 'ZLPC')!;
    expect(dispatch.data).toMatchObject({ tripId: trip.tripId, companyId: trip.companyId, plate: '冀A20005', rentalFen: 12_000, status: 'fulfilled' });
    expect(mine.find((r) => r.interfaceCode === 'NHXX')!.data).toMatchObject({ amountFen: 1_500 });
    expect(mine.every((r) => r.times === 1)).toBe(true);
    expect(up.stats.badSignature).toBe(0);
  }, 120_000);

  it('when the upstream fails 30 % of its calls while records keep coming, then every record is held exactly once, each record\'s messages in order', async () => {
    const since = await lastEventId(t.deps.db);
    up.configure({ failureRate: 0.3, delayMs: 20 });
    const failedBefore = up.stats.failed;
    // Records keep coming until the upstream has failed at least 3 POSTs (at 30 % a short run may fail fewer).
    const producer = feedProducer(t.deps.db);
    for (let tag = 1; up.stats.failed - failedBefore < 3; tag++) {
      await producer.record(tag === 1 ? 600 : 100, tag);
      await eventually(async () => up.stats.failed - failedBefore >= 3 || (await pendingFeed()) === 0, 30_000, () => 'the feed stalled');
    }
    up.configure({ failureRate: 0, delayMs: 0 });
    const want = await expectedRecords(t.deps.db, since);
    await eventually(() => [...want.keys].every((k) => up.held.has(k)), 60_000, () => `lost: ${[...want.keys].filter((k) => !up.held.has(k)).length} of ${want.keys.size}`);
    expect(await pendingFeed()).toBe(0);
    // Held once each (a retried batch's records arrive again and are answered as duplicates).
    expect([...want.keys].filter((k) => !up.held.has(k))).toEqual([]);
    for (const [recordId, keys] of want.byRecord) expect(up.byRecord.get(recordId)).toEqual(keys);
  }, 180_000);

  it('when the platform admin looks at the feed, then counts, lag and the failed POSTs show; a supervisor is refused', async () => {
    const admin = await signInAs(t, '陈静');
    const res = await request(t.callback).get('/api/platform/feed').set('Authorization', admin.Authorization);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ endpoint: up.url, upstream: 'real', counts: { pending: 0, refused: 0 }, lagMs: 0 });
    expect(res.body.counts.delivered).toBeGreaterThanOrEqual(600);
    expect(res.body.last24h.failed).toBeGreaterThanOrEqual(3);
    expect(res.body.recentBatches.length).toBeGreaterThan(0);
    expect(res.body.kindsSent).toEqual(expect.arrayContaining(['dispatch', 'violation', 'energy', 'toll']));
    const supervisor = await signInAs(t, '周明');
    expect((await request(t.callback).get('/api/platform/feed').set('Authorization', supervisor.Authorization)).status).toBe(403);
  });

  it('when the admin asks for a period to be sent again, then its records arrive again under the same keys and the upstream still holds each once', async () => {
    const admin = await signInAs(t, '陈静');
    const heldBefore = up.held.size;
    const dupBefore = up.stats.duplicates;
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await request(t.callback).post('/api/platform/feed/resends').set('Authorization', admin.Authorization).send({ from, to });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'running', sent: 0 });
    expect(res.body.total).toBeGreaterThanOrEqual(600);
    await eventually(async () => (await request(t.callback).get('/api/platform/feed').set('Authorization', admin.Authorization)).body.resends[0].status === 'done', 60_000, () => 'the resend did not finish');
    expect(up.stats.duplicates - dupBefore).toBeGreaterThanOrEqual(heldBefore);
    expect(up.held.size).toBe(heldBefore);
    const bad = await request(t.callback).post('/api/platform/feed/resends').set('Authorization', admin.Authorization).send({ from: to, to: from });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('FEED_RESEND_PERIOD_INVALID');
    const unknown = await request(t.callback).post('/api/platform/feed/resends').set('Authorization', admin.Authorization).send({ from, to, everything: true });
    expect(unknown.status).toBe(400);
  }, 120_000);
});
