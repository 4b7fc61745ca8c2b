/**
 * From the relaxation's chains to a feasible plan. A chain may mix trips no single vehicle can do
 * in a row (fit, hours), so each chain is cut into segments some vehicle class can drive; segments
 * go to vehicles by a second, exact assignment (cost: fixed + deadhead; infeasible pairs excluded).
 * Then requests left with only some of their vehicles are completed or dropped (all or nothing),
 * and what is unserved is inserted at its cheapest place.
 */
import { classSpanFits, vehicleClasses, type VehicleClasses } from './dayplan-classes';
import { routeCost, routeFeasible, servedCounts, type DayModel } from './dayplan-model';
import { appendable, cheapestInsertion, insertAt } from './dayplan-routes';
import { solveLinearAssignment } from './linear-assignment.solver';

export function constructFromChains(m: DayModel, chains: readonly (readonly number[])[]): number[][] {
  const k = vehicleClasses(m);
  const segments = chains.flatMap((chain) => splitChain(m, k, chain));
  const costs = new Float64Array(segments.length * m.nV);
  segments.forEach((segment, s) => {
    for (let v = 0; v < m.nV; v++) {
      costs[s * m.nV + v] = routeFeasible(m, v, segment) ? routeCost(m, v, segment) : Infinity;
    }
  });
  const { rowToCol } = solveLinearAssignment(costs, segments.length, m.nV);
  const routes: number[][] = Array.from({ length: m.nV }, () => []);
  segments.forEach((segment, s) => {
    const v = rowToCol[s] as number;
    if (v >= 0) routes[v] = [...segment];
  });
  settlePartialRequests(m, routes);
  insertUnserved(m, routes);
  return routes;
}

/** Cuts a chain where no vehicle class could go on: every segment is drivable by some class. */
function splitChain(m: DayModel, k: VehicleClasses, chain: readonly number[]): number[][] {
  const segments: number[][] = [];
  let current: number[] = [];
  let alive: number[] = [];
  for (const r of chain) {
    const first = current[0];
    const extended =
      first === undefined ? [] : alive.filter((c) => k.fits[c * m.nR + r] === 1 && classSpanFits(m, k, c, first, r));
    if (extended.length > 0) {
      current.push(r);
      alive = extended;
      continue;
    }
    if (current.length > 0) segments.push(current);
    alive = Array.from(k.fitting[r] as Int32Array).filter((c) => classSpanFits(m, k, c, r, r));
    current = alive.length > 0 ? [r] : [];
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** The trips in order, skipping any the vehicle cannot do after those kept. */
function rebuild(m: DayModel, v: number, trips: readonly number[]): number[] {
  const route: number[] = [];
  for (const r of trips) if (appendable(m, v, route, r)) route.push(r);
  return route;
}

/** Every request ends with all its vehicles or none. */
export function settlePartialRequests(m: DayModel, routes: number[][]): void {
  for (let attempt = 0; ; attempt++) {
    const served = servedCounts(m, routes);
    const partial: number[] = [];
    for (let r = 0; r < m.nR; r++) {
      if ((served[r] as number) > 0 && (served[r] as number) < (m.need[r] as number)) partial.push(r);
    }
    if (partial.length === 0) return;
    for (const r of partial) {
      const missing = (m.need[r] as number) - (servedCounts(m, routes)[r] as number);
      if (missing <= 0) continue;
      // Completing is tried for a few rounds; after that only removal, which must end.
      const completion = attempt < 8 ? cheapestInsertion(m, routes, r, missing) : null;
      if (completion) {
        for (const v of completion.vehicles) insertAt(m, routes[v] as number[], r);
      } else {
        removeRequest(m, routes, r);
      }
    }
  }
}

/** Takes r off every route; a route left broken by the gap drops what it can no longer do. */
function removeRequest(m: DayModel, routes: number[][], r: number): void {
  routes.forEach((route, v) => {
    if (route.includes(r)) routes[v] = rebuild(m, v, route.filter((x) => x !== r));
  });
}

/** Cheapest insertion of unserved requests, the most vehicles first, then by pickup time. */
export function insertUnserved(m: DayModel, routes: number[][]): boolean {
  const served = servedCounts(m, routes);
  const waiting: number[] = [];
  for (let r = 0; r < m.nR; r++) if (served[r] === 0) waiting.push(r);
  waiting.sort(
    (a, b) => (m.need[b] as number) - (m.need[a] as number) || (m.pickup[a] as number) - (m.pickup[b] as number),
  );
  let inserted = false;
  for (const r of waiting) {
    const need = m.need[r] as number;
    const best = cheapestInsertion(m, routes, r, need);
    if (best && best.delta < need * m.params.unservedPenalty) {
      for (const v of best.vehicles) insertAt(m, routes[v] as number[], r);
      inserted = true;
    }
  }
  return inserted;
}
