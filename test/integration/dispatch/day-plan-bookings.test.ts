import { backend } from '../../helpers/test-deps';
import { dateOf, dayPlanBed } from '../../helpers/day-plans';
import { AssignmentEntity } from '../../../server/src/modules/trips/trips.entity';
import type { DayPlan, DayPlanMoveOption } from '../../../shared/src/trips/day-plan.schemas';

/**
 * #14 item 9 over the real backends: both of the 省发改委 pool's drivers with a valid licence (刘强,
 * 陈刚) already drive a trip dispatched by hand at 14:00–16:00. The day plan used to leave them out
 * (0 cars, every trip unplaced, "没有座位…相符的空闲车辆"); it plans the morning around those
 * bookings, and a trip that runs into them is left out with the booking named.
 */
describe(`day plans around bookings made outside the plan (${backend})`, () => {
  const bed = dayPlanBed('已派任务排班');

  it('when both drivers have a 14:00 job, then the 09:00 and 11:00 trips go on their cars, a trip during the job is unserved naming it, and the plan applies', async () => {
    const jobs = [await bed.trip(1, 14, 2), await bed.trip(1, 14, 2)];
    const cand = (await bed.dispatcher.get(`/api/dispatch/candidates?tripId=${jobs[0]}`)).body;
    const v = (plate: string): number => cand.vehicles.find((x: { plate: string }) => x.plate === plate).id;
    const d = (name: string): number => cand.drivers.find((x: { name: string }) => x.name === name).id;
    const booked = [{ vehicleId: v('冀A00101'), driverId: d('刘强') }, { vehicleId: v('冀A00102'), driverId: d('陈刚') }];
    for (const [i, pick] of booked.entries()) {
      expect((await bed.dispatcher.post(`/api/dispatch/trips/${jobs[i]}`, { picks: [pick] })).status).toBe(200);
    }

    const morning = [await bed.trip(1, 9, 1), await bed.trip(1, 9, 1), await bed.trip(1, 11, 1)];
    const during = await bed.trip(1, 15, 1);
    const res = await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(1), mode: 'quick' });
    expect(res.status).toBe(201);
    const plan = res.body as DayPlan;
    expect(plan.summary).toMatchObject({ trips: 4, vehiclesAvailable: 2, vehiclesUsed: 2, unservedTrips: 1 });
    const planned = plan.routes.flatMap((r) => r.stops.map((s) => s.tripId)).sort((a, b) => a - b);
    expect(planned).toEqual([...morning].sort((a, b) => a - b));
    // The drivers with the 14:00 jobs drive the morning; neither is listed as left out for being busy.
    expect(plan.routes.map((r) => r.driverId).sort()).toEqual(booked.map((b) => b.driverId).sort());
    expect(plan.excluded.filter((e) => e.reason.includes('当日已有任务'))).toEqual([]);
    // The trip at 15:00 runs into both bookings: the reason names them, not seats or a lack of cars.
    expect(plan.unserved).toEqual([expect.objectContaining({ tripId: during, reason: expect.stringContaining('已派行程') })]);
    const reason = plan.unserved[0]!.reason;
    for (const job of jobs) expect(reason).toContain(`已派行程 ${job}（14:00–16:00）时间重叠`);
    expect(reason).not.toContain('没有座位');

    const applied = await bed.dispatcher.post(`/api/dispatch/day-plans/${plan.id}/apply`);
    expect(applied.status).toBe(200);
    const byTrip = new Map((applied.body as DayPlan).applied!.map((r) => [r.tripId, r.dispatched]));
    for (const id of morning) expect(byTrip.get(id)).toBe(true);
    // The bookings stay as they were.
    for (const [i, job] of jobs.entries()) {
      const live = (await bed.t.deps.db.manager.findBy(AssignmentEntity, { tripId: job })).filter((a) => a.status !== 'released');
      expect(live.map((a) => [a.vehicleId, a.driverId])).toEqual([[booked[i]!.vehicleId, booked[i]!.driverId]]);
    }
  }, 60_000);

  it('when the dispatcher moves a trip onto a car during its booking, then the move is refused naming the booking', async () => {
    const job = await bed.trip(2, 14, 2);
    const cand = (await bed.dispatcher.get(`/api/dispatch/candidates?tripId=${job}`)).body;
    const vehicleId = cand.vehicles.find((x: { plate: string }) => x.plate === '冀A00101').id;
    const driverId = cand.drivers.find((x: { name: string }) => x.name === '刘强').id;
    expect((await bed.dispatcher.post(`/api/dispatch/trips/${job}`, { picks: [{ vehicleId, driverId }] })).status).toBe(200);
    await bed.trip(2, 9, 1);
    const during = await bed.trip(2, 15, 1);
    const plan = (await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(2), mode: 'quick' })).body as DayPlan;
    expect(plan.unserved).toEqual([]);
    const carOf = (trip: number) => plan.routes.find((r) => r.stops.some((s) => s.tripId === trip))!;
    // The trip during the booking is on the car without one; the booked car (with 刘强) cannot take it.
    const from = carOf(during);
    expect(from.driverId).not.toBe(driverId);
    const options = await bed.dispatcher.get(`/api/dispatch/day-plans/${plan.id}/moves?tripId=${during}&from=${from.vehicleId}`);
    expect(options.status).toBe(200);
    const booked = (options.body.items as DayPlanMoveOption[]).find((o) => o.vehicleId === vehicleId)!;
    expect(booked).toMatchObject({ feasible: false, reason: expect.stringContaining(`已派行程 ${job}（14:00–16:00）时间重叠`) });
    const refused = await bed.dispatcher.post(`/api/dispatch/day-plans/${plan.id}/moves`, { tripId: during, from: from.vehicleId, to: vehicleId });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain(`已派行程 ${job}（14:00–16:00）时间重叠`);
  }, 60_000);
});
