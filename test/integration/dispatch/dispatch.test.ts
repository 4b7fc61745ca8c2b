import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody } from '../../helpers/trips';
import { AssignmentEntity } from '../../../server/src/modules/trips/trips.entity';

describe(`dispatch: one-click, multi-vehicle, emergency, rental, reassign (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when one-click dispatches all pending trips of the pool, then never the vehicle with expired insurance nor the driver with an expired licence, each with a reason', async () => {
    const applicant = await as(t, '杨帆');
    const approver = await as(t, '何勇');
    const a = await approvedTrip(applicant, [approver], tripBody({}, { daysAhead: 2 }));
    const b = await approvedTrip(applicant, [approver], tripBody({}, { daysAhead: 2, hour: 10 }));
    const res = await approver.post('/api/dispatch/one-click', {});
    expect(res.status).toBe(200);
    const results = res.body.results.filter((r: { tripId: number }) => r.tripId === a || r.tripId === b);
    // the only other car of the pool (冀A00108) has expired insurance: of two overlapping trips one waits
    const done = results.filter((r: { dispatched: boolean }) => r.dispatched);
    expect(done).toHaveLength(1);
    expect(done[0].assignments).toMatchObject([{ plate: '冀A00109', driverName: '马超' }]);
    expect(done[0].assignments[0].reason).toMatch(/一键派车：冀A·00109（马超）：距上车点/);
    expect(results.find((r: { dispatched: boolean }) => !r.dispatched).message).toContain('没有空闲且合格');

    const ndrc = await as(t, '张伟');
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    const trips = [];
    for (let i = 0; i < 3; i++) trips.push(await approvedTrip(wang, [li], tripBody({}, { daysAhead: 3 })));
    const batch = await ndrc.post('/api/dispatch/one-click', { tripIds: trips });
    const drivers = batch.body.results.flatMap((r: { assignments: Array<{ driverName: string }> }) => r.assignments.map((x) => x.driverName));
    expect(drivers.sort()).toEqual(['刘强', '陈刚']);
    expect(batch.body.results.filter((r: { dispatched: boolean }) => !r.dispatched)).toHaveLength(1);
  });

  it('when a trip needs more vehicles than are free, then nothing is dispatched (多车同派 all or nothing)', async () => {
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    const zhang = await as(t, '张伟');
    const id = await approvedTrip(wang, [li], tripBody({ passengers: 9, seatsWanted: 3, vehiclesNeeded: 3 }, { daysAhead: 6 }));
    const oneClick = await zhang.post('/api/dispatch/one-click', { tripIds: [id] });
    expect(oneClick.body.results[0]).toMatchObject({ dispatched: false, message: expect.stringContaining('多车同派不拆分') });
    expect(await t.deps.db.manager.countBy(AssignmentEntity, { tripId: id })).toBe(0);

    const other = await approvedTrip(wang, [li], tripBody({}, { daysAhead: 6 }));
    const cand = (await zhang.get(`/api/dispatch/candidates?tripId=${other}`)).body;
    const v = (plate: string) => cand.vehicles.find((x: { plate: string }) => x.plate === plate).id;
    const d = (name: string) => cand.drivers.find((x: { name: string }) => x.name === name).id;
    expect(cand.drivers.find((x: { name: string }) => x.name === '黄海')).toMatchObject({ eligible: false, reasons: [expect.stringContaining('驾驶证')] });
    expect((await zhang.post(`/api/dispatch/trips/${other}`, { picks: [{ vehicleId: v('冀A00102'), driverId: d('陈刚') }] })).status).toBe(200);
    const slotsOf101 = async () => Number((await t.deps.db.manager.query('SELECT COUNT(*) AS n FROM resource_slot WHERE resource_kind = ? AND resource_id = ?', ['vehicle', v('冀A00101')]))[0].n);
    const before = await slotsOf101();
    // second pick collides with the trip just dispatched: the whole multi-vehicle dispatch rolls back
    const res = await zhang.post(`/api/dispatch/trips/${id}`, { picks: [
      { vehicleId: v('冀A00101'), driverId: d('刘强') }, { vehicleId: v('冀A00102'), driverId: d('陈刚') }, { vehicleId: v('冀AD00103'), driverId: d('黄海') },
    ] });
    expect(res.status).toBe(409);
    expect(['DRIVER_NOT_ELIGIBLE', 'RESOURCE_BOOKED']).toContain(res.body.error.code);
    expect(await t.deps.db.manager.countBy(AssignmentEntity, { tripId: id })).toBe(0);
    expect(await slotsOf101()).toBe(before);
  });

  it('when an emergency needs a car and none is free, then it takes one from a lower-priority trip, which is re-dispatched and its applicant told', async () => {
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    const zhang = await as(t, '张伟');
    const a = await approvedTrip(wang, [li], tripBody({}, { daysAhead: 8, hour: 9 }));
    const cand = (await zhang.get(`/api/dispatch/candidates?tripId=${a}`)).body;
    const gl8 = cand.vehicles.find((x: { plate: string }) => x.plate === '冀A00104').id;
    const liu = cand.drivers.find((x: { name: string }) => x.name === '刘强').id;
    expect((await zhang.post(`/api/dispatch/trips/${a}`, { picks: [{ vehicleId: gl8, driverId: liu }] })).status).toBe(200);
    // only 冀A00104 is an 应急保障用车, and it is booked by the ordinary trip
    const res = await zhang.post('/api/dispatch/emergency', tripBody({ purpose: '突发事件现场处置', applicantId: wang.userId, category: 'emergency' }, { daysAhead: 8, hour: 10 }));
    expect(res.status).toBe(201);
    expect(res.body.trip).toMatchObject({ status: 'dispatched', priority: 'emergency', approvalStatus: 'pending' });
    expect(res.body.trip.backfillDueAt).not.toBeNull();
    expect(res.body.preempted).toHaveLength(1);
    expect(res.body.preempted[0]).toMatchObject({ redispatched: true, message: expect.stringContaining('已改派') });
    const victim = (await wang.get(`/api/trips/${res.body.preempted[0].tripId}`)).body;
    expect(victim.id).toBe(a);
    expect(victim.status).toBe('dispatched');
    expect(victim.plates).not.toContain('冀A00104');
    expect(res.body.trip.plates).toEqual(['冀A00104']);
    expect(victim.assignments.map((x: { status: string }) => x.status)).toEqual(['released', 'dispatched']);
    const msgs = (await wang.get('/api/messages')).body.items.map((m: { title: string }) => m.title);
    expect(msgs).toContain('行程车辆被紧急调度');
    // the 补单 reaches the approver's inbox
    const inbox = (await li.get('/api/approvals')).body.items;
    const backfill = inbox.find((i: { subjectId: number; variant: string }) => i.subjectId === res.body.trip.id && i.variant === 'emergency');
    expect(backfill).toBeDefined();
    // A refused 补单: recorded on the trip; the applicant and the dispatchers are told.
    expect((await li.post(`/api/approvals/${backfill.id}/decide`, { action: 'reject', comment: '非紧急事项' })).status).toBe(200);
    const after = (await wang.get(`/api/trips/${res.body.trip.id}`)).body;
    expect(after.approvalStatus).toBe('rejected');
    expect(after.events.map((e: { action: string }) => e.action)).toContain('backfill_rejected');
    const told = (await zhang.get('/api/messages')).body.items.map((m: { title: string; body: string }) => `${m.title}|${m.body}`);
    expect(told.some((m: string) => m.startsWith('紧急用车补单未通过|') && m.includes('非紧急事项'))).toBe(true);
  });

  it('when a trip goes to the rental company, then only its operator sees the order and fills it with the company car and driver', async () => {
    const wang = await as(t, '王建国');
    const zhang = await as(t, '张伟');
    const gao = await as(t, '高峰');
    const id = await approvedTrip(wang, [await as(t, '李秀英')], tripBody({}, { daysAhead: 9 }));
    const companyId = (await t.deps.identity.userById(gao.userId))!.unitId;
    const sent = await zhang.post(`/api/dispatch/trips/${id}`, { source: 'rental', companyId });
    expect(sent.body).toMatchObject({ status: 'awaiting_rental', statusLabel: '待租赁企业接单' });
    expect((await (await as(t, '钱涛')).get('/api/rental-orders')).status).toBe(403);
    const orders = (await gao.get('/api/rental-orders')).body.items;
    const order = orders.find((o: { tripId: number }) => o.tripId === id);
    expect(order).toMatchObject({ status: 'awaiting_company', unitName: '河北省发展和改革委员会' });
    const vehicles = (await gao.get('/api/vehicles?pageSize=100')).body.items;
    const drivers = (await gao.get('/api/drivers?pageSize=100')).body.items;
    const gl8 = vehicles.find((v: { plate: string }) => v.plate === '冀A20005').id;
    const luo = drivers.find((d: { name: string }) => d.name === '罗军').id;
    const accepted = await gao.post(`/api/rental-orders/${order.id}/accept`, { vehicleId: gl8, driverId: luo });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ plate: '冀A20005', driverName: '罗军', status: 'dispatched' });
    expect((await gao.post(`/api/rental-orders/${order.id}/accept`, { vehicleId: gl8, driverId: luo })).status).toBe(409);
    expect((await wang.get(`/api/trips/${id}`)).body).toMatchObject({ status: 'dispatched', plates: ['冀A20005'] });
    const tasks = (await (await as(t, '罗军')).get('/api/driver/tasks')).body.items;
    expect(tasks.some((x: { tripId: number }) => x.tripId === id)).toBe(true);
  });

  it('when the dispatcher reassigns, then the old vehicle is free for another trip in that window and the reason is recorded', async () => {
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    const zhang = await as(t, '张伟');
    const id = await approvedTrip(wang, [li], tripBody({}, { daysAhead: 10 }));
    const cand = (await zhang.get(`/api/dispatch/candidates?tripId=${id}`)).body;
    const v = (plate: string) => cand.vehicles.find((x: { plate: string }) => x.plate === plate).id;
    const d = (name: string) => cand.drivers.find((x: { name: string }) => x.name === name).id;
    const first = await zhang.post(`/api/dispatch/trips/${id}`, { picks: [{ vehicleId: v('冀A00101'), driverId: d('刘强') }] });
    const moved = await zhang.post(`/api/dispatch/assignments/${first.body.assignments[0].id}/reassign`, { vehicleId: v('冀A00102'), driverId: d('陈刚'), reason: '冀A00101 临时保养' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ plate: '冀A00102', driverName: '陈刚', reason: '改派：冀A00101 临时保养' });
    const other = await approvedTrip(wang, [li], tripBody({}, { daysAhead: 10 }));
    expect((await zhang.post(`/api/dispatch/trips/${other}`, { picks: [{ vehicleId: v('冀A00101'), driverId: d('刘强') }] })).status).toBe(200);
    const events = (await wang.get(`/api/trips/${id}`)).body.events.map((e: { action: string }) => e.action);
    expect(events).toContain('reassign');
  });
});
