import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { AssignmentEntity, TripEntity } from '../../../server/src/modules/trips/trips.entity';
import { VehicleEntity } from '../../../server/src/modules/fleet/fleet.entity';
import { LatestPositionStore } from '../../../server/src/modules/telematics/latest-position.store';

describe(`official trip journey through the API (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when a trip goes through every step as applicant, approver, dispatcher and driver, then it completes with a full record, costs and messages', async () => {
    const applicant = await as(t, '王建国');
    const approver = await as(t, '李秀英');
    const dispatcher = await as(t, '张伟');

    const created = await applicant.post('/api/trips', tripBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending_approval', statusLabel: '审批中', applicantName: '王建国', kind: 'in_city' });
    const id = created.body.id as number;

    const inbox = await approver.get('/api/approvals');
    const item = inbox.body.items.find((i: { subjectId: number }) => i.subjectId === id);
    expect(item).toMatchObject({ kind: 'trip', kindLabel: '公务用车', level: 1, levels: 1, applicantName: '王建国' });
    const approverOpenid = (await t.deps.identity.userById(approver.userId))!.openid;
    await t.deps.events.idle(); // WeChat messages go out right after the commit, in the background
    expect(t.deps.fakeWechat!.fake.messages.some((m) => m.touser === approverOpenid && m.template_id === 'tpl-approval-todo')).toBe(true);

    const approved = await approver.post(`/api/approvals/${item.id}/decide`, { action: 'approve', comment: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.body.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'approve']);
    const twice = await approver.post(`/api/approvals/${item.id}/decide`, { action: 'approve' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('APPROVAL_ALREADY_DECIDED');
    expect(twice.body.error.message).toContain(`${id}`);
    expect((await applicant.get(`/api/trips/${id}`)).body.status).toBe('approved');

    const oneClick = await dispatcher.post('/api/dispatch/one-click', { tripIds: [id] });
    expect(oneClick.status).toBe(200);
    const result = oneClick.body.results[0];
    expect(result).toMatchObject({ tripId: id, dispatched: true });
    expect(result.assignments[0].reason).toContain('距上车点');
    expect(result.assignments[0].driverName).not.toBe('黄海');

    const detail = (await applicant.get(`/api/trips/${id}`)).body;
    expect(detail).toMatchObject({ status: 'dispatched', statusLabel: '已派车' });
    expect(detail.plates).toHaveLength(1);
    expect(detail.driverPhonesMasked[0]).toMatch(/^\d{3}\*{4}\d{4}$/);
    const assignment = detail.assignments[0];

    const driver = await as(t, assignment.driverName);
    const tasks = await driver.get('/api/driver/tasks');
    expect(tasks.body.items.map((x: { id: number }) => x.id)).toContain(assignment.id);
    const early = await driver.post(`/api/assignments/${assignment.id}/depart`, { odometerKm: 86200 });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'ASSIGNMENT_STATE_CONFLICT' });
    expect(early.body.error.message).toContain(`行程 ${id}`);
    expect((await driver.post(`/api/assignments/${assignment.id}/accept`)).body.status).toBe('accepted');
    const task = (await driver.get('/api/driver/tasks')).body.items.find((x: { id: number }) => x.id === assignment.id);
    expect(task).toMatchObject({ vehicleOdometerKm: 86_210, terminalOdometerKm: null });
    // The car's terminal reports its odometer (0x0200 TLV 0x01): the task offers that reading, while it is fresh.
    const store = new LatestPositionStore(t.deps.redis as never);
    const at = t.deps.clock.now();
    await store.update([{
      vehicleId: assignment.vehicleId, phone: '013800000101', gpsTime: at, receivedAt: at, latE6: 38_042_800, lonE6: 114_514_900,
      altitude: 80, speed: 0, direction: 0, alarm: 0, status: 0, odometer: 862_134, source: 'report',
    }]);
    const reported = (await driver.get('/api/driver/tasks')).body.items.find((x: { id: number }) => x.id === assignment.id);
    expect(reported).toMatchObject({ vehicleOdometerKm: 86_210, terminalOdometerKm: 86_213.4 });
    const backwards = await driver.post(`/api/assignments/${assignment.id}/depart`, { odometerKm: 86_100 });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('ODOMETER_BELOW_RECORDED');
    expect(backwards.body.error.message).toContain(`行程 ${id}`);
    expect((await t.deps.db.manager.findOneByOrFail(AssignmentEntity, { id: assignment.id })).status).toBe('accepted');
    expect((await driver.post(`/api/assignments/${assignment.id}/depart`, { odometerKm: 86215.5 })).body.status).toBe('departed');
    expect((await applicant.get(`/api/trips/${id}`)).body.status).toBe('in_progress');

    const lower = await driver.post(`/api/assignments/${assignment.id}/return`, { odometerKm: 86200, tollFen: 1500 });
    expect(lower.status).toBe(400);
    expect(lower.body.error.code).toBe('ODOMETER_BELOW_DEPARTURE');
    expect(lower.body.error.message).toContain(`行程 ${id}`);
    const unchanged = await t.deps.db.manager.findOneByOrFail(AssignmentEntity, { id: assignment.id });
    expect(unchanged).toMatchObject({ status: 'departed', returnOdometerHm: null, tollFen: 0 });

    const back = await driver.post(`/api/assignments/${assignment.id}/return`, { odometerKm: 86254.2, fuelFen: 12_000, tollFen: 1500, parkingFen: 1000, otherFen: 0 });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'returned', costFen: 14_500, returnOdometerKm: 86254.2 });
    expect((await applicant.get(`/api/trips/${id}`)).body).toMatchObject({ status: 'returned', costFen: 14_500 });
    const vehicle = await t.deps.db.manager.findOneByOrFail(VehicleEntity, { id: assignment.vehicleId });
    expect(vehicle.odometerHm).toBe(862_542);

    expect((await applicant.post(`/api/trips/${id}/confirm`)).status).toBe(409);
    expect((await dispatcher.post(`/api/trips/${id}/review`, { comment: '里程费用无误' })).body.status).toBe('reviewed');
    expect((await applicant.post(`/api/trips/${id}/confirm`)).body.status).toBe('confirmed');
    const rated = await applicant.post(`/api/trips/${id}/rate`, { rating: 5, comment: '准时' });
    expect(rated.body).toMatchObject({ status: 'completed', statusLabel: '已完成', rating: 5 });
    expect(rated.body.events.map((e: { action: string }) => e.action)).toEqual([
      'submit', 'approve', 'dispatch', 'driver_accept', 'depart', 'vehicle_return', 'return_all', 'review', 'confirm', 'rate',
    ]);
    expect(rated.body.events.every((e: { actorName: string; at: string }) => e.actorName && e.at)).toBe(true);

    const messages = await applicant.get('/api/messages');
    expect(messages.body.unreadCount).toBeGreaterThanOrEqual(4);
    expect(messages.body.items.map((m: { title: string }) => m.title)).toEqual(expect.arrayContaining(['已派车', '车辆已出发', '请确认行程费用']));
    const read = await applicant.post(`/api/messages/${messages.body.items[0].id}/read`);
    expect(read.body.read).toBe(true);
    expect((await applicant.get('/api/messages')).body.unreadCount).toBe(messages.body.unreadCount - 1);
  });

  it('when the input is wrong, then 400 names the fields and nothing is written', async () => {
    const applicant = await as(t, '王建国');
    const before = await t.deps.db.manager.count(TripEntity);
    const past = await applicant.post('/api/trips', tripBody({}, { daysAhead: -1 }));
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({ code: 'TRIP_INVALID_WINDOW' });
    const body = tripBody({ passengers: 9, seatsWanted: 4 });
    const bad = await applicant.post('/api/trips', { ...body, endAt: body.startAt, vehiclesNeeded: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['body.vehiclesNeeded']));
    const seats = await applicant.post('/api/trips', tripBody({ passengers: 9, seatsWanted: 4 }));
    expect(seats.status).toBe(400);
    expect(seats.body.error.message).toContain('座位不足');
    expect(await t.deps.db.manager.count(TripEntity)).toBe(before);
  });

  it('when someone outside the unit or a driver not on the trip asks for it, then 404', async () => {
    const applicant = await as(t, '王建国');
    const id = await approvedTrip(applicant, [await as(t, '李秀英')], tripBody({}, { daysAhead: 3 }));
    for (const name of ['杨帆', '高峰', '罗军', '韩梅']) {
      const res = await (await as(t, name)).get(`/api/trips/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('TRIP_NOT_FOUND');
    }
    expect((await (await as(t, '周明')).get(`/api/trips/${id}`)).status).toBe(200);
  });

  it('when the applicant cancels a dispatched trip, then its vehicle and driver are free again', async () => {
    const applicant = await as(t, '王建国');
    const dispatcher = await as(t, '张伟');
    const id = await approvedTrip(applicant, [await as(t, '李秀英')], tripBody({}, { daysAhead: 4 }));
    await dispatcher.post('/api/dispatch/one-click', { tripIds: [id] });
    const cancelled = await applicant.post(`/api/trips/${id}/cancel`, { reason: '会议改期' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '会议改期' });
    expect(cancelled.body.assignments[0].status).toBe('released');
    const slots = await t.deps.db.manager.query('SELECT COUNT(*) AS n FROM resource_slot WHERE assignment_id = ?', [cancelled.body.assignments[0].id]);
    expect(Number(slots[0].n)).toBe(0);
    expect((await applicant.post(`/api/trips/${id}/cancel`, { reason: '再次取消' })).status).toBe(409);
  });
});
