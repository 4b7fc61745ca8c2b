/**
 * 调整方案: a dispatcher moves one trip of a plan before applying it. Pure: the stored plan and the
 * model its solver was given in, a new stored plan (or the reason the move is refused) out.
 *
 * Every car whose day changes is checked again by the day plan model's own rules (`routeViolation`,
 * dayplan-model.ts: seats and category, time to reach each next pickup, drivers' hours) on a model of
 * just the cars and trips concerned, and costed by its own cost (`routeCost`), so the plan's figures
 * (objective, cars used, empty km, distance to the bound) stay exact after any number of moves.
 *
 * A trip the dispatcher takes out leaves the plan's day: it costs no penalty, and the bound becomes
 * the reduced day's — the larger of its assignment relaxation (dayPlanBound, computed again) and the
 * whole day's bound less the penalty of the slots taken out (any plan of the reduced day plus those
 * slots unserved is a plan of the whole day, so that is a bound too).
 */
import { DispatchErrorCode } from '@shared/dispatch/dispatch.errors';
import { ConflictError, NotFoundError } from '../../../platform/errors';
import { formatPlate } from '@shared/common/format';
import type { DayPlan, DayPlanMoveInput, DayPlanMoveOption, DayPlanRoute } from '@shared/trips/day-plan.schemas';
import {
  DEFAULT_CATEGORY_LABELS, buildDayModel, dayPlanBound, departureFor, resolveDayParams, routeCost, routeDeadhead, routeViolation, type DayModel, type DayPlanParams, type RouteViolation,
} from '../../../lib/dispatch-solver';
import { bookingConflict, km, type PlanBody, type PlanModel } from './day-plan.instance';

type Routes = Map<string, string[]>;
type Car = PlanModel['cars'][number];

interface Evaluated {
  /** The cars' new days (model ids), only those that change. */
  changed: Routes;
  deltaCost: number;
  deltaMetres: number;
}

const tripKey = (tripId: number): string => `T${tripId}`;
const clock = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

export class PlanEditor {
  private readonly routes: Routes = new Map();
  private readonly carsById = new Map<string, Car>();
  private readonly carOfVehicle = new Map<number, Car>();
  private readonly pickup = new Map<string, number>();
  private readonly need = new Map<string, number>();
  /** Trips the dispatcher took out of the plan (model ids). */
  private readonly removed: Set<string>;
  private readonly params: DayPlanParams;

  constructor(private readonly body: PlanBody, private readonly model: PlanModel) {
    for (const car of model.cars) {
      this.carsById.set(car.id, car);
      this.carOfVehicle.set(car.vehicleId, car);
      this.routes.set(car.id, []);
    }
    for (const r of model.instance.requests) {
      this.pickup.set(r.id, r.pickupMin);
      this.need.set(r.id, r.vehiclesNeeded);
    }
    for (const route of body.routes) this.routes.set(`V${route.vehicleId}`, route.stops.map((s) => tripKey(s.tripId)));
    this.params = resolveDayParams(model.instance.params);
    this.removed = new Set((body.removed ?? []).map(tripKey));
  }

  /** Every car of the pool except those on the trip already, as a target of the trip leaving `from` (null: unserved). */
  options(tripId: number, from: number | null): DayPlanMoveOption[] {
    const t = this.trip(tripId);
    const fromCar = this.source(t, tripId, from);
    const items: DayPlanMoveOption[] = [];
    for (const car of this.model.cars) {
      if (this.routes.get(car.id)!.includes(t)) continue;
      const outcome = this.evaluate(t, fromCar, car);
      const tripsNow = this.routes.get(car.id)!.length;
      const base = { vehicleId: car.vehicleId, plate: car.plate, seats: car.seats, driverName: car.driverName, tripsNow };
      items.push(typeof outcome === 'string'
        ? { ...base, feasible: false, reason: outcome, deltaKm: null, deltaCost: null }
        : { ...base, feasible: true, reason: null, deltaKm: km(outcome.deltaMetres), deltaCost: outcome.deltaCost });
    }
    return items.sort((a, b) => Number(b.feasible) - Number(a.feasible) || (a.deltaCost ?? 0) - (b.deltaCost ?? 0) || a.plate.localeCompare(b.plate));
  }

  /** The stored plan after the move, with the edit recorded; throws a 404/409 naming what is wrong. */
  move(input: DayPlanMoveInput, byName: string, atIso: string): PlanBody {
    const t = this.trip(input.tripId);
    const info = this.model.trips[t]!;
    const label = `行程 ${input.tripId}（${clock(this.pickup.get(t)!)} ${info.purpose}）`;
    const fromCar = this.source(t, input.tripId, input.from);
    let evaluated: Evaluated;
    let text: string;
    let unserved = this.body.unserved.filter((u) => u.tripId !== input.tripId);
    if (input.to === null) {
      if (!fromCar) throw new ConflictError(DispatchErrorCode.DAY_PLAN_MOVE_SAME, `${label}已不在方案中`);
      evaluated = this.remove(t);
      this.removed.add(t);
      text = `${label}移出方案，留待人工派车`;
      unserved = [...unserved, { tripId: input.tripId, purpose: info.purpose, startAt: info.startAt, reason: `调度员移出方案（${byName}），请人工派车` }];
    } else {
      const toCar = this.carOfVehicle.get(input.to);
      if (!toCar) throw new NotFoundError(DispatchErrorCode.VEHICLE_NOT_IN_PLAN, `车辆 ${input.to} 不在本方案的可用车辆中`);
      if (this.routes.get(toCar.id)!.includes(t)) throw new ConflictError(DispatchErrorCode.DAY_PLAN_MOVE_SAME, `${formatPlate(toCar.plate)} 已在执行${label}`);
      const outcome = this.evaluate(t, fromCar, toCar);
      if (typeof outcome === 'string') throw new ConflictError(DispatchErrorCode.DAY_PLAN_MOVE_INFEASIBLE, `${formatPlate(toCar.plate)} 不能接${label}：${outcome}`);
      evaluated = outcome;
      this.removed.delete(t);
      text = fromCar ? `${label}由 ${formatPlate(fromCar.plate)} 改为 ${formatPlate(toCar.plate)}（${toCar.driverName}）` : `${label}安排给 ${formatPlate(toCar.plate)}（${toCar.driverName}）`;
    }
    for (const [id, route] of evaluated.changed) this.routes.set(id, route);
    return {
      summary: this.summary(evaluated, unserved.length),
      routes: this.present(evaluated.changed),
      unserved: unserved.sort((a, b) => a.startAt.localeCompare(b.startAt) || a.tripId - b.tripId),
      excluded: this.body.excluded,
      edits: [...(this.body.edits ?? []), { at: atIso, byName, text }],
      removed: [...this.removed].map((id) => Number(id.slice(1))).sort((a, b) => a - b),
      bound: this.body.bound,
    };
  }

  private trip(tripId: number): string {
    const t = tripKey(tripId);
    if (!this.model.trips[t]) throw new NotFoundError(DispatchErrorCode.TRIP_NOT_IN_PLAN, `行程 ${tripId} 不在本方案中`);
    return t;
  }

  /** The car the trip leaves: `from` must be one of its cars; null only when the plan leaves it unserved. */
  private source(t: string, tripId: number, from: number | null): Car | null {
    const serving = this.model.cars.filter((c) => this.routes.get(c.id)!.includes(t));
    if (from === null) {
      if (serving.length) throw new ConflictError(DispatchErrorCode.DAY_PLAN_MOVE_FROM, `行程 ${tripId} 已由 ${serving.map((c) => formatPlate(c.plate)).join('、')} 执行，请指明从哪辆车调出`);
      if ((this.need.get(t) ?? 1) > 1) throw new ConflictError(DispatchErrorCode.DAY_PLAN_MOVE_DELEGATION, `行程 ${tripId} 为多车同派（需 ${this.need.get(t)} 辆），须同时安排，请按方案派车后人工派车`);
      return null;
    }
    const car = serving.find((c) => c.vehicleId === from);
    if (!car) throw new ConflictError(DispatchErrorCode.DAY_PLAN_MOVE_FROM, `行程 ${tripId} 不在车辆 ${this.carOfVehicle.get(from) ? formatPlate(this.carOfVehicle.get(from)!.plate) : from} 的安排中`);
    return car;
  }

  /** The move of trip t from `fromCar` (null: unserved) to `toCar`, or why it breaks a rule. */
  private evaluate(t: string, fromCar: Car | null, toCar: Car): Evaluated | string {
    const newTo = [...this.routes.get(toCar.id)!, t].sort((a, b) => this.pickup.get(a)! - this.pickup.get(b)! || a.localeCompare(b));
    const changed: Routes = new Map([[toCar.id, newTo]]);
    if (fromCar) changed.set(fromCar.id, this.routes.get(fromCar.id)!.filter((x) => x !== t));
    // Leaving a trip out of a day only gives the car more time; checked all the same.
    // A trip the plan left unserved stops costing its penalty; one the dispatcher took out cost none.
    return this.cost(changed, fromCar || this.removed.has(t) ? 0 : -1, t);
  }

  /** Trip t out of every car that has it: the cars' days get shorter, and the trip leaves the plan's day. */
  private remove(t: string): Evaluated {
    const changed: Routes = new Map();
    for (const c of this.model.cars) {
      const route = this.routes.get(c.id)!;
      if (route.includes(t)) changed.set(c.id, route.filter((x) => x !== t));
    }
    return this.cost(changed, 0, t) as Evaluated;
  }

  /**
   * The changed cars' days checked by the model's rules and costed against their current ones;
   * `slots`: change of unserved slots; `moved`: the trip moving, named last in a refusal.
   */
  private cost(changed: Routes, slots: number, moved: string): Evaluated | string {
    const ids = [...changed.keys()];
    const m = this.subModel(ids, [...new Set(ids.flatMap((id) => [...this.routes.get(id)!, ...changed.get(id)!]))]);
    const idx = (route: string[]) => route.map((id) => m.requests.findIndex((r) => r.id === id));
    let deltaCost = slots * this.params.unservedPenalty;
    let deltaMetres = 0;
    for (const [v, id] of ids.entries()) {
      const before = idx(this.routes.get(id)!);
      const after = idx(changed.get(id)!);
      const violation = routeViolation(m, v, after);
      if (violation) return this.explain(m, v, violation, moved);
      deltaCost += routeCost(m, v, after) - routeCost(m, v, before);
      deltaMetres += routeDeadhead(m, v, after) - routeDeadhead(m, v, before);
    }
    return { changed, deltaCost, deltaMetres };
  }

  /** The day plan model of just these cars and trips: the same rules and figures as the whole day's. */
  private subModel(cars: string[], trips: string[]): DayModel {
    const keep = new Set(trips);
    return buildDayModel({
      requests: this.model.instance.requests.filter((r) => keep.has(r.id)),
      vehicles: cars.map((id) => this.model.instance.vehicles.find((v) => v.id === id)!),
      params: this.model.instance.params,
    });
  }

  /** Why car v's day breaks a rule, in the dispatcher's words. */
  private explain(m: DayModel, v: number, x: RouteViolation, moved: string): string {
    const tripId = (r: number) => m.requests[r]!.id.slice(1);
    switch (x.rule) {
      case 'fit': {
        const r = m.requests[x.r]!;
        const car = this.carsById.get(m.vehicles[v]!.id)!;
        const seats = m.seatsPerVehicle[x.r]!;
        if (m.vehicles[v]!.seats < seats) return `座位不足（${formatPlate(car.plate)} ${car.seats} 座，可载 ${m.vehicles[v]!.seats} 人，行程 ${tripId(x.r)} 每车 ${seats} 人）`;
        return `车型不符（行程 ${tripId(x.r)} 需${DEFAULT_CATEGORY_LABELS[r.category ?? ''] ?? r.category}）`;
      }
      case 'blocked': {
        const car = this.carsById.get(m.vehicles[v]!.id)!;
        return `${formatPlate(car.plate)} ${bookingConflict(x.block, tripId(x.r), m.pickup[x.r]!, m.end[x.r]!, m.params.turnaroundMin)}`;
      }
      case 'link': {
        const a = tripId(x.a);
        const b = tripId(x.b);
        const pickup = m.pickup[x.b]!;
        if (pickup < m.end[x.a]!) {
          const other = m.requests[x.a]!.id === moved ? x.b : x.a;
          return `与该车行程 ${tripId(other)}（${clock(m.pickup[other]!)}–${clock(m.end[other]!)}）时间重叠`;
        }
        if (x.travelMin === 0) return `行程 ${a} ${clock(m.end[x.a]!)} 结束，须留 ${m.params.turnaroundMin} 分钟间隔，赶不上行程 ${b} ${clock(pickup)} 上车`;
        return `行程 ${a} ${clock(m.end[x.a]!)} 结束后需间隔 ${m.params.turnaroundMin} 分钟、空驶约 ${x.travelMin} 分钟，赶不上行程 ${b} ${clock(pickup)} 上车`;
      }
      // Hours narrowed by the driver's bookings outside the plan (they count in the duty) say so.
      case 'shift-start':
        if (m.shiftStart[v]! > m.vehicles[v]!.driver.shiftStartMin && x.departureMin >= m.vehicles[v]!.driver.shiftStartMin) return `须 ${clock(x.departureMin)} 出发赶往行程 ${tripId(x.r)}，连同当日已派任务当班将超过最长 ${m.maxDuty[v]! / 60} 小时`;
        return `须 ${clock(x.departureMin)} 出发赶往行程 ${tripId(x.r)}，早于可出车时间 ${clock(m.shiftStart[v]!)}`;
      case 'shift-end':
        if (m.shiftEnd[v]! < m.vehicles[v]!.driver.shiftEndMin && m.end[x.r]! <= m.vehicles[v]!.driver.shiftEndMin) return `行程 ${tripId(x.r)} ${clock(m.end[x.r]!)} 结束，连同当日已派任务当班将超过最长 ${m.maxDuty[v]! / 60} 小时`;
        return `行程 ${tripId(x.r)} ${clock(m.end[x.r]!)} 结束，晚于驾驶员下班时间 ${clock(m.shiftEnd[v]!)}`;
      case 'duty':
        return `当班将达 ${Math.floor(x.dutyMin / 60)} 小时 ${x.dutyMin % 60} 分，超过最长 ${m.maxDuty[v]! / 60} 小时`;
    }
  }

  private summary(e: Evaluated, unservedTrips: number): NonNullable<DayPlan['summary']> {
    const s = this.body.summary!;
    const cost = s.cost + e.deltaCost;
    let used = 0;
    for (const route of this.routes.values()) if (route.length) used++;
    const served = new Set([...this.routes.values()].flat());
    let unservedSlots = 0;
    for (const [id, need] of this.need) if (!served.has(id) && !this.removed.has(id)) unservedSlots += need;
    // The objective is fixed cost per car + empty metres + penalty per unserved slot, all integers: the metres follow exactly.
    const metres = cost - used * this.params.fixedCostPerVehicle - unservedSlots * this.params.unservedPenalty;
    const { lowerBound, boundIsLp } = this.bound(s);
    return {
      ...s, vehiclesUsed: used, unservedTrips, cost, deadheadKm: km(metres), lowerBound, boundIsLp,
      gapPercent: lowerBound > 0 ? Math.round((1000 * (cost - lowerBound)) / lowerBound) / 10 : 0,
    };
  }

  /** The bound of the plan's day: the solver's, or with trips taken out the reduced day's (header). */
  private bound(s: NonNullable<DayPlan['summary']>): { lowerBound: number; boundIsLp: boolean } {
    const whole = this.body.bound ?? { lowerBound: s.lowerBound, boundIsLp: s.boundIsLp };
    if (this.removed.size === 0) return whole;
    let slots = 0;
    for (const t of this.removed) slots += this.need.get(t)!;
    const instance = this.model.instance;
    const requests = instance.requests.filter((r) => !this.removed.has(r.id));
    const relaxed = requests.length ? dayPlanBound({ ...instance, requests }).lowerBound : 0;
    return { lowerBound: Math.max(0, Math.ceil(relaxed), whole.lowerBound - slots * this.params.unservedPenalty), boundIsLp: false };
  }

  /** The plan's cards: unchanged cars as they were, changed ones recomputed, in the plan's order (first trip, plate). */
  private present(changed: Routes): DayPlanRoute[] {
    const kept = this.body.routes.filter((r) => !changed.has(`V${r.vehicleId}`));
    const redone = [...changed].filter(([, route]) => route.length).map(([id, route]) => this.card(this.carsById.get(id)!, route));
    return [...kept, ...redone].sort((a, b) => a.stops[0]!.startAt.localeCompare(b.stops[0]!.startAt) || a.plate.localeCompare(b.plate));
  }

  private card(car: Car, route: string[]): DayPlanRoute {
    const m = this.subModel([car.id], route);
    const idx = route.map((id) => m.requests.findIndex((r) => r.id === id));
    let metres = 0;
    const stops = idx.map((r, k) => {
      const leg = k === 0 ? m.startMetres[r]! : m.linkMetres[idx[k - 1]! * m.nR + r]!;
      metres += leg;
      return { ...this.model.trips[m.requests[r]!.id]!, deadheadKm: km(leg) };
    });
    const dutyMinutes = m.end[idx[idx.length - 1]!]! - departureFor(m, 0, idx[0]!);
    return { vehicleId: car.vehicleId, plate: car.plate, seats: car.seats, driverId: car.driverId, driverName: car.driverName, stops, deadheadKm: km(metres), dutyMinutes };
  }
}
