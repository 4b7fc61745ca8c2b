import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { ManualClock } from '../../../server/src/platform/clock';
import { AssignmentEntity, TripEntity } from '../../../server/src/modules/trips/trips.entity';
import { ResourceSlotEntity } from '../../../server/src/modules/trips/trips.entity';

describe(`用车人未到 no-show (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => { t = await startTestApp({ TRIP_NO_SHOW_WAIT_MINUTES: '15' }, { clock }); });
  afterAll(() => t.close());

  async function dispatchedTrip() {
    const wang = await as(t, '王建国');
    const id = await approvedTrip(wang, [await as(t, '李秀英')], tripBody({}, { daysAhead: 1, now: clock.now() }));
    const dispatched = await (await as(t, '张伟')).post('/api/dispatch/one-click', { tripIds: [id] });
    expect(dispatched.body.results[0]).toMatchObject({ tripId: id, dispatched: true });
    const assignment = dispatched.body.results[0].assignments[0] as { assignmentId?: number; driverName: string };
    const trip = await t.deps.db.manager.findOneByOrFail(TripEntity, { id });
    return { id, wang, driver: await as(t, assignment.driverName), startMs: new Date(trip.startAt).getTime() };
  }

  it('when the driver marks it before the wait is over, then 409 names the trip and when it may be marked, and nothing changes', async () => {
    const { id, driver, startMs } = await dispatchedTrip();
    clock.set(new Date(startMs + 5 * 60_000));
    const early = await driver.post(`/api/trips/${id}/no-show`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('TRIP_NO_SHOW_TOO_EARLY');
    expect(early.body.error.message).toContain(`行程 ${id}`);
    expect(early.body.error.message).toContain('15 分钟');
    expect((await t.deps.db.manager.findOneByOrFail(TripEntity, { id })).status).toBe('dispatched');
    const live = await t.deps.db.manager.findBy(AssignmentEntity, { tripId: id });
    expect(live.every((a) => a.status === 'dispatched')).toBe(true);
  });

  it('when the driver marks it after the wait, then the trip ends as 用车人未到, the vehicle and driver are free again and the applicant and dispatcher are told', async () => {
    const { id, wang, driver, startMs } = await dispatchedTrip();
    const [assignment] = await t.deps.db.manager.findBy(AssignmentEntity, { tripId: id });
    expect(await t.deps.db.manager.countBy(ResourceSlotEntity, { assignmentId: assignment!.id })).toBeGreaterThan(0);
    clock.set(new Date(startMs + 16 * 60_000));
    const res = await driver.post(`/api/trips/${id}/no-show`, { note: '电话无人接听' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'no_show', statusLabel: '用车人未到' });
    expect(res.body.events.at(-1)).toMatchObject({ action: 'no_show' });
    expect(res.body.events.at(-1).note).toContain('电话无人接听');
    expect((await t.deps.db.manager.findOneByOrFail(AssignmentEntity, { id: assignment!.id })).status).toBe('released');
    expect(await t.deps.db.manager.countBy(ResourceSlotEntity, { assignmentId: assignment!.id })).toBe(0);
    expect((await wang.get('/api/messages')).body.items[0].title).toBe('行程已登记为未到');
    expect((await (await as(t, '张伟')).get('/api/messages')).body.items[0].title).toBe('用车人未到');

    const again = await driver.post(`/api/trips/${id}/no-show`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(`行程 ${id}`);
  });

  it('when the applicant tries to mark their own trip, then it is refused with 403; a stranger gets 404', async () => {
    const { id, wang, startMs } = await dispatchedTrip();
    clock.set(new Date(startMs + 30 * 60_000));
    const own = await wang.post(`/api/trips/${id}/no-show`, {});
    expect(own.status).toBe(403);
    const stranger = await (await as(t, '杨帆')).post(`/api/trips/${id}/no-show`, {});
    expect(stranger.status).toBe(404);
    expect((await t.deps.db.manager.findOneByOrFail(TripEntity, { id })).status).toBe('dispatched');
  });
});
