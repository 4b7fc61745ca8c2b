import { backend } from '../../helpers/test-deps';
import { dateOf, dayPlanBed } from '../../helpers/day-plans';
import { as } from '../../helpers/trips';
import { seedUnitId } from '../../helpers/seed-lookup';
import schedule from 'node-schedule';
import { Scheduler } from '../../../server/src/platform/scheduler';
import { AssignmentEntity, TripEntity } from '../../../server/src/modules/trips/trips.entity';
import { DayPlanEntity } from '../../../server/src/modules/dispatch/day-plan/day-plan.entity';
import type { DayPlan } from '../../../shared/src/trips/day-plan.schemas';
import { shanghaiDayBounds } from '../../../shared/src/common/time';

/**
 * 排班方案 over the real backends: the seeded 省发改委 pool (five cars, drivers 刘强 and 陈刚 with
 * valid licences, 黄海's expired) plans a day's approved trips, then applies the plan.
 */
describe(`day plans (${backend})`, () => {
  const bed = dayPlanBed('排班测试');
  const { trip } = bed;

  /** Every trip appears on exactly vehiclesNeeded routes; no route holds two overlapping trips. */
  function expectConsistent(plan: DayPlan, trips: Map<number, number>): void {
    const seen = new Map<number, number>();
    for (const route of plan.routes) {
      route.stops.forEach((s, k) => {
        seen.set(s.tripId, (seen.get(s.tripId) ?? 0) + 1);
        if (k > 0) expect(Date.parse(s.startAt)).toBeGreaterThan(Date.parse(route.stops[k - 1]!.endAt));
      });
    }
    const unserved = new Set(plan.unserved.map((u) => u.tripId));
    for (const [id, need] of trips) expect(seen.get(id) ?? 0).toBe(unserved.has(id) ? 0 : need);
    expect(new Set(plan.routes.map((r) => r.vehicleId)).size).toBe(plan.routes.length);
    expect(new Set(plan.routes.map((r) => r.driverId)).size).toBe(plan.routes.length);
  }

  it('when the dispatcher asks for a quick plan of a day, then trips are chained on the two free car-and-driver pairs, a delegation gets both, and cars and drivers left out are named', async () => {
    const ids = [await trip(1, 8, 1), await trip(1, 10, 1), await trip(1, 12, 1, { passengers: 4, seatsWanted: 2, vehiclesNeeded: 2 }), await trip(1, 15, 2)];
    const res = await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(1), mode: 'quick' });
    expect(res.status).toBe(201);
    const plan = res.body as DayPlan;
    expect(plan.status).toBe('ready');
    expect(plan.summary).toMatchObject({ trips: 4, vehicleSlots: 5, vehiclesAvailable: 2, vehiclesUsed: 2, unservedTrips: 0, boundIsLp: false });
    expect(plan.summary!.lowerBound).toBeLessThanOrEqual(plan.summary!.cost);
    expect(plan.summary!.cost).toBeLessThanOrEqual(plan.summary!.greedyCost);
    expectConsistent(plan, new Map(ids.map((id, i) => [id, i === 2 ? 2 : 1])));
    // Five vehicle-slots on two cars: at least one car serves several trips in sequence.
    expect(Math.max(...plan.routes.map((r) => r.stops.length))).toBeGreaterThanOrEqual(3);
    expect(plan.excluded).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'driver', name: '黄海', reason: expect.stringContaining('驾驶证') })]));
    expect(plan.excluded.filter((e) => e.kind === 'vehicle' && e.reason === '没有可配对的空闲驾驶员')).toHaveLength(3);

    const listed = await bed.dispatcher.get(`/api/dispatch/day-plans?date=${dateOf(1)}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((p: DayPlan) => p.id)).toContain(plan.id);
  });

  it('when supervisors open the unit\'s plan, then the province\'s reads it but cannot apply it, and 石家庄\'s (a region below, not above the unit) finds nothing', async () => {
    const plan = ((await bed.dispatcher.get(`/api/dispatch/day-plans?date=${dateOf(1)}`)).body.items as DayPlan[])[0]!;
    const province = await as(bed.t, '周明'); // supervisor at 河北省 (13): 省发改委 (130000) is in the region
    const city = await as(bed.t, '吴芳'); // supervisor at 石家庄市 (1301): 省发改委 is not
    expect((await province.get(`/api/dispatch/day-plans/${plan.id}`)).body).toMatchObject({ id: plan.id, status: 'ready' });
    expect(((await province.get(`/api/dispatch/day-plans?date=${dateOf(1)}`)).body.items as DayPlan[]).map((p) => p.id)).toContain(plan.id);
    for (const act of [province.post(`/api/dispatch/day-plans/${plan.id}/apply`), province.get(`/api/dispatch/day-plans/${plan.id}/moves?tripId=1`)]) expect((await act).status).toBe(403);
    expect((await city.get(`/api/dispatch/day-plans/${plan.id}`)).status).toBe(404);
    expect((await city.get(`/api/dispatch/day-plans?date=${dateOf(1)}`)).body.items).toEqual([]);
  });

  it('when the plan is applied, then every trip is dispatched to the cars and drivers of its routes, and applying again is a 409 that changes nothing', async () => {
    const ids = [await trip(2, 8, 1), await trip(2, 10, 1, { passengers: 4, seatsWanted: 2, vehiclesNeeded: 2 }), await trip(2, 14, 1)];
    const plan = (await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(2) })).body as DayPlan;
    expect(plan.status).toBe('ready');
    const applied = await bed.dispatcher.post(`/api/dispatch/day-plans/${plan.id}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body.status).toBe('applied');
    expect(applied.body.applied.map((r: { tripId: number; dispatched: boolean }) => [r.tripId, r.dispatched])).toEqual(ids.map((id) => [id, true]));

    for (const id of ids) {
      const row = await bed.t.deps.db.manager.findOneByOrFail(TripEntity, { id });
      expect(row.status).toBe('dispatched');
      const live = (await bed.t.deps.db.manager.findBy(AssignmentEntity, { tripId: id })).filter((a) => a.status !== 'released');
      const planned = plan.routes.filter((r) => r.stops.some((s) => s.tripId === id)).map((r) => `${r.vehicleId}/${r.driverId}`).sort();
      expect(live.map((a) => `${a.vehicleId}/${a.driverId}`).sort()).toEqual(planned);
    }
    const before = await bed.t.deps.db.manager.count(AssignmentEntity);
    const again = await bed.dispatcher.post(`/api/dispatch/day-plans/${plan.id}/apply`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'DAY_PLAN_APPLIED', message: expect.stringContaining(`排班方案 ${plan.id}`) });
    expect(await bed.t.deps.db.manager.count(AssignmentEntity)).toBe(before);
  });

  it('when a trip is cancelled between planning and applying, then the others are dispatched and that one is reported by id', async () => {
    const ids = [await trip(3, 8, 1), await trip(3, 11, 1)];
    const plan = (await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(3) })).body as DayPlan;
    const cancelled = await bed.applicant.post(`/api/trips/${ids[0]}/cancel`, { reason: '会议取消' });
    expect(cancelled.status).toBe(200);
    const applied = (await bed.dispatcher.post(`/api/dispatch/day-plans/${plan.id}/apply`)).body as DayPlan;
    const byTrip = new Map(applied.applied!.map((r) => [r.tripId, r]));
    expect(byTrip.get(ids[0]!)).toMatchObject({ dispatched: false, message: expect.stringContaining(`行程 ${ids[0]}`) });
    expect(byTrip.get(ids[1]!)).toMatchObject({ dispatched: true });
    expect((await bed.t.deps.db.manager.findOneByOrFail(TripEntity, { id: ids[0]! })).status).toBe('cancelled');
  });

  it('when a trip starts before the drivers\' working day, then it is left unserved with the hours named, and applying reports it', async () => {
    const early = await trip(4, 5, 1);
    const normal = await trip(4, 9, 1);
    const plan = (await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(4) })).body as DayPlan;
    expect(plan.unserved).toEqual([expect.objectContaining({ tripId: early, reason: expect.stringContaining('07:00–21:00') })]);
    expectConsistent(plan, new Map([[early, 1], [normal, 1]]));
    const applied = (await bed.dispatcher.post(`/api/dispatch/day-plans/${plan.id}/apply`)).body as DayPlan;
    expect(applied.applied!.find((r) => r.tripId === early)).toMatchObject({ dispatched: false, message: expect.stringContaining('方案未安排') });
    expect((await bed.t.deps.db.manager.findOneByOrFail(TripEntity, { id: early })).status).toBe('approved');
  });

  it('when a thorough plan is asked for, then it computes in the background, proves its bound by the LP, and is no worse than the quick plan; a second one while it runs is a 409', async () => {
    const ids = [await trip(5, 8, 1), await trip(5, 9, 2), await trip(5, 11, 1), await trip(5, 13, 1, { passengers: 3, seatsWanted: 2, vehiclesNeeded: 2 }), await trip(5, 16, 1)];
    const quick = (await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(5), mode: 'quick' })).body as DayPlan;
    const started = await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(5), mode: 'thorough' });
    expect(started.status).toBe(201);
    expect(started.body.status).toBe('running');
    const second = await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(5), mode: 'thorough' });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'DAY_PLAN_RUNNING', message: expect.stringContaining(String(started.body.id)) });
    const early = await bed.dispatcher.post(`/api/dispatch/day-plans/${started.body.id}/apply`);
    expect([409]).toContain(early.status);

    await bed.t.deps.dayPlans.idle();
    const done = (await bed.dispatcher.get(`/api/dispatch/day-plans/${started.body.id}`)).body as DayPlan;
    expect(done.status).toBe('ready');
    expect(done.summary!.boundIsLp).toBe(true);
    expect(done.summary!.cost).toBeLessThanOrEqual(quick.summary!.cost);
    expect(done.summary!.lowerBound).toBeGreaterThanOrEqual(quick.summary!.lowerBound);
    expect(done.summary!.lowerBound).toBeLessThanOrEqual(done.summary!.cost);
    expectConsistent(done, new Map(ids.map((id, i) => [id, i === 3 ? 2 : 1])));
    // Computed in the background: the dispatcher who asked is told, with the page of that day.
    const told = ((await bed.dispatcher.get('/api/messages')).body.items as Array<{ title: string; body: string; page: string }>).filter((m) => m.body.includes(`方案 ${done.id}：`));
    expect(told).toEqual([expect.objectContaining({ title: `${dateOf(5)} 排班方案已生成`, body: expect.stringContaining(`用车 ${done.summary!.vehiclesUsed} 辆`), page: `/dispatch/day-plan?date=${dateOf(5)}` })]);
    expect(((await bed.dispatcher.get('/api/messages')).body.items as Array<{ body: string }>).some((m) => m.body.includes(`方案 ${quick.id}：`))).toBe(false);
  }, 60_000);

  it('when the same plan is applied from two screens at once, then one applies it and the other gets 409, each trip dispatched once', async () => {
    const ids = [await trip(6, 8, 1), await trip(6, 13, 1)];
    const plan = (await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(6) })).body as DayPlan;
    const results = await Promise.all([1, 2, 3].map(() => bed.dispatcher.post(`/api/dispatch/day-plans/${plan.id}/apply`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    for (const id of ids) expect((await bed.t.deps.db.manager.findBy(AssignmentEntity, { tripId: id })).filter((a) => a.status !== 'released')).toHaveLength(1);
  });

  it('when a plan was left running by a server that stopped, then it reads as failed and a new thorough plan may start', async () => {
    await trip(7, 9, 1);
    const unitId = (await bed.t.deps.db.manager.findOneByOrFail(DayPlanEntity, { createdByName: '张伟' })).unitId;
    const dispatcherId = bed.dispatcher.userId;
    const stale = await bed.t.deps.db.manager.save(DayPlanEntity, bed.t.deps.db.manager.create(DayPlanEntity, {
      unitId, date: dateOf(7), mode: 'thorough', status: 'running', createdById: dispatcherId, createdByName: '张伟',
      createdAt: new Date(Date.now() - 3600_000), finishedAt: null, message: null, resultJson: null, appliedJson: null,
    }));
    const read = (await bed.dispatcher.get(`/api/dispatch/day-plans/${stale.id}`)).body as DayPlan;
    expect(read).toMatchObject({ status: 'failed', message: expect.stringContaining('计算中断') });
    expect((await bed.dispatcher.post(`/api/dispatch/day-plans/${stale.id}/apply`)).body.error.code).toBe('DAY_PLAN_FAILED');
    const fresh = await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(7), mode: 'thorough' });
    expect(fresh.status).toBe(201);
    await bed.t.deps.dayPlans.idle();
  }, 60_000);

  it('when the nightly job runs, then every unit with approved trips tomorrow gets a thorough plan made by the system, once a day', async () => {
    await trip(1, 17, 1);
    const made = await bed.t.deps.dayPlans.planTomorrow();
    const rows = await bed.t.deps.db.manager.findBy(DayPlanEntity, { createdByName: '系统（夜间排班）' });
    expect(rows.map((r) => r.id).sort()).toEqual([...made].sort());
    const ndrc = await seedUnitId(bed.t, '河北省发展和改革委员会');
    const mine = rows.find((r) => r.unitId === ndrc && r.date === dateOf(1));
    expect(mine).toMatchObject({ mode: 'thorough', status: 'ready', createdById: null });
    const read = (await bed.dispatcher.get(`/api/dispatch/day-plans?date=${dateOf(1)}`)).body.items as DayPlan[];
    expect(read[0]).toMatchObject({ id: mine!.id, createdByName: '系统（夜间排班）', status: 'ready' });
    const { from, to } = shanghaiDayBounds(dateOf(1));
    const approved = (await bed.t.deps.db.manager.findBy(TripEntity, { unitId: ndrc, status: 'approved' }))
      .filter((x) => new Date(x.startAt) >= from && new Date(x.startAt) < to);
    expect(read[0]!.summary!.trips).toBe(approved.length);
    // Nobody asked for it: the unit's dispatchers are told it is ready.
    const told = ((await bed.dispatcher.get('/api/messages')).body.items as Array<{ title: string; body: string }>).filter((m) => m.body.includes(`方案 ${mine!.id}：`));
    expect(told).toEqual([expect.objectContaining({ title: `${dateOf(1)} 排班方案已生成`, body: expect.stringContaining(`${approved.length} 单行程`) })]);
    expect(await bed.t.deps.dayPlans.planTomorrow()).toEqual([]);

    // It is scheduled at 18:00 in Shanghai (10:00 UTC), whatever the server's time zone.
    const scheduler = new Scheduler(bed.t.deps.redis, bed.t.deps.logger, true);
    bed.t.deps.dayPlans.register(scheduler);
    const next = schedule.scheduledJobs['dispatch.day-plans-tomorrow']!.nextInvocation() as unknown as Date;
    scheduler.stop();
    expect([new Date(next).getUTCHours(), new Date(next).getUTCMinutes()]).toEqual([10, 0]);
  }, 60_000);

  it('when the input or the state is wrong, then 400/403/404/409 name what, and no plan is written', async () => {
    const count = () => bed.t.deps.db.manager.count(DayPlanEntity);
    const before = await count();
    const past = await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(-1) });
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({ code: 'DATE_OUT_OF_RANGE', message: expect.stringContaining(dateOf(-1)) });
    const far = await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(40) });
    expect(far.status).toBe(400);
    const badFormat = await bed.dispatcher.post('/api/dispatch/day-plans', { date: '2026/12/01' });
    expect(badFormat.status).toBe(400);
    const badMode = await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(1), mode: 'fast' });
    expect(badMode.status).toBe(400);
    const impossible = await bed.dispatcher.post('/api/dispatch/day-plans', { date: '2026-02-30' });
    expect(impossible.status).toBe(400);
    const empty = await bed.dispatcher.post('/api/dispatch/day-plans', { date: dateOf(9) });
    expect(empty.status).toBe(409);
    expect(empty.body.error).toMatchObject({ code: 'DAY_PLAN_EMPTY', message: expect.stringContaining(dateOf(9)) });
    const applicantTries = await bed.applicant.post('/api/dispatch/day-plans', { date: dateOf(1) });
    expect(applicantTries.status).toBe(403);
    expect(await count()).toBe(before);

    const mine = (await bed.dispatcher.get(`/api/dispatch/day-plans?date=${dateOf(1)}`)).body.items[0] as DayPlan;
    const other = await as(bed.t, '何勇');
    expect((await other.get(`/api/dispatch/day-plans/${mine.id}`)).status).toBe(404);
    expect((await other.post(`/api/dispatch/day-plans/${mine.id}/apply`)).status).toBe(404);
    const missing = await bed.dispatcher.get('/api/dispatch/day-plans/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'DAY_PLAN_NOT_FOUND', message: expect.stringContaining('999999') });
  });
});
