import { backend } from '../../helpers/test-deps';
import { dateOf, dayPlanBed } from '../../helpers/day-plans';
import { as } from '../../helpers/trips';
import { formatPlate } from '../../../shared/src/common/format';
import { AssignmentEntity, TripEntity } from '../../../server/src/modules/trips/trips.entity';
import { DayPlanEntity } from '../../../server/src/modules/dispatch/day-plan/day-plan.entity';
import type { PlanBody, PlanModel } from '../../../server/src/modules/dispatch/day-plan/day-plan.instance';
import { buildDayModel } from '../../../server/src/lib/dispatch-solver';
import { planFeasible, planTotal } from '../../../server/src/lib/dispatch-solver/dayplan-model';
import type { DayPlan, DayPlanMoveOption } from '../../../shared/src/trips/day-plan.schemas';

/**
 * 调整方案 over the real backends: the seeded 省发改委 pool has two car-and-driver pairs free
 * (刘强, 陈刚); the dispatcher moves trips of a quick plan between them, takes one out, puts it back,
 * and applies what is left. Checked against the day plan model over the plan's stored input.
 */
describe(`day plan adjustments (${backend})`, () => {
  const bed = dayPlanBed('调整测试');
  const { trip } = bed;
  const plan = async (daysAhead: number) => (await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(daysAhead), mode: 'quick' })).body as DayPlan;
  const carOf = (p: DayPlan, tripId: number) => p.routes.find((r) => r.stops.some((s) => s.tripId === tripId));
  const stored = async (id: number) => bed.t.deps.db.manager.createQueryBuilder(DayPlanEntity, 'p').addSelect('p.modelJson').where('p.id = :id', { id }).getOneOrFail();

  /** The plan's objective and feasibility by the solver's own model over the input stored with it. */
  async function byModel(p: DayPlan): Promise<{ cost: number; feasible: boolean }> {
    const row = await stored(p.id);
    const model = JSON.parse(row.modelJson!) as PlanModel;
    const m = buildDayModel(model.instance);
    const index = new Map(m.requests.map((r, i) => [r.id, i]));
    const routes = m.vehicles.map((v) => carOfVehicle(p, v.id)?.stops.map((s) => index.get(`T${s.tripId}`)!) ?? []);
    // Trips the dispatcher took out are out of the plan's day: they cost no penalty.
    const removed = (JSON.parse(row.resultJson!) as PlanBody).removed ?? [];
    const penalty = removed.reduce((n, id) => n + m.need[index.get(`T${id}`)!]! * m.params.unservedPenalty, 0);
    return { cost: planTotal(m, routes) - penalty, feasible: planFeasible(m, routes) };
  }
  const carOfVehicle = (p: DayPlan, modelId: string) => p.routes.find((r) => `V${r.vehicleId}` === modelId);

  it('when a trip is moved to the idle car, then the options show it with the cost, the plan carries it there with exact figures and the edit logged, and applying dispatches by the adjusted plan', async () => {
    const ids = [await trip(10, 8, 1), await trip(10, 10, 1), await trip(10, 14, 1)];
    const p = await plan(10);
    expect(p).toMatchObject({ status: 'ready', editable: true, edits: [] });
    // Three trips a car can chain: one car, the other idle.
    expect(p.routes).toHaveLength(1);
    const from = p.routes[0]!;
    const options = await bed.dispatcher.get(`/api/dispatch/day-plans/${p.id}/moves?tripId=${ids[1]}&from=${from.vehicleId}`);
    expect(options.status).toBe(200);
    const items = options.body.items as DayPlanMoveOption[];
    expect(items).toHaveLength(1);
    const idle = items[0]!;
    expect(idle).toMatchObject({ feasible: true, reason: null, tripsNow: 0 });
    expect(idle.vehicleId).not.toBe(from.vehicleId);

    const moved = await bed.dispatcher.post(`/api/dispatch/day-plans/${p.id}/moves`, { tripId: ids[1], from: from.vehicleId, to: idle.vehicleId });
    expect(moved.status).toBe(200);
    const after = moved.body as DayPlan;
    expect(carOf(after, ids[1]!)!.vehicleId).toBe(idle.vehicleId);
    expect(carOf(after, ids[0]!)!.stops.map((s) => s.tripId)).toEqual([ids[0], ids[2]]);
    expect(after.summary).toMatchObject({ vehiclesUsed: 2, unservedTrips: 0, cost: p.summary!.cost + idle.deltaCost!, lowerBound: p.summary!.lowerBound });
    expect(await byModel(after)).toEqual({ cost: after.summary!.cost, feasible: true });
    expect(after.edits).toEqual([{ at: expect.any(String), byName: '张伟', text: expect.stringMatching(new RegExp(`行程 ${ids[1]}.*由 ${formatPlate(from.plate)} 改为 ${formatPlate(idle.plate)}`)) }]);
    expect((await bed.dispatcher.get(`/api/dispatch/day-plans/${p.id}`)).body).toEqual(after);

    const applied = (await bed.dispatcher.post(`/api/dispatch/day-plans/${p.id}/apply`)).body as DayPlan;
    expect(applied.applied!.every((r) => r.dispatched)).toBe(true);
    for (const id of ids) {
      const live = (await bed.t.deps.db.manager.findBy(AssignmentEntity, { tripId: id })).filter((a) => a.status !== 'released');
      expect(live.map((a) => a.vehicleId)).toEqual([carOf(after, id)!.vehicleId]);
    }
    expect(applied).toMatchObject({ editable: false, edits: after.edits });
    const late = await bed.dispatcher.post(`/api/dispatch/day-plans/${p.id}/moves`, { tripId: ids[1], from: idle.vehicleId, to: from.vehicleId });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'DAY_PLAN_APPLIED', message: expect.stringContaining(`排班方案 ${p.id}`) });
  });

  it('when a move would overlap the car\'s own trip, then it is a 409 naming both trips and nothing changes; a trip taken out goes to 未安排 and can be put back', async () => {
    const a = await trip(11, 9, 2);
    const b = await trip(11, 10, 1);
    const c = await trip(11, 15, 1);
    const p = await plan(11);
    expect(p.routes).toHaveLength(2);
    const carA = carOf(p, a)!;
    const carB = carOf(p, b)!;
    const options = (await bed.dispatcher.get(`/api/dispatch/day-plans/${p.id}/moves?tripId=${b}&from=${carB.vehicleId}`)).body.items as DayPlanMoveOption[];
    expect(options).toEqual([expect.objectContaining({ vehicleId: carA.vehicleId, feasible: false, reason: expect.stringContaining(`行程 ${a}`) })]);
    const before = (await stored(p.id)).resultJson;
    const clash = await bed.dispatcher.post(`/api/dispatch/day-plans/${p.id}/moves`, { tripId: b, from: carB.vehicleId, to: carA.vehicleId });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'DAY_PLAN_MOVE_INFEASIBLE', message: expect.stringMatching(new RegExp(`${formatPlate(carA.plate)} 不能接行程 ${b}.*与该车行程 ${a}（09:00–11:00）时间重叠`)) });
    expect((await stored(p.id)).resultJson).toBe(before);

    const out = await bed.dispatcher.post(`/api/dispatch/day-plans/${p.id}/moves`, { tripId: c, from: carOf(p, c)!.vehicleId, to: null });
    expect(out.status).toBe(200);
    const without = out.body as DayPlan;
    expect(carOf(without, c)).toBeUndefined();
    expect(without.unserved).toEqual([expect.objectContaining({ tripId: c, reason: expect.stringContaining('调度员移出方案（张伟）') })]);
    expect(without.summary).toMatchObject({ unservedTrips: 1, cost: (await byModel(without)).cost, boundIsLp: false });
    // Out of the plan's day: the plan costs less by the trip's own driving, not more by a penalty, and stays above its bound.
    expect(without.summary!.cost).toBeLessThanOrEqual(p.summary!.cost);
    expect(without.summary!.lowerBound).toBeLessThanOrEqual(without.summary!.cost);
    expect(without.summary!.gapPercent).toBeLessThan(100);

    const back = await bed.dispatcher.get(`/api/dispatch/day-plans/${p.id}/moves?tripId=${c}`);
    expect((back.body.items as DayPlanMoveOption[]).every((o) => o.feasible)).toBe(true);
    const put = await bed.dispatcher.post(`/api/dispatch/day-plans/${p.id}/moves`, { tripId: c, from: null, to: carA.vehicleId });
    expect(put.status).toBe(200);
    const restored = put.body as DayPlan;
    expect(carOf(restored, c)!.vehicleId).toBe(carA.vehicleId);
    expect(restored.unserved).toEqual([]);
    expect(restored.summary!.cost).toBe((await byModel(restored)).cost);
    expect(restored.summary!.lowerBound).toBe(p.summary!.lowerBound);
    expect(restored.edits.map((e) => e.text)).toEqual([expect.stringContaining('移出方案'), expect.stringContaining(`安排给 ${formatPlate(carA.plate)}`)]);
  });

  it('when the input is wrong, then 400/403/404/409 name what, and the plan is left as it was', async () => {
    const one = await trip(12, 8, 1);
    const pair = await trip(12, 13, 1, { passengers: 4, seatsWanted: 2, vehiclesNeeded: 2 });
    const p = await plan(12);
    const car = carOf(p, one)!;
    const before = (await stored(p.id)).resultJson;
    const move = (body: object) => bed.dispatcher.post(`/api/dispatch/day-plans/${p.id}/moves`, body);
    const cases: Array<[object, number, string, string]> = [
      [{ tripId: 999999, from: car.vehicleId, to: null }, 404, 'TRIP_NOT_IN_PLAN', '行程 999999'],
      [{ tripId: one, from: car.vehicleId, to: 999999 }, 404, 'VEHICLE_NOT_IN_PLAN', '车辆 999999'],
      [{ tripId: one, from: null, to: car.vehicleId }, 409, 'DAY_PLAN_MOVE_FROM', `行程 ${one}`],
      [{ tripId: one, from: car.vehicleId, to: car.vehicleId }, 409, 'DAY_PLAN_MOVE_SAME', `行程 ${one}`],
      [{ tripId: 'x', from: null, to: null }, 400, 'VALIDATION_FAILED', 'tripId'],
      [{ tripId: one, from: null, to: null, extra: 1 }, 400, 'VALIDATION_FAILED', 'extra'],
    ];
    for (const [body, status, code, named] of cases) {
      const res = await move(body);
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
      expect(JSON.stringify(res.body.error)).toContain(named);
    }
    expect((await bed.applicant.post(`/api/dispatch/day-plans/${p.id}/moves`, { tripId: one, from: car.vehicleId, to: null })).status).toBe(403);
    const other = await as(bed.t, '何勇');
    expect((await other.post(`/api/dispatch/day-plans/${p.id}/moves`, { tripId: one, from: car.vehicleId, to: null })).status).toBe(404);
    expect((await other.get(`/api/dispatch/day-plans/${p.id}/moves?tripId=${one}&from=${car.vehicleId}`)).status).toBe(404);
    expect((await stored(p.id)).resultJson).toBe(before);

    // A 多车同派 trip leaves the plan with both cars, and cannot come back one car at a time.
    const out = await move({ tripId: pair, from: carOf(p, pair)!.vehicleId, to: null });
    expect(out.status).toBe(200);
    expect((out.body as DayPlan).routes.some((r) => r.stops.some((s) => s.tripId === pair))).toBe(false);
    const back = await move({ tripId: pair, from: null, to: car.vehicleId });
    expect(back.status).toBe(409);
    expect(back.body.error).toMatchObject({ code: 'DAY_PLAN_MOVE_DELEGATION', message: expect.stringContaining(`行程 ${pair}`) });

    // A plan saved before adjustments existed has no stored input: shown as not adjustable, refused with a reason.
    await bed.t.deps.db.manager.update(DayPlanEntity, { id: p.id }, { modelJson: null, resultJson: JSON.stringify({ ...JSON.parse(before!), edits: undefined }) });
    expect((await bed.dispatcher.get(`/api/dispatch/day-plans/${p.id}`)).body.editable).toBe(false);
    const old = await move({ tripId: one, from: car.vehicleId, to: null });
    expect(old.status).toBe(409);
    expect(old.body.error).toMatchObject({ code: 'DAY_PLAN_NOT_EDITABLE', message: expect.stringContaining(`排班方案 ${p.id}`) });
  });

  it('when two dispatchers adjust the same plan at the same moment, then no adjustment is lost', async () => {
    const ids = [await trip(13, 8, 1), await trip(13, 10, 1), await trip(13, 12, 1), await trip(13, 14, 1), await trip(13, 16, 1)];
    const p = await plan(13);
    const results = await Promise.all(ids.map((id) => bed.dispatcher.post(`/api/dispatch/day-plans/${p.id}/moves`, { tripId: id, from: carOf(p, id)!.vehicleId, to: null })));
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
    const final = (await bed.dispatcher.get(`/api/dispatch/day-plans/${p.id}`)).body as DayPlan;
    expect(final.edits).toHaveLength(ids.length);
    expect(final.routes).toEqual([]);
    expect(final.unserved.map((u) => u.tripId).sort()).toEqual([...ids].sort());
    expect(final.summary!.cost).toBe((await byModel(final)).cost);
    expect((await bed.t.deps.db.manager.findOneByOrFail(TripEntity, { id: ids[0]! })).status).toBe('approved');
  });
});
