/**
 * Local search on feasible routes until no move improves or the time budget is spent. Moves, each
 * kept feasible and all-or-nothing (a move shifts single vehicle-slots between vehicles):
 *  - relocate: one trip to another vehicle;
 *  - tail exchange (2-opt*): vehicles a and b swap everything after a cut point, which also merges
 *    two routes into one (saving a vehicle) or hands a whole route to another vehicle;
 *  - empty a route: all its trips to their cheapest other vehicles, when that beats its cost;
 *  - insert: a request still unserved, at its cheapest vehicles, or by bumping trips in its way
 *    to other vehicles (dayplan-ejection.ts);
 *  - recombine: at a time cut, every head re-matched to every tail by one exact assignment
 *    (dayplan-recombine.ts).
 */
import { routeCost, spanFits, type DayModel } from './dayplan-model';
import { insertionDelta, positionFor, removalDelta } from './dayplan-routes';
import { insertUnserved } from './dayplan-construct';
import { ejectionPass } from './dayplan-ejection';
import { recombinePass, recombineState } from './dayplan-recombine-pass';
import type { SearchBudget } from './dayplan-budget';

/** Improves `routes` in place until no move improves or the budget is spent. */
export function improveRoutes(m: DayModel, routes: number[][], budget: SearchBudget): void {
  const recombination = recombineState(m);

  for (let improved = true; improved && !budget.expired(); ) {
    // Serving one more vehicle-slot saves the unserved penalty, far more than any other move.
    improved = insertUnserved(m, routes);
    budget.spend(m.nR * m.nV);
    improved = ejectionPass(m, routes, budget) || improved;
    improved = relocatePass(m, routes, budget) || improved;
    improved = tailExchangePass(m, routes, budget) || improved;
    improved = emptyRoutePass(m, routes, budget) || improved;
    // Every route recombined at once in a time window, windows coarse to fine over the day; a
    // window that found nothing waits until what it sees changes.
    improved = recombinePass(m, routes, budget, recombination) || improved;
  }
}

function relocatePass(m: DayModel, routes: number[][], budget: SearchBudget): boolean {
  let improved = false;
  for (let a = 0; a < m.nV; a++) {
    if (budget.expired()) break;
    const from = routes[a] as number[];
    budget.spend((from.length + 1) * m.nV);
    for (let p = 0; p < from.length; p++) {
      const removal = removalDelta(m, a, from, p);
      if (removal === Infinity) continue;
      const r = from[p] as number;
      let best = -removal;
      let target = -1;
      for (let b = 0; b < m.nV; b++) {
        if (b === a) continue;
        const to = routes[b] as number[];
        const insertion = insertionDelta(m, b, to, r, positionFor(m, to, r));
        if (insertion < best) {
          best = insertion;
          target = b;
        }
      }
      if (target < 0) continue;
      from.splice(p, 1);
      const to = routes[target] as number[];
      to.splice(positionFor(m, to, r), 0, r);
      improved = true;
      p--;
    }
  }
  return improved;
}

/** A route with the link metres of its first k trips (pre[k]), for O(1) costs of heads and tails. */
interface Side {
  readonly v: number;
  readonly route: readonly number[];
  readonly pre: Float64Array;
}

function side(m: DayModel, v: number, route: readonly number[]): Side {
  const pre = new Float64Array(route.length + 1);
  for (let k = 2; k <= route.length; k++) {
    const link = m.linkMetres[(route[k - 2] as number) * m.nR + (route[k - 1] as number)] as number;
    pre[k] = (pre[k - 1] as number) + link;
  }
  return { v, route, pre };
}

/** Smallest k such that every trip from k on fits vehicle v. */
function fitsFrom(m: DayModel, route: readonly number[], v: number): number {
  let k = route.length;
  while (k > 0 && m.fits[v * m.nR + (route[k - 1] as number)] === 1) k--;
  return k;
}

/** Cost of head(x, i) + tail(y, j) driven by x.v, or Infinity if infeasible. */
function joinedCost(m: DayModel, x: Side, i: number, y: Side, j: number): number {
  const headEmpty = i === 0;
  const tailEmpty = j === y.route.length;
  if (headEmpty && tailEmpty) return 0;
  const first = headEmpty ? (y.route[j] as number) : (x.route[0] as number);
  const last = tailEmpty ? (x.route[i - 1] as number) : (y.route[y.route.length - 1] as number);
  let cost = m.params.fixedCostPerVehicle + (m.startMetres[x.v * m.nR + first] as number) + (x.pre[i] as number);
  if (!tailEmpty) {
    cost += (y.pre[y.route.length] as number) - (y.pre[j + 1] as number);
    if (!headEmpty) {
      const a = x.route[i - 1] as number;
      const b = y.route[j] as number;
      if (m.linkOk[a * m.nR + b] !== 1) return Infinity;
      cost += m.linkMetres[a * m.nR + b] as number;
    }
  }
  return spanFits(m, x.v, first, last) ? cost : Infinity;
}

function tailExchangePass(m: DayModel, routes: number[][], budget: SearchBudget): boolean {
  let improved = false;
  const sides = routes.map((route, v) => side(m, v, route));
  for (let a = 0; a < m.nV; a++) {
    if (budget.expired()) break;
    for (let b = a + 1; b < m.nV; b++) {
      const sa = sides[a] as Side;
      const sb = sides[b] as Side;
      const A = sa.route;
      const B = sb.route;
      if (A.length === 0 && B.length === 0) continue;
      const before = joinedCost(m, sa, A.length, sb, B.length) + joinedCost(m, sb, B.length, sa, A.length);
      const aFrom = fitsFrom(m, A, b);
      const bFrom = fitsFrom(m, B, a);
      budget.spend(1 + (A.length - aFrom + 1) * (B.length - bFrom + 1));
      let best = 0;
      let cutA = -1;
      let cutB = -1;
      for (let i = aFrom; i <= A.length; i++) {
        for (let j = bFrom; j <= B.length; j++) {
          if (i === A.length && j === B.length) continue;
          const costA = joinedCost(m, sa, i, sb, j);
          if (costA === Infinity) continue;
          const delta = costA + joinedCost(m, sb, j, sa, i) - before;
          if (delta < best) {
            best = delta;
            cutA = i;
            cutB = j;
          }
        }
      }
      if (cutA < 0) continue;
      routes[a] = [...A.slice(0, cutA), ...B.slice(cutB)];
      routes[b] = [...B.slice(0, cutB), ...A.slice(cutA)];
      sides[a] = side(m, a, routes[a] as number[]);
      sides[b] = side(m, b, routes[b] as number[]);
      improved = true;
    }
  }
  return improved;
}

/** Empties a vehicle when its trips fit elsewhere for less than the vehicle costs; shortest routes first. */
function emptyRoutePass(m: DayModel, routes: number[][], budget: SearchBudget): boolean {
  let improved = false;
  const order = routes.map((route, v) => ({ v, n: route.length })).filter((x) => x.n > 0);
  order.sort((x, y) => x.n - y.n || x.v - y.v);
  for (const { v } of order) {
    if (budget.expired()) break;
    const trips = routes[v] as number[];
    if (trips.length === 0) continue;
    budget.spend(trips.length * m.nV);
    let delta = -routeCost(m, v, trips);
    const touched = new Map<number, number[]>();
    for (const r of trips) {
      let best = Infinity;
      let home = -1;
      for (let w = 0; w < m.nV; w++) {
        if (w === v) continue;
        const target = touched.get(w) ?? (routes[w] as number[]);
        const d = insertionDelta(m, w, target, r, positionFor(m, target, r));
        if (d < best) {
          best = d;
          home = w;
        }
      }
      delta += best;
      if (home < 0 || delta >= 0) break;
      const target = [...(touched.get(home) ?? (routes[home] as number[]))];
      target.splice(positionFor(m, target, r), 0, r);
      touched.set(home, target);
    }
    if (delta >= 0) continue;
    routes[v] = [];
    for (const [w, target] of touched) routes[w] = target;
    improved = true;
  }
  return improved;
}
