/**
 * Serving a request no vehicle can take as things stand: put it on a vehicle anyway, bump the trips
 * in its way — neighbours too close in time, then trips at the far end of the day while the shift
 * or duty limit is exceeded — and re-place each bumped trip at its cheapest other vehicle. Typical
 * case: a car of a special category was given trips any car could do, and the trip that needs that
 * category, early or late in the day, is left over.
 */
import { routeCost, servedCounts, spanFits, type DayModel } from './dayplan-model';
import { insertionDelta, positionFor } from './dayplan-routes';
import type { SearchBudget } from './dayplan-budget';

/** Bumping more trips than this for one placement is not tried. */
const MAX_BUMPED = 3;

interface Placement {
  readonly delta: number;
  readonly apply: () => void;
}

/** Route of v with r forced in, and the trips that had to leave; null if r cannot go on v at all. */
function forceIn(
  m: DayModel,
  v: number,
  route: readonly number[],
  r: number,
): { route: number[]; bumped: number[] } | null {
  if (m.fits[v * m.nR + r] !== 1 || !spanFits(m, v, r, r)) return null;
  const next = [...route];
  let p = positionFor(m, next, r);
  next.splice(p, 0, r);
  const bumped: number[] = [];
  const link = (a: number, b: number): boolean => m.linkOk[a * m.nR + b] === 1;
  while (p > 0 && !link(next[p - 1] as number, r)) {
    bumped.push(...next.splice(p - 1, 1));
    p--;
  }
  while (p < next.length - 1 && !link(r, next[p + 1] as number)) bumped.push(...next.splice(p + 1, 1));
  while (!spanFits(m, v, next[0] as number, next[next.length - 1] as number)) {
    // Shorten the day from the end away from r (r alone fits, so this ends).
    if (p < next.length - 1) bumped.push(...next.splice(next.length - 1, 1));
    else {
      bumped.push(...next.splice(0, 1));
      p--;
    }
  }
  return bumped.length > MAX_BUMPED ? null : { route: next, bumped };
}

/** The best way to put r on vehicle v, re-placing whatever it bumps on other vehicles. */
function placeOn(m: DayModel, routes: number[][], v: number, r: number, budget: SearchBudget): Placement | null {
  const route = routes[v] as number[];
  // Forcing r in copies and prices the route; each bumped trip is then priced on every vehicle.
  budget.spend(4 * (route.length + 1));
  const forced = forceIn(m, v, route, r);
  if (!forced) return null;
  let delta = routeCost(m, v, forced.route) - routeCost(m, v, route);
  // Re-place bumped trips one by one on a scratch copy of the other routes they touch.
  const touched = new Map<number, number[]>();
  const homes: number[] = [];
  budget.spend(forced.bumped.length * m.nV);
  for (const q of forced.bumped) {
    let best = Infinity;
    let home = -1;
    for (let w = 0; w < m.nV; w++) {
      if (w === v) continue;
      const target = touched.get(w) ?? (routes[w] as number[]);
      const d = insertionDelta(m, w, target, q, positionFor(m, target, q));
      if (d < best) {
        best = d;
        home = w;
      }
    }
    if (home < 0) return null;
    const target = [...(touched.get(home) ?? (routes[home] as number[]))];
    target.splice(positionFor(m, target, q), 0, q);
    touched.set(home, target);
    homes.push(home);
    delta += best;
  }
  return {
    delta,
    apply: () => {
      routes[v] = forced.route;
      for (const [w, target] of touched) routes[w] = target;
    },
  };
}

/** Tries every unserved request; keeps a placement when it beats the unserved penalty. */
export function ejectionPass(m: DayModel, routes: number[][], budget: SearchBudget): boolean {
  const served = servedCounts(m, routes);
  let improved = false;
  for (let r = 0; r < m.nR; r++) {
    if (served[r] !== 0 || budget.expired()) continue;
    const need = m.need[r] as number;
    const snapshot = routes.map((route) => route);
    let total = 0;
    let placed = 0;
    for (; placed < need; placed++) {
      let best: Placement | null = null;
      for (let v = 0; v < m.nV; v++) {
        if ((routes[v] as number[]).includes(r)) continue;
        const option = placeOn(m, routes, v, r, budget);
        if (option && (best === null || option.delta < best.delta)) best = option;
      }
      if (best === null) break;
      best.apply();
      total += best.delta;
    }
    if (placed === need && total < need * m.params.unservedPenalty) {
      improved = true;
      continue;
    }
    snapshot.forEach((route, v) => {
      routes[v] = route;
    });
  }
  return improved;
}
