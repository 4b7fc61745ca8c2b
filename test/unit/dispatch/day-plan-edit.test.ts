import { buildPlanning, planModel, presentPlan, type PlanBody, type PlanningInput } from '../../../server/src/modules/dispatch/day-plan/day-plan.instance';
import { PlanEditor } from '../../../server/src/modules/dispatch/day-plan/day-plan.edit';
import { loadDayPlanSettings } from '../../../server/src/modules/dispatch';
import { buildDayModel, planDay } from '../../../server/src/lib/dispatch-solver';
import { createSeededRandom } from '../../helpers/dispatch-instances';
import { planFeasible, planTotal } from '../../../server/src/lib/dispatch-solver/dayplan-model';
import type { DriverRow, VehicleRow } from '../../../server/src/modules/fleet';
import type { TripRow } from '../../../server/src/modules/trips';
import { ConflictError } from '../../../server/src/platform/errors';
import { formatPlate } from '../../../shared/src/common/format';
import type { DayPlanMoveOption } from '../../../shared/src/trips/day-plan.schemas';

/**
 * 调整方案 against the whole day's model: after any sequence of moves the editor accepts, the plan is
 * feasible by the solver's own check and its objective is the solver's own total for the new routes;
 * a move it refuses is one that would break a rule.
 */
const date = '2026-12-03';
const settings = loadDayPlanSettings({});
const at = (min: number) => new Date(Date.parse(`${date}T00:00:00.000+08:00`) + min * 60_000);
const place = (rnd: ReturnType<typeof createSeededRandom>) => ({ name: '某地', lat: 38.0 + rnd.next() * 0.08, lng: 114.45 + rnd.next() * 0.1 });

function day(seed: number): PlanningInput {
  const rnd = createSeededRandom(seed);
  const vehicles: VehicleRow[] = Array.from({ length: 7 }, (_, i) => ({
    id: i + 1, plate: `冀A0${String(1000 + i)}`, vin: '', brandModel: '红旗 H5', energyType: 'fuel', displacementMl: 1798, priceFen: 0,
    seats: i < 2 ? 7 : 5, category: i === 6 ? 'law_enforcement' : 'general', source: 'own', ownerUnitId: 1, regionCode: '130000', registeredOn: '2020-01-01',
    odometerHm: 0, terminalPhone: null, deviceModel: null, insuranceDue: '2027-06-30', inspectionDue: '2027-09-30', maintenanceDue: null, status: 'in_use', createdAt: new Date(),
  }));
  const drivers: DriverRow[] = vehicles.map((v) => ({
    id: v.id, userId: null, name: `司机${v.id}`, phone: '13800000000', unitId: 1, regionCode: '130000', licenceClass: 'C1', licenceExpires: '2030-01-01', status: 'active', createdAt: new Date(),
  }));
  const trips: TripRow[] = Array.from({ length: 30 }, (_, i) => {
    const start = 7 * 60 + 5 * rnd.int(0, 140);
    const need = rnd.next() < 0.15 ? 2 : 1;
    const seats = rnd.int(1, 6);
    const origin = place(rnd);
    return {
      id: 100 + i, unitId: 1, regionCode: '130000', applicantId: 1, applicantName: '王建国', bookedById: 1, purpose: `行程${100 + i}`, passengers: seats * need, passengerNames: '',
      startAt: at(start), endAt: at(start + 30 * rnd.int(1, 4)), originJson: JSON.stringify(origin), destinationsJson: JSON.stringify([place(rnd)]),
      category: need === 1 && rnd.next() < 0.1 ? 'law_enforcement' : null, seatsWanted: seats, vehiclesNeeded: need, kind: 'in_city',
      priority: 'normal', status: 'approved', approvalStatus: 'approved', backfillDueAt: null, backfillOverdue: false, returnOverdue: false, reminded: false,
      costFen: 0, rating: null, ratingComment: null, cancelReason: null, createdAt: new Date(), updatedAt: new Date(),
    };
  });
  return {
    // Seeds 5 and up: two cars and two drivers already have a trip dispatched outside the plan.
    date, nowMs: Date.parse('2026-12-01T02:00:00Z'), trips, vehicles, drivers, busy: seed < 5 ? { vehicles: new Map(), drivers: new Map() } : {
      vehicles: new Map([1, 3].map((id) => { const start = 8 * 60 + 30 * rnd.int(0, 16); return [id, [{ startMs: at(start).getTime(), endMs: at(start + 120).getTime(), tripId: 900 + id, place: place(rnd) }]]; })),
      drivers: new Map([2, 5].map((id) => { const start = 8 * 60 + 30 * rnd.int(0, 16); return [id, [{ startMs: at(start).getTime(), endMs: at(start + 90).getTime(), tripId: 950 + id, place: place(rnd) }]]; })),
    },
    usage: { vehicles: new Map(), drivers: new Map() }, positions: new Map(), depot: { lat: 38.0428, lng: 114.5149 }, settings, slotMinutes: 5,
  };
}

/** The plan's routes as the solver's model sees them: one route per car of the model, in its order. */
function modelRoutes(body: PlanBody, ids: readonly string[], requestIndex: Map<string, number>): number[][] {
  return ids.map((id) => body.routes.find((r) => `V${r.vehicleId}` === id)?.stops.map((s) => requestIndex.get(`T${s.tripId}`)!) ?? []);
}

describe('调整方案 (PlanEditor) against the whole day\'s model', () => {
  it.each([1, 2, 3, 4, 5, 6])('when random moves are made on seed %i, then every accepted plan is feasible and costed as the solver costs it, and every refusal is a broken rule', (seed) => {
    const p = buildPlanning(day(seed));
    const model = planModel(p);
    const m = buildDayModel(model.instance);
    const requestIndex = new Map(m.requests.map((r, i) => [r.id, i]));
    const ids = m.vehicles.map((v) => v.id);
    const result = planDay(p.instance, { timeBudgetMs: 200 });
    let body: PlanBody = { ...presentPlan(p, result, 1, false, settings), edits: [] };
    const rnd = createSeededRandom(seed * 7);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 100; i++) {
      const editor = new PlanEditor(body, model);
      const trip = rnd.pick(p.instance.requests);
      const tripId = Number(trip.id.slice(1));
      const serving = body.routes.filter((r) => r.stops.some((s) => s.tripId === tripId)).map((r) => r.vehicleId);
      const from = serving.length ? rnd.pick(serving) : null;
      let options = new Map<number, DayPlanMoveOption>();
      let next: PlanBody;
      let to: number | null = null;
      try {
        options = new Map(editor.options(tripId, from).map((o) => [o.vehicleId, o]));
        // Half the time a car the options call feasible, else any car (or out of the plan).
        const feasible = [...options.values()].filter((o) => o.feasible);
        to = feasible.length && rnd.next() < 0.5 ? rnd.pick(feasible).vehicleId : rnd.next() < 0.1 ? null : rnd.pick(model.cars).vehicleId;
        next = editor.move({ tripId, from, to }, '张伟', new Date().toISOString());
      } catch (e) {
        expect(e).toBeInstanceOf(ConflictError);
        refused++;
        const code = (e as ConflictError).code;
        if (code === 'DAY_PLAN_MOVE_INFEASIBLE') {
          // The option list says the same, and the full model agrees the move breaks a rule.
          expect(options.get(to!)).toMatchObject({ feasible: false, reason: expect.any(String) });
          const routes = modelRoutes(body, ids, requestIndex);
          const r = requestIndex.get(trip.id)!;
          if (from !== null) routes[ids.indexOf(`V${from}`)] = routes[ids.indexOf(`V${from}`)]!.filter((x) => x !== r);
          const target = ids.indexOf(`V${to}`);
          routes[target] = [...routes[target]!, r].sort((a, b) => m.pickup[a]! - m.pickup[b]!);
          expect(planFeasible(m, routes)).toBe(false);
        } else {
          expect(['DAY_PLAN_MOVE_SAME', 'DAY_PLAN_MOVE_DELEGATION', 'DAY_PLAN_MOVE_FROM']).toContain(code);
        }
        continue;
      }
      accepted++;
      if (to !== null && options.has(to)) expect(options.get(to)!.feasible).toBe(true);
      const before = body.summary!.cost;
      const routes = modelRoutes(next, ids, requestIndex);
      expect(planFeasible(m, routes)).toBe(true);
      // Trips the dispatcher took out are out of the plan's day: no penalty, and the bound is the reduced day's.
      const removedSlots = (next.removed ?? []).reduce((n, id) => n + m.need[requestIndex.get(`T${id}`)!]!, 0);
      expect(next.summary!.cost).toBe(planTotal(m, routes) - removedSlots * m.params.unservedPenalty);
      expect(next.summary!.lowerBound).toBeLessThanOrEqual(next.summary!.cost);
      if (removedSlots === 0) expect(next.summary!.lowerBound).toBe(result.lowerBound);
      if (to !== null) expect(next.summary!.cost - before).toBe(options.get(to)!.deltaCost);
      const used = routes.filter((r) => r.length).length;
      expect(next.summary!.vehiclesUsed).toBe(used);
      expect(next.routes).toHaveLength(used);
      expect(next.unserved.length).toBe(next.summary!.unservedTrips);
      expect(next.edits).toHaveLength((body.edits?.length ?? 0) + 1);
      for (const route of next.routes) {
        expect(route.deadheadKm).toBeCloseTo(route.stops.reduce((s, x) => s + x.deadheadKm, 0), 0);
      }
      body = next;
    }
    expect(accepted).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
  });

  it('when a trip is moved onto a car whose trip overlaps it, then the refusal names both trips and the overlap', () => {
    const p = buildPlanning(day(5));
    const body: PlanBody = { ...presentPlan(p, planDay(p.instance, { timeBudgetMs: 200 }), 1, false, settings), edits: [] };
    const editor = new PlanEditor(body, planModel(p));
    const [a, b] = body.routes.filter((r) => r.stops.length && r.stops[0]!.vehiclesNeeded === 1);
    // A trip of car a that overlaps some trip of car b, if the day has one.
    const clash = a!.stops.flatMap((s) => b!.stops.filter((x) => x.startAt < s.endAt && s.startAt < x.endAt).map((x) => [s, x] as const))[0];
    expect(clash).toBeDefined();
    const [mine, theirs] = clash!;
    expect(() => editor.move({ tripId: mine.tripId, from: a!.vehicleId, to: b!.vehicleId }, '张伟', '')).toThrow(
      expect.objectContaining({ code: 'DAY_PLAN_MOVE_INFEASIBLE', message: expect.stringMatching(new RegExp(`${formatPlate(b!.plate)} 不能接行程 ${mine.tripId}.*行程 ${theirs.tripId}`)) }),
    );
  });
});
