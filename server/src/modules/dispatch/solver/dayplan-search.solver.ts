/**
 * Local search on feasible routes until no move improves or the deadline passes. Moves, each kept
 * feasible and all-or-nothing (a move shifts single vehicle-slots between vehicles):
 *  - relocate: one trip to another vehicle;
 *  - tail exchange (2-opt*): vehicles a and b swap everything after a cut point, which also merges
 *    two routes into one (saving a vehicle) or hands a whole route to another vehicle;
 *  - insert: a request still unserved, at its cheapest vehicles, or by bumping trips in its way
 *    to other vehicles (dayplan-ejection.ts).
 */
import { spanFits, type DayModel } from './dayplan-model';
import { insertionDelta, positionFor, removalDelta } from './dayplan-routes';
import { insertUnserved } from './dayplan-construct';
import { ejectionPass } from './dayplan-ejection';

export function improveRoutes(m: DayModel, routes: number[][], deadline: number): void {
  for (let improved = true; improved && performance.now() < deadline; ) {
    improved = relocatePass(m, routes, deadline);
    improved = tailExchangePass(m, routes, deadline) || improved;
    improved = insertUnserved(m, routes) || improved;
    improved = ejectionPass(m, routes, deadline) || improved;
  }
}

function relocatePass(m: DayModel, routes: number[][], deadline: number): boolean {
  let improved = false;
  for (let a = 0; a < m.nV; a++) {
    if (performance.now() > deadline) break;
    const from = routes[a] as number[];
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

/** Road metres of the links inside a route: pre[k] covers its first k trips. */
function linkPrefix(m: DayModel, route: readonly number[]): Float64Array {
  const pre = new Float64Array(route.length + 1);
  for (let k = 2; k <= route.length; k++) {
    pre[k] = (pre[k - 1] as number) + (m.linkMetres[(route[k - 2] as number) * m.nR + (route[k - 1] as number)] as number);
  }
  return pre;
}

/** fit[k] = 1 when every trip from k on fits vehicle v. */
function fitSuffix(m: DayModel, route: readonly number[], v: number): Uint8Array {
  const fit = new Uint8Array(route.length + 1);
  fit[route.length] = 1;
  for (let k = route.length - 1; k >= 0; k--) {
    fit[k] = fit[k + 1] === 1 && m.fits[v * m.nR + (route[k] as number)] === 1 ? 1 : 0;
  }
  return fit;
}

interface Side {
  readonly v: number;
  readonly route: readonly number[];
  readonly pre: Float64Array;
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

function tailExchangePass(m: DayModel, routes: number[][], deadline: number): boolean {
  let improved = false;
  for (let a = 0; a < m.nV; a++) {
    if (performance.now() > deadline) break;
    for (let b = a + 1; b < m.nV; b++) {
      const A = routes[a] as number[];
      const B = routes[b] as number[];
      if (A.length === 0 && B.length === 0) continue;
      const sa: Side = { v: a, route: A, pre: linkPrefix(m, A) };
      const sb: Side = { v: b, route: B, pre: linkPrefix(m, B) };
      const before = joinedCost(m, sa, A.length, sb, B.length) + joinedCost(m, sb, B.length, sa, A.length);
      const bFitsA = fitSuffix(m, B, a);
      const aFitsB = fitSuffix(m, A, b);
      let best = 0;
      let cutA = -1;
      let cutB = -1;
      for (let i = 0; i <= A.length; i++) {
        if (aFitsB[i] !== 1) continue;
        for (let j = 0; j <= B.length; j++) {
          if (bFitsA[j] !== 1 || (i === A.length && j === B.length)) continue;
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
      improved = true;
    }
  }
  return improved;
}
