/**
 * The reference heuristic a dispatcher would apply by hand: take requests by pickup time (earliest
 * first) and give each of its vehicle-slots the nearest vehicle that is free and can still do it
 * (fits, reaches the pickup in time, ends within its driver's shift and duty). A request that
 * cannot get all its vehicles gets none (all or nothing).
 */
import { departureFor, type DayModel } from './dayplan-model';

/**
 * `opening` is added to the metres of a vehicle not used yet: 0 for the dispatcher's reference; the
 * quick plan's frugal start counts part of a vehicle's fixed cost, so a car already out takes the
 * next trip unless a fresh one is much nearer.
 */
export function greedyRoutes(m: DayModel, opening = 0): number[][] {
  const routes: number[][] = Array.from({ length: m.nV }, () => []);
  const order = Array.from({ length: m.nR }, (_, r) => r).sort(
    (a, b) => (m.pickup[a] as number) - (m.pickup[b] as number) || a - b,
  );
  const metres = new Float64Array(m.nV);
  for (const r of order) {
    const need = m.need[r] as number;
    let candidates = 0;
    for (let v = 0; v < m.nV; v++) {
      const route = routes[v] as number[];
      const d = appendMetres(m, route, v, r);
      metres[v] = d === null ? Infinity : d + (route.length === 0 ? opening : 0);
      if (d !== null) candidates++;
    }
    if (candidates < need) continue;
    // The `need` nearest, ties to the lower vehicle index.
    for (let k = 0; k < need; k++) {
      let best = -1;
      for (let v = 0; v < m.nV; v++) {
        const d = metres[v] as number;
        if (d < Infinity && (best < 0 || d < (metres[best] as number))) best = v;
      }
      (routes[best] as number[]).push(r);
      metres[best] = Infinity;
    }
  }
  return routes;
}

/** Deadhead metres to append r at the end of v's route, or null when v cannot take it. */
function appendMetres(m: DayModel, route: readonly number[], v: number, r: number): number | null {
  if (m.fits[v * m.nR + r] !== 1) return null;
  const finish = m.end[r] as number;
  if (finish > (m.shiftEnd[v] as number)) return null;
  if (route.length === 0) {
    const departure = departureFor(m, v, r);
    if (departure < (m.shiftStart[v] as number) || finish - departure > (m.maxDuty[v] as number)) return null;
    return m.startMetres[v * m.nR + r] as number;
  }
  const last = route[route.length - 1] as number;
  if (m.linkOk[last * m.nR + r] !== 1) return null;
  if (finish - departureFor(m, v, route[0] as number) > (m.maxDuty[v] as number)) return null;
  return m.linkMetres[last * m.nR + r] as number;
}
