/**
 * From the relaxation's chains to a feasible plan: keep each chain's trips while its vehicle can
 * still do them, complete or drop requests left with only some of their vehicles (all or nothing),
 * then insert what is unserved at its cheapest place.
 */
import { servedCounts, type DayModel } from './dayplan-model';
import { appendable, cheapestInsertion, insertAt } from './dayplan-routes';

export function constructFromChains(m: DayModel, chains: readonly (readonly number[])[]): number[][] {
  const routes = chains.map((chain, v) => rebuild(m, v, chain));
  settlePartialRequests(m, routes);
  insertUnserved(m, routes);
  return routes;
}

/** The chain's trips in order, skipping any the vehicle cannot do after those kept. */
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
      // Completing is worth it when allowed; after many rounds only removal, which must end.
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
    if (!route.includes(r)) return;
    routes[v] = rebuild(m, v, route.filter((x) => x !== r));
  });
}

/** Cheapest insertion of unserved requests, the most vehicles first, then by pickup time. */
export function insertUnserved(m: DayModel, routes: number[][]): boolean {
  const served = servedCounts(m, routes);
  const waiting: number[] = [];
  for (let r = 0; r < m.nR; r++) if (served[r] === 0) waiting.push(r);
  waiting.sort((a, b) => (m.need[b] as number) - (m.need[a] as number) || (m.pickup[a] as number) - (m.pickup[b] as number));
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
