import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { PositionEntity } from '../../../server/src/modules/telematics/position.entity';

/** #14 item 10 and the plate formatter: what the driver and the reviewing dispatcher see of a trip. */
describe(`driver's task and 交车审核 (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when a driver departs 10 h before the start and returns 2 minutes later 45 km on, then the review names each implausible entry, the split is kept and plates carry the dot', async () => {
    const applicant = await as(t, '王建国');
    const dispatcher = await as(t, '张伟');
    const id = await approvedTrip(applicant, [await as(t, '李秀英')], tripBody({}, { daysAhead: 2 }));
    expect((await dispatcher.post('/api/dispatch/one-click', { tripIds: [id] })).body.results[0].dispatched).toBe(true);
    const trip = (await applicant.get(`/api/trips/${id}`)).body;
    const a = trip.assignments[0];
    const plate = `${a.plate.slice(0, 2)}·${a.plate.slice(2)}`;
    const driver = await as(t, a.driverName);

    // The driver's task names who to pick up, the phone masked.
    const phone = (await t.deps.identity.userById(applicant.userId))!.phone;
    const task = (await driver.get('/api/driver/tasks')).body.items.find((x: { id: number }) => x.id === a.id);
    expect(task).toMatchObject({ passengerName: '王建国', passengerPhoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}` });
    expect(JSON.stringify(task)).not.toContain(phone);

    expect((await driver.post(`/api/assignments/${a.id}/accept`)).status).toBe(200);
    const start = Date.parse(trip.startAt);
    const departAt = new Date(start - 10 * 3600_000);
    const km = task.vehicleOdometerKm as number;
    expect((await driver.post(`/api/assignments/${a.id}/depart`, { odometerKm: km, at: departAt.toISOString() })).status).toBe(200);
    const back = await driver.post(`/api/assignments/${a.id}/return`, {
      odometerKm: km + 45, at: new Date(departAt.getTime() + 2 * 60_000).toISOString(), fuelFen: 12_000, tollFen: 1_500, parkingFen: 1_000, otherFen: 300,
    });
    expect(back.status).toBe(200);

    const review = (await dispatcher.get(`/api/trips/${id}`)).body;
    expect(review.status).toBe('returned');
    expect(review.reviewWarnings).toEqual([
      `${plate}：出车时间比行程开始早 10 小时`,
      `${plate}：回场时间在行程开始前 9 小时 58 分钟`,
      `${plate}：2 分钟行驶 45 km（平均 1350 km/h）`,
    ]);
    expect(review.assignments[0]).toMatchObject({ rentalFen: 0, fuelFen: 12_000, tollFen: 1_500, parkingFen: 1_000, otherFen: 300, costFen: 14_800 });
    // Timelines write plates one way (冀A·00102), never without the dot.
    const notes = review.events.map((e: { note: string }) => e.note).join('\n');
    expect(notes).toContain(`${plate} 出车`);
    expect(notes).toContain(`${plate} 回场`);
    expect(notes).not.toContain(a.plate);
    const wrongState = await driver.post(`/api/assignments/${a.id}/depart`, { odometerKm: km + 50 });
    expect(wrongState.status).toBe(409);
    expect(wrongState.body.error.message).toContain(plate);
  });

  it('when a trip is driven as booked, then the review raises nothing', async () => {
    const applicant = await as(t, '王建国');
    const dispatcher = await as(t, '张伟');
    const id = await approvedTrip(applicant, [await as(t, '李秀英')], tripBody({}, { daysAhead: 3 }));
    expect((await dispatcher.post('/api/dispatch/one-click', { tripIds: [id] })).body.results[0].dispatched).toBe(true);
    const trip = (await applicant.get(`/api/trips/${id}`)).body;
    const a = trip.assignments[0];
    const driver = await as(t, a.driverName);
    await driver.post(`/api/assignments/${a.id}/accept`);
    const km = (await driver.get('/api/driver/tasks')).body.items.find((x: { id: number }) => x.id === a.id).vehicleOdometerKm as number;
    const start = Date.parse(trip.startAt);
    await driver.post(`/api/assignments/${a.id}/depart`, { odometerKm: km, at: new Date(start - 15 * 60_000).toISOString() });
    await driver.post(`/api/assignments/${a.id}/return`, { odometerKm: km + 38.5, at: new Date(start + 110 * 60_000).toISOString(), fuelFen: 5_000 });
    expect((await dispatcher.get(`/api/trips/${id}`)).body.reviewWarnings).toEqual([]);
  });

  it('when the entered distance is far from what the terminal tracked over the same time, then the review says both', async () => {
    const applicant = await as(t, '王建国');
    const dispatcher = await as(t, '张伟');
    const id = await approvedTrip(applicant, [await as(t, '李秀英')], tripBody({}, { daysAhead: 4 }));
    expect((await dispatcher.post('/api/dispatch/one-click', { tripIds: [id] })).body.results[0].dispatched).toBe(true);
    const trip = (await applicant.get(`/api/trips/${id}`)).body;
    const a = trip.assignments[0];
    const plate = `${a.plate.slice(0, 2)}·${a.plate.slice(2)}`;
    const driver = await as(t, a.driverName);
    await driver.post(`/api/assignments/${a.id}/accept`);
    const km = (await driver.get('/api/driver/tasks')).body.items.find((x: { id: number }) => x.id === a.id).vehicleOdometerKm as number;
    const start = Date.parse(trip.startAt);
    await driver.post(`/api/assignments/${a.id}/depart`, { odometerKm: km, at: new Date(start - 10 * 60_000).toISOString() });
    // The terminal drove about 1.8 km between departure and return (three fixes along 38.04° N).
    const fix = (minutes: number, lng: number) => ({
      vehicleId: a.vehicleId, terminalPhone: '013800000199', gpsTime: new Date(start + minutes * 60_000), receivedAt: new Date(start + minutes * 60_000),
      latE6: 38_040_000, lonE6: Math.round(lng * 1e6), altitude: 80, speed: 300, direction: 90, alarm: 0, status: 0, odometer: null, source: 'report',
    });
    await t.deps.db.manager.insert(PositionEntity, [fix(5, 114.50), fix(20, 114.51), fix(40, 114.52)]);
    await driver.post(`/api/assignments/${a.id}/return`, { odometerKm: km + 45, at: new Date(start + 60 * 60_000).toISOString(), fuelFen: 5_000 });
    const warnings = (await dispatcher.get(`/api/trips/${id}`)).body.reviewWarnings as string[];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^${plate}：登记行驶 45 km，车载终端轨迹 1\\.[78] km$`));
  });
});
