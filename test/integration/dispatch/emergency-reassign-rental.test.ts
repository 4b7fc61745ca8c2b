import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, As, tripBody } from '../../helpers/trips';
import { seedUnitId } from '../../helpers/seed-lookup';
import { RENTAL_COMPANY } from '../../helpers/rental-trips';
import { TripEntity } from '../../../server/src/modules/trips/trips.entity';
import { DriverEntity, VehicleEntity } from '../../../server/src/modules/fleet/fleet.entity';

/** Issue #14 items 5–8: emergency all or nothing and marked for the approver, 改派 of the car only, one declined rental order. */
describe(`dispatch: emergency all-or-nothing, 补单 marked, 改派 of the car only, one declined rental order (${backend})`, () => {
  let t: TestApp;
  let zhang: As;
  let wang: As;
  let li: As;
  const car = async (plate: string) => (await t.deps.db.manager.findOneByOrFail(VehicleEntity, { plate })).id;
  const driver = async (name: string) => (await t.deps.db.manager.findOneByOrFail(DriverEntity, { name })).id;
  const tripCount = () => t.deps.db.manager.count(TripEntity);
  beforeAll(async () => {
    t = await startTestApp();
    [zhang, wang, li] = await Promise.all(['张伟', '王建国', '李秀英'].map((n) => as(t, n)));
  });
  afterAll(() => t.close());

  it('when an emergency needs two cars and one is picked, or nothing can be had, then it is refused and no trip is written', async () => {
    const before = await tripCount();
    const two = tripBody({ purpose: '防汛抢险', applicantId: wang.userId, passengers: 4, vehiclesNeeded: 2 }, { daysAhead: 20 });
    const one = { vehicleId: await car('冀A00101'), driverId: await driver('刘强') };
    const single = await zhang.post('/api/dispatch/emergency', { ...two, ...one });
    expect(single.status).toBe(400);
    expect(single.body.error).toMatchObject({ code: 'WRONG_VEHICLE_COUNT', message: expect.stringContaining('需要 2 辆车') });
    const picks = await zhang.post('/api/dispatch/emergency', { ...two, picks: [one] });
    expect(picks.status).toBe(400);
    expect(JSON.stringify(picks.body.error)).toContain('需要 2 辆车，已选 1 辆');
    // only 冀A00104 is an 应急保障用车: three of them cannot be had, free or taken
    const three = await zhang.post('/api/dispatch/emergency', tripBody({ purpose: '防汛抢险', applicantId: wang.userId, passengers: 6, vehiclesNeeded: 3, category: 'emergency' }, { daysAhead: 20 }));
    expect(three.status).toBe(409);
    expect(three.body.error.message).toMatch(/需要 3 辆车.*未登记/);
    expect(await tripCount()).toBe(before);
  });

  it('when the dispatcher picks two cars for a two-car emergency, then both go in one trip', async () => {
    const res = await zhang.post('/api/dispatch/emergency', {
      ...tripBody({ purpose: '防汛抢险', applicantId: wang.userId, passengers: 4, vehiclesNeeded: 2 }, { daysAhead: 22 }),
      picks: [{ vehicleId: await car('冀A00101'), driverId: await driver('刘强') }, { vehicleId: await car('冀A00102'), driverId: await driver('陈刚') }],
    });
    expect(res.status).toBe(201);
    expect(res.body.trip).toMatchObject({ status: 'dispatched', priority: 'emergency' });
    expect(res.body.trip.plates.sort()).toEqual(['冀A00101', '冀A00102']);
  });

  it('when 20 concurrent emergency requests pick one car, then one trip is dispatched and the 19 refused leave no trip; 20 more refused leave 0 new trips', async () => {
    const body = { ...tripBody({ purpose: '突发事件处置', applicantId: wang.userId }, { daysAhead: 21 }), vehicleId: await car('冀A00101'), driverId: await driver('刘强') };
    const before = await tripCount();
    const all = await Promise.all(Array.from({ length: 20 }, () => zhang.post('/api/dispatch/emergency', body)));
    const codes = all.map((r) => r.status).sort();
    expect(codes).toEqual([201, ...Array(19).fill(409)]);
    expect(all.filter((r) => r.status === 409).every((r) => /已被行程 \d+ 占用/.test(r.body.error.message))).toBe(true);
    expect(await tripCount()).toBe(before + 1);

    const again = await Promise.all(Array.from({ length: 20 }, () => zhang.post('/api/dispatch/emergency', body)));
    expect(again.map((r) => r.status)).toEqual(Array(20).fill(409));
    expect(await tripCount()).toBe(before + 1);
  });

  it('when an emergency takes a car, then the approver sees its 补单 marked (car sent, by whom, when); a rejected 补单 says so on the trip', async () => {
    const a = await approvedTrip(wang, [li], tripBody({}, { daysAhead: 23, hour: 9 }));
    expect((await zhang.post(`/api/dispatch/trips/${a}`, { picks: [{ vehicleId: await car('冀A00104'), driverId: await driver('刘强') }] })).status).toBe(200);
    const res = await zhang.post('/api/dispatch/emergency', tripBody({ purpose: '突发事件现场处置', applicantId: wang.userId, category: 'emergency' }, { daysAhead: 23, hour: 10 }));
    expect(res.status).toBe(201);
    expect(res.body.preempted.map((p: { tripId: number }) => p.tripId)).toEqual([a]);
    const item = (await li.get('/api/approvals')).body.items.find((i: { subjectId: number }) => i.subjectId === res.body.trip.id);
    expect(item.variant).toBe('emergency');
    expect(item.summary).toMatch(/^【紧急补单】车辆已派出：冀A·00104（刘强），调度员 张伟 于 \d{2}月\d{2}日 \d{2}:\d{2} 派车。/);
    const detail = (await li.get(`/api/approvals/${item.id}`)).body;
    expect(detail.summary).toBe(item.summary);

    expect((await li.post(`/api/approvals/${item.id}/decide`, { action: 'reject', comment: '非紧急事项' })).status).toBe(200);
    const after = (await wang.get(`/api/trips/${res.body.trip.id}`)).body;
    expect(after).toMatchObject({ status: 'dispatched', approvalStatus: 'rejected', statusLabel: '已派车·补单已驳回' });
    const board = (await zhang.get('/api/trips?pageSize=100')).body.items.find((x: { id: number }) => x.id === res.body.trip.id);
    expect(board.statusLabel).toBe('已派车·补单已驳回');
  });

  it('when the dispatcher reassigns only the car, then the trip\'s own driver is not busy because of it and keeps the task', async () => {
    const id = await approvedTrip(wang, [li], tripBody({}, { daysAhead: 24 }));
    const first = await zhang.post(`/api/dispatch/trips/${id}`, { picks: [{ vehicleId: await car('冀A00101'), driverId: await driver('刘强') }] });
    const assignmentId = first.body.assignments[0].id;
    const byTrip = (await zhang.get(`/api/dispatch/candidates?tripId=${id}`)).body;
    expect(byTrip.drivers.find((x: { name: string }) => x.name === '刘强')).toMatchObject({ eligible: false, reasons: ['该时段已有任务'] });
    const forReassign = await zhang.get(`/api/dispatch/candidates?tripId=${id}&assignmentId=${assignmentId}`);
    expect(forReassign.status).toBe(200);
    expect(forReassign.body.drivers.find((x: { name: string }) => x.name === '刘强')).toMatchObject({ eligible: true, reasons: [] });
    expect(forReassign.body.vehicles.find((x: { plate: string }) => x.plate === '冀A00101')).toMatchObject({ eligible: true });
    const moved = await zhang.post(`/api/dispatch/assignments/${assignmentId}/reassign`, { vehicleId: await car('冀A00102'), driverId: await driver('刘强'), reason: '冀A00101 临时保养' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ plate: '冀A00102', driverName: '刘强' });
    // another trip's assignment is not this trip's: 404, not a way to see other bookings as free
    const other = await approvedTrip(wang, [li], tripBody({}, { daysAhead: 24 }));
    expect((await zhang.get(`/api/dispatch/candidates?tripId=${other}&assignmentId=${assignmentId}`)).status).toBe(404);
    const otherCands = (await zhang.get(`/api/dispatch/candidates?tripId=${other}`)).body;
    expect(otherCands.drivers.find((x: { name: string }) => x.name === '刘强')).toMatchObject({ eligible: false });
  });

  it('when a rental company declines one order of a two-car trip, then only that order returns to dispatch and the accepted car stays', async () => {
    const gao = await as(t, '高峰');
    const companyId = await seedUnitId(t, RENTAL_COMPANY);
    const id = await approvedTrip(wang, [li], tripBody({ passengers: 4, vehiclesNeeded: 2 }, { daysAhead: 25 }));
    expect((await zhang.post(`/api/dispatch/trips/${id}`, { source: 'rental', companyId })).status).toBe(200);
    const orders = (await gao.get('/api/rental-orders')).body.items.filter((o: { tripId: number }) => o.tripId === id);
    expect(orders).toHaveLength(2);
    expect((await gao.post(`/api/rental-orders/${orders[0].id}/accept`, { vehicleId: await car('冀A20005'), driverId: await driver('罗军') })).status).toBe(200);
    const declined = await gao.post(`/api/rental-orders/${orders[1].id}/decline`, { reason: '仅剩一名驾驶员' });
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('released');
    const trip = (await wang.get(`/api/trips/${id}`)).body;
    expect(trip.status).toBe('approved');
    expect(trip.plates).toEqual(['冀A20005']);
    const state = Object.fromEntries(trip.assignments.map((a: { id: number; status: string }) => [a.id, a.status]));
    expect(state).toEqual({ [orders[0].id]: 'dispatched', [orders[1].id]: 'released' });
    const told = (await zhang.get('/api/messages')).body.items.find((m: { title: string; body: string }) => m.title === '租赁企业拒单' && m.body.includes(`行程 ${id}`));
    expect(told.body).toContain('重新派 1 辆车');
    // the dispatcher sends the one missing car; the trip is dispatched with both
    const done = await zhang.post(`/api/dispatch/trips/${id}`, { picks: [{ vehicleId: await car('冀A00102'), driverId: await driver('陈刚') }] });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'dispatched' });
    expect(done.body.plates.sort()).toEqual(['冀A00102', '冀A20005']);
  });
});
