import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { AssignmentEntity, TripEntity } from '../../../server/src/modules/trips/trips.entity';
import { LatestPositionStore } from '../../../server/src/modules/telematics/latest-position.store';
import { departOdometerStart } from '@shared/trips/odometer-hint';

/** #14 item 3: what a request and a departure are checked against (names vs count, how far ahead, a blank odometer). */
describe(`trip request and departure checks (${backend})`, () => {
  let t: TestApp;
  // The horizon is configurable: 30 days here, so the test shows the setting is read (the default is 90).
  beforeAll(async () => { t = await startTestApp({ TRIP_BOOKING_HORIZON_DAYS: '30' }); });
  afterAll(() => t.close());

  it('when the passenger list names more people than the passenger count, then 400 under 乘车人数 and nothing is written', async () => {
    const applicant = await as(t, '王建国');
    const before = await t.deps.db.manager.count(TripEntity);
    const names = Array.from({ length: 47 }, (_, i) => `乘客${i + 1}`).join('、');
    const res = await applicant.post('/api/trips', tripBody({ passengers: 1, seatsWanted: 4, passengerNames: names }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body.passengers', message: '乘车人名单有 47 人，乘车人数只填了 1 人' })]));
    expect(await t.deps.db.manager.count(TripEntity)).toBe(before);
    // Naming fewer than travel is fine (the list is optional and may be partial).
    expect((await applicant.post('/api/trips', tripBody({ passengers: 3, seatsWanted: 4, passengerNames: '王建国, 李明' }))).status).toBe(201);
  });

  it('when a trip starts beyond the booking horizon, then 400 on the start time naming the horizon; within it, it is accepted', async () => {
    const applicant = await as(t, '王建国');
    const before = await t.deps.db.manager.count(TripEntity);
    for (const daysAhead of [3 * 365, 31]) {
      const res = await applicant.post('/api/trips', tripBody({}, { daysAhead }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('TRIP_INVALID_WINDOW');
      expect(res.body.error.message).toContain('最多提前 30 天申请');
      expect(res.body.error.details[0]).toMatchObject({ field: 'body.startAt' });
    }
    expect(await t.deps.db.manager.count(TripEntity)).toBe(before);
    expect((await applicant.post('/api/trips', tripBody({}, { daysAhead: 29 }))).status).toBe(201);
  });

  it('when a driver departs with a blank odometer, then it asks for the reading (not "below the record") and nothing changes', async () => {
    const applicant = await as(t, '王建国');
    const dispatcher = await as(t, '张伟');
    const id = await approvedTrip(applicant, [await as(t, '李秀英')], tripBody({}, { daysAhead: 2 }));
    expect((await dispatcher.post('/api/dispatch/one-click', { tripIds: [id] })).body.results[0].dispatched).toBe(true);
    const a = (await applicant.get(`/api/trips/${id}`)).body.assignments[0];
    const driver = await as(t, a.driverName);
    expect((await driver.post(`/api/assignments/${a.id}/accept`)).status).toBe(200);
    for (const body of [{}, { odometerKm: null }]) {
      const res = await driver.post(`/api/assignments/${a.id}/depart`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'body.odometerKm', message: '请填写里程' })]);
      expect(JSON.stringify(res.body)).not.toContain('车辆档案');
    }
    expect((await t.deps.db.manager.findOneByOrFail(AssignmentEntity, { id: a.id })).status).toBe('accepted');

    // A terminal counting from its own zero (663.9 km) against the record: the task carries both, and the
    // form's start is the record, the one the rule counts, so what it offers is accepted.
    const store = new LatestPositionStore(t.deps.redis as never);
    const at = t.deps.clock.now();
    await store.update([{
      vehicleId: a.vehicleId, phone: '013800000101', gpsTime: at, receivedAt: at, latE6: 38_042_800, lonE6: 114_514_900,
      altitude: 80, speed: 0, direction: 0, alarm: 0, status: 0, odometer: 6_639, source: 'report',
    }]);
    const task = (await driver.get('/api/driver/tasks')).body.items.find((x: { id: number }) => x.id === a.id);
    expect(task.terminalOdometerKm).toBe(663.9);
    expect(task.vehicleOdometerKm).toBeGreaterThan(663.9);
    const start = departOdometerStart(task.terminalOdometerKm, task.vehicleOdometerKm);
    expect(start.km).toBe(task.vehicleOdometerKm);
    expect(start.hint).toContain('以车辆档案为准');
    const refused = await driver.post(`/api/assignments/${a.id}/depart`, { odometerKm: task.terminalOdometerKm });
    expect(refused.body.error.code).toBe('ODOMETER_BELOW_RECORDED');
    expect((await driver.post(`/api/assignments/${a.id}/depart`, { odometerKm: start.km })).body.status).toBe('departed');
  });
});
