/**
 * The day plan instance in flat arrays, and the rules every plan must keep.
 *
 * A route of vehicle v is its requests in pickup order, r1 … rk. It is feasible when:
 *  - every ri fits v: seats ≥ ⌈passengers / vehiclesNeeded⌉, and the category matches if demanded;
 *  - v can reach r1 from its start: departure = pickup(r1) − travel(start, r1) ≥ shift start;
 *  - between trips: end(ri) + turnaround + travel(dest(ri), origin(ri+1)) ≤ pickup(ri+1);
 *  - end(rk) ≤ shift end, and duty = end(rk) − departure ≤ max duty.
 * travel = ⌈road metres ÷ speed⌉ minutes, road metres = round(haversine × road factor).
 * Route cost = fixed cost per vehicle + road metres start → r1 + Σ road metres dest(ri) → origin(ri+1);
 * an empty route costs 0. Plan cost = Σ route costs + unserved penalty × unserved vehicle-slots.
 *
 * Bookings outside the plan (DayBlock, the vehicle's and its driver's): a trip fits v only if it
 * keeps clear of each of them — it ends, turns around and reaches the booking's origin by its start,
 * or it is reached from the booking's destination after its end and a turnaround (travel 0 where a
 * booking has no place). Checked per trip, this keeps every route clear: between two trips a and b
 * with a booking in between, a reaches the booking and the booking reaches b. A booking counts
 * towards the duty, so the driver's hours narrow to shift start ≥ last booking end − max duty and
 * shift end ≤ first booking start + max duty. Empty metres are still counted from the start
 * position (the legs to and from a booking are that booking's). With no bookings nothing changes.
 */
import { haversineMetres, radianDistance, toRadianPoints, type LatLng } from './geo.rules';
import type { DayBlock, DayInstance, DayPlanParams, DayRequest, DayVehicle } from './dayplan.types';

export const DEFAULT_DAY_PLAN_PARAMS: DayPlanParams = {
  speedKmh: 40,
  roadFactor: 1.3,
  turnaroundMin: 5,
  fixedCostPerVehicle: 20_000,
  unservedPenalty: 500_000,
};

export interface DayModel {
  readonly requests: readonly DayRequest[];
  readonly vehicles: readonly DayVehicle[];
  readonly params: DayPlanParams;
  readonly nR: number;
  readonly nV: number;
  readonly pickup: Int32Array;
  readonly end: Int32Array;
  readonly need: Int32Array;
  readonly seatsPerVehicle: Int32Array;
  readonly shiftStart: Int32Array;
  readonly shiftEnd: Int32Array;
  readonly maxDuty: Int32Array;
  /** nV × nR: vehicle fits the request (seats, category, clear of its bookings). */
  readonly fits: Uint8Array;
  /** Per vehicle, its and its driver's bookings outside the plan, by start. */
  readonly blocks: readonly (readonly DayBlock[])[];
  /** nV × nR: 1 + index in blocks[v] of the booking the request runs into (seats and category fitting), else 0. */
  readonly blockedBy: Int32Array;
  /** nV × nR: road metres and minutes from the vehicle's start to the request origin. */
  readonly startMetres: Int32Array;
  readonly startMinutes: Int32Array;
  /** nR × nR: road metres from destination of a to origin of b (filled where b starts after a ends). */
  readonly linkMetres: Int32Array;
  /** nR × nR: b can follow a on one vehicle as far as time goes. */
  readonly linkOk: Uint8Array;
}

export function resolveDayParams(params: Partial<DayPlanParams> | undefined): DayPlanParams {
  return { ...DEFAULT_DAY_PLAN_PARAMS, ...params };
}

export function buildDayModel(instance: DayInstance): DayModel {
  const params = resolveDayParams(instance.params);
  const { requests, vehicles } = instance;
  const nR = requests.length;
  const nV = vehicles.length;
  const metresPerMinute = (params.speedKmh * 1000) / 60;
  const minutes = (metres: number): number => Math.ceil(metres / metresPerMinute);
  const origins = toRadianPoints(requests.map((r) => r.origin));
  const destinations = toRadianPoints(requests.map((r) => r.destination));
  const starts = toRadianPoints(vehicles.map((v) => v.start));

  const pickup = Int32Array.from(requests, (r) => r.pickupMin);
  const end = Int32Array.from(requests, (r) => r.pickupMin + r.durationMin);
  const need = Int32Array.from(requests, (r) => r.vehiclesNeeded);
  const seatsPerVehicle = Int32Array.from(requests, (r) => Math.ceil(r.passengers / r.vehiclesNeeded));
  for (const r of requests) {
    if (r.durationMin < 1 || r.vehiclesNeeded < 1) {
      throw new RangeError(`request ${r.id}: duration and vehiclesNeeded must be ≥ 1`);
    }
  }
  const fits = new Uint8Array(nV * nR);
  const blocks = vehicles.map((v) =>
    [...(v.blocked ?? []), ...(v.driver.blocked ?? [])].sort((a, b) => a.startMin - b.startMin || a.endMin - b.endMin),
  );
  const blockedBy = new Int32Array(nV * nR);
  const travel = (a: LatLng | undefined, b: LatLng): number =>
    a ? minutes(Math.round(haversineMetres(a, b) * params.roadFactor)) : 0;
  const startMetres = new Int32Array(nV * nR);
  const startMinutes = new Int32Array(nV * nR);
  for (let v = 0; v < nV; v++) {
    const vehicle = vehicles[v] as DayVehicle;
    for (let r = 0; r < nR; r++) {
      const request = requests[r] as DayRequest;
      const k = v * nR + r;
      const seatsOk = vehicle.seats >= (seatsPerVehicle[r] as number);
      fits[k] = seatsOk && (request.category === null || request.category === vehicle.category) ? 1 : 0;
      const own = blocks[v] as readonly DayBlock[];
      for (let b = 0; fits[k] === 1 && b < own.length; b++) {
        const block = own[b] as DayBlock;
        const before = request.pickupMin + request.durationMin + params.turnaroundMin +
          (block.origin ? travel(request.destination, block.origin) : 0) <= block.startMin;
        const after = !before && block.endMin + params.turnaroundMin + travel(block.destination, request.origin) <= request.pickupMin;
        if (!before && !after) {
          fits[k] = 0;
          blockedBy[k] = b + 1;
        }
      }
      const metres = Math.round(radianDistance(starts, v, origins, r) * params.roadFactor);
      startMetres[k] = metres;
      startMinutes[k] = minutes(metres);
    }
  }
  const linkMetres = new Int32Array(nR * nR);
  const linkOk = new Uint8Array(nR * nR);
  for (let a = 0; a < nR; a++) {
    const ready = (end[a] as number) + params.turnaroundMin;
    for (let b = 0; b < nR; b++) {
      if (a === b) continue;
      // b cannot follow a at all when it starts before a is ready: no distance needed.
      if (ready > (pickup[b] as number)) continue;
      const metres = Math.round(radianDistance(destinations, a, origins, b) * params.roadFactor);
      linkMetres[a * nR + b] = metres;
      linkOk[a * nR + b] = ready + minutes(metres) <= (pickup[b] as number) ? 1 : 0;
    }
  }
  return {
    requests,
    vehicles,
    params,
    nR,
    nV,
    pickup,
    end,
    need,
    seatsPerVehicle,
    // A booking is part of the duty: the plan's trips stay within max duty of the first and last.
    shiftStart: Int32Array.from(vehicles, (v, i) =>
      Math.max(v.driver.shiftStartMin, ...(blocks[i] as DayBlock[]).map((b) => b.endMin - v.driver.maxDutyMin))),
    shiftEnd: Int32Array.from(vehicles, (v, i) =>
      Math.min(v.driver.shiftEndMin, ...(blocks[i] as DayBlock[]).map((b) => b.startMin + v.driver.maxDutyMin))),
    maxDuty: Int32Array.from(vehicles, (v) => v.driver.maxDutyMin),
    fits,
    blocks,
    blockedBy,
    startMetres,
    startMinutes,
    linkMetres,
    linkOk,
  };
}

/** Minute the vehicle leaves its start for request r as its first trip. */
export function departureFor(m: DayModel, v: number, r: number): number {
  return (m.pickup[r] as number) - (m.startMinutes[v * m.nR + r] as number);
}

/** Shift and duty hold for a route whose first trip is `first` and last is `last`. */
export function spanFits(m: DayModel, v: number, first: number, last: number): boolean {
  const departure = departureFor(m, v, first);
  const finish = m.end[last] as number;
  return (
    departure >= (m.shiftStart[v] as number) &&
    finish <= (m.shiftEnd[v] as number) &&
    finish - departure <= (m.maxDuty[v] as number)
  );
}

export function routeFeasible(m: DayModel, v: number, route: readonly number[]): boolean {
  if (route.length === 0) return true;
  for (let k = 0; k < route.length; k++) {
    const r = route[k] as number;
    if (m.fits[v * m.nR + r] !== 1) return false;
    if (k > 0 && m.linkOk[(route[k - 1] as number) * m.nR + r] !== 1) return false;
  }
  return spanFits(m, v, route[0] as number, route[route.length - 1] as number);
}

export function routeDeadhead(m: DayModel, v: number, route: readonly number[]): number {
  if (route.length === 0) return 0;
  let metres = m.startMetres[v * m.nR + (route[0] as number)] as number;
  for (let k = 1; k < route.length; k++) {
    metres += m.linkMetres[(route[k - 1] as number) * m.nR + (route[k] as number)] as number;
  }
  return metres;
}

export function routeCost(m: DayModel, v: number, route: readonly number[]): number {
  return route.length === 0 ? 0 : m.params.fixedCostPerVehicle + routeDeadhead(m, v, route);
}

/** How many vehicles serve each request. */
export function servedCounts(m: DayModel, routes: readonly (readonly number[])[]): Int32Array {
  const served = new Int32Array(m.nR);
  for (const route of routes) for (const r of route) served[r] = (served[r] as number) + 1;
  return served;
}

export function planTotal(m: DayModel, routes: readonly (readonly number[])[]): number {
  let total = 0;
  routes.forEach((route, v) => {
    total += routeCost(m, v, route);
  });
  const served = servedCounts(m, routes);
  for (let r = 0; r < m.nR; r++) total += ((m.need[r] as number) - (served[r] as number)) * m.params.unservedPenalty;
  return total;
}

/** Every route feasible, and every request served by 0 or exactly vehiclesNeeded vehicles. */
export function planFeasible(m: DayModel, routes: readonly (readonly number[])[]): boolean {
  if (!routes.every((route, v) => routeFeasible(m, v, route))) return false;
  const served = servedCounts(m, routes);
  for (let r = 0; r < m.nR; r++) {
    if (served[r] !== 0 && served[r] !== m.need[r]) return false;
  }
  return true;
}

/** The first rule a route breaks (routeFeasible's checks, in its order), for telling the dispatcher why. */
export type RouteViolation =
  | { readonly rule: 'fit'; readonly r: number }
  | { readonly rule: 'blocked'; readonly r: number; readonly block: DayBlock }
  | { readonly rule: 'link'; readonly a: number; readonly b: number; readonly readyMin: number; readonly travelMin: number }
  | { readonly rule: 'shift-start'; readonly r: number; readonly departureMin: number }
  | { readonly rule: 'shift-end'; readonly r: number }
  | { readonly rule: 'duty'; readonly dutyMin: number };

export function routeViolation(m: DayModel, v: number, route: readonly number[]): RouteViolation | null {
  for (let k = 0; k < route.length; k++) {
    const r = route[k] as number;
    if (m.fits[v * m.nR + r] !== 1) {
      const b = m.blockedBy[v * m.nR + r] as number;
      return b > 0 ? { rule: 'blocked', r, block: (m.blocks[v] as readonly DayBlock[])[b - 1] as DayBlock } : { rule: 'fit', r };
    }
    if (k === 0) continue;
    const a = route[k - 1] as number;
    if (m.linkOk[a * m.nR + r] !== 1) {
      const metres = Math.round(m.linkMetres[a * m.nR + r] as number);
      const travelMin = (m.pickup[r] as number) < (m.end[a] as number) + m.params.turnaroundMin
        ? 0
        : Math.ceil(metres / ((m.params.speedKmh * 1000) / 60));
      return { rule: 'link', a, b: r, readyMin: (m.end[a] as number) + m.params.turnaroundMin, travelMin };
    }
  }
  if (route.length === 0) return null;
  const first = route[0] as number;
  const last = route[route.length - 1] as number;
  const departureMin = departureFor(m, v, first);
  if (departureMin < (m.shiftStart[v] as number)) return { rule: 'shift-start', r: first, departureMin };
  if ((m.end[last] as number) > (m.shiftEnd[v] as number)) return { rule: 'shift-end', r: last };
  const dutyMin = (m.end[last] as number) - departureMin;
  if (dutyMin > (m.maxDuty[v] as number)) return { rule: 'duty', dutyMin };
  return null;
}
