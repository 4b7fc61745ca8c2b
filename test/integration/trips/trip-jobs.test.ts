import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { ManualClock } from '../../../server/src/platform/clock';
import { Scheduler } from '../../../server/src/platform/scheduler';
import { createRedis } from '../../../server/src/platform/redis';
import { createLogger } from '../../../server/src/platform/logger';
import { TripEntity } from '../../../server/src/modules/trips/trips.entity';

describe(`scheduled work of trips (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => { t = await startTestApp({}, { clock }); });
  afterAll(() => t.close());

  it('when a request is still unapproved at its start, then the job expires it once and tells the applicant', async () => {
    const wang = await as(t, '王建国');
    const id = (await wang.post('/api/trips', tripBody({}, { daysAhead: 1, now: clock.now() }))).body.id;
    clock.advance(2 * 86_400_000);
    expect(await t.deps.tripJobs.expireUnapproved()).toBeGreaterThanOrEqual(1);
    expect(await t.deps.tripJobs.expireUnapproved()).toBe(0);
    expect((await wang.get(`/api/trips/${id}`)).body).toMatchObject({ status: 'expired', statusLabel: '已过期' });
    expect((await (await as(t, '李秀英')).get('/api/approvals')).body.items.some((i: { subjectId: number }) => i.subjectId === id)).toBe(false);
    expect((await wang.get('/api/messages')).body.items[0].title).toBe('用车申请已过期');
  });

  it('when a dispatched trip starts within the lead time, then its driver is reminded once through WeChat; when it is not back after its end, then it is flagged', async () => {
    const wang = await as(t, '王建国');
    const id = await approvedTrip(wang, [await as(t, '李秀英')], tripBody({}, { daysAhead: 1, now: clock.now() }));
    const dispatched = await (await as(t, '张伟')).post('/api/dispatch/one-click', { tripIds: [id] });
    const driverName = dispatched.body.results[0].assignments[0].driverName as string;
    const driver = await as(t, driverName);
    const openid = (await t.deps.identity.userById(driver.userId))!.openid;
    const trip = await t.deps.db.manager.findOneByOrFail(TripEntity, { id });
    clock.set(new Date(new Date(trip.startAt).getTime() - 30 * 60_000));
    const sent = () => t.deps.fakeWechat!.fake.messages.filter((m) => m.touser === openid && m.template_id === 'tpl-driver-task').length;
    const before = sent();
    expect(await t.deps.tripJobs.remindDrivers()).toBe(1);
    expect(await t.deps.tripJobs.remindDrivers()).toBe(0);
    await t.deps.events.idle(); // WeChat messages go out right after the commit, in the background
    expect(sent()).toBe(before + 1);
    clock.set(new Date(new Date(trip.endAt).getTime() + 10 * 60_000));
    expect(await t.deps.tripJobs.flagLateReturns()).toBe(1);
    expect((await wang.get(`/api/trips/${id}`)).body.returnOverdue).toBe(true);
    const dispatcherMessages = (await (await as(t, '张伟')).get('/api/messages')).body.items.map((m: { title: string }) => m.title);
    expect(dispatcherMessages).toContain('车辆逾期未回场');
  });

  it('when two server instances fire the same job on one Redis, then it runs once', async () => {
    const logger = createLogger('silent');
    const redisA = createRedis(t.deps.config.redis);
    const redisB = createRedis(t.deps.config.redis);
    try {
      const a = new Scheduler(redisA, logger, true);
      const b = new Scheduler(redisB, logger, true);
      let runs = 0;
      const work = async () => { runs++; await t.deps.tripJobs.flagBackfillOverdue(); };
      const fire = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      const ran = await Promise.all([a.runOnce('trips.flag-backfill-overdue', fire, work), b.runOnce('trips.flag-backfill-overdue', fire, work)]);
      expect(ran.filter(Boolean)).toHaveLength(1);
      expect(runs).toBe(1);
    } finally {
      redisA.disconnect();
      redisB.disconnect();
    }
  });

  it('when an emergency trip’s 补单 is not approved in time, then it is flagged for supervision', async () => {
    const wang = await as(t, '王建国');
    const res = await (await as(t, '张伟')).post('/api/dispatch/emergency', tripBody({ applicantId: wang.userId }, { daysAhead: 0, hour: 23, hours: 1, now: clock.now() }));
    expect(res.status).toBe(201);
    clock.advance(25 * 3600_000);
    expect(await t.deps.tripJobs.flagBackfillOverdue()).toBeGreaterThanOrEqual(1);
    expect((await wang.get(`/api/trips/${res.body.trip.id}`)).body.backfillOverdue).toBe(true);
  });
});
