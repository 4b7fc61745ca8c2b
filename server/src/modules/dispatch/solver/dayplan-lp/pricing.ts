/**
 * Exact pricing for the day plan master, and the Lagrangian bound it yields.
 *
 * A column of vehicle v is a route f = r1 → r2 → … → rk. Under duals (π, μ) its reduced cost is
 *   rc = fixed + start(v, r1) + Σ link(ri, ri+1) − Σ π(ri) − μ(v).
 * Given the first trip f, the rules left for the rest of the route are: every trip fits v, each link
 * is possible in time (`linkOk`), and the last trip ends by the deadline
 *   D(v, f) = min(shift end, departure(v, f) + max duty).
 * Trip ends only grow along a route, so "ends by D" holds for every trip. The rest is therefore a
 * shortest path in the DAG of links restricted to the trips that fit v and end by D, which a
 * backward DP over trips in decreasing pickup order solves exactly:
 *   val(a) = −π(a) + min(0, min over successors b ending by D of link(a, b) + val(b)).
 * Vehicles alike in which requests they fit share one fit class, and D is rounded down to the
 * nearest trip end (same trips allowed), so one DP per (fit class, deadline) prices every vehicle:
 * min rc(v) = min over first trips f of fixed + start(v, f) + val_{class(v), D(v,f)}(f) − μ(v).
 * Nothing is left out, so the minimum is exact: no column with negative reduced cost exists when
 * it is ≥ 0 for every vehicle.
 *
 * Lagrangian bound: for any π and μ ≤ 0, keeping "at most one route per vehicle" and u ∈ [0, 1]
 * and relaxing the rest,
 *   L(π, μ) = Σ_r need_r·π_r + Σ_r need_r·min(0, penalty − π_r) + Σ_v μ_v + Σ_v min(0, min rc(v))
 * is a lower bound on the master LP, hence on every plan. At the LP's optimal duals, with no
 * negative column left, it equals the LP value: that equality is the proof of convergence.
 */
import { departureFor, type DayModel } from '../dayplan-model';
import type { Duals } from './columns';

export interface PricedRoute {
  readonly v: number;
  readonly route: number[];
  readonly reducedCost: number;
}

export interface PricingResult {
  /** Per vehicle, the least reduced cost over all its routes (+∞ if it can do no trip). */
  readonly minReducedCost: Float64Array;
  /** Per vehicle, up to `perVehicle` routes of negative reduced cost, the most negative first. */
  readonly routes: PricedRoute[];
}

export class PricingOracle {
  private readonly nR: number;
  private readonly classOf: Int32Array;
  private readonly classFits: Uint8Array[];
  /** Distinct trip ends, ascending: a deadline is an index into them. */
  private readonly ends: number[];
  /** Per vehicle, its possible first trips: request, deadline index, fixed + start metres. */
  private readonly firsts: { r: Int32Array; deadline: Int32Array; cost: Float64Array }[] = [];
  /** Per fit class, DP slot of each deadline index used by some vehicle of the class. */
  private readonly slots: Map<number, number>[];
  /** Requests in decreasing pickup order (every successor of a trip comes before it). */
  private readonly order: Int32Array;
  /** Links a → b in CSR form, each list ascending by end(b). */
  private readonly succStart: Int32Array;
  private readonly succTo: Int32Array;
  private readonly succEnd: Int32Array;
  private readonly succMetres: Float64Array;
  private readonly val: Float64Array;
  private readonly next: Int32Array;

  constructor(private readonly m: DayModel) {
    const { nR, nV } = m;
    this.nR = nR;
    const classKeys = new Map<string, number>();
    this.classOf = new Int32Array(nV);
    this.classFits = [];
    for (let v = 0; v < nV; v++) {
      const fits = m.fits.subarray(v * nR, (v + 1) * nR);
      const key = Buffer.from(fits).toString('base64');
      let k = classKeys.get(key);
      if (k === undefined) {
        k = this.classFits.length;
        classKeys.set(key, k);
        this.classFits.push(Uint8Array.from(fits));
      }
      this.classOf[v] = k;
    }
    this.ends = [...new Set(m.end)].sort((a, b) => a - b);

    const deadlinesUsed = this.classFits.map(() => new Set<number>());
    for (let v = 0; v < nV; v++) {
      const rs: number[] = [];
      const deadlines: number[] = [];
      const costs: number[] = [];
      for (let r = 0; r < nR; r++) {
        if (m.fits[v * nR + r] !== 1) continue;
        const departure = departureFor(m, v, r);
        if (departure < (m.shiftStart[v] as number)) continue;
        const deadline = Math.min(m.shiftEnd[v] as number, departure + (m.maxDuty[v] as number));
        if ((m.end[r] as number) > deadline) continue;
        const e = this.lastEndBy(deadline);
        rs.push(r);
        deadlines.push(e);
        costs.push(m.params.fixedCostPerVehicle + (m.startMetres[v * nR + r] as number));
        deadlinesUsed[this.classOf[v] as number]!.add(e);
      }
      this.firsts.push({ r: Int32Array.from(rs), deadline: Int32Array.from(deadlines), cost: Float64Array.from(costs) });
    }
    let nSlots = 0;
    this.slots = deadlinesUsed.map((used) => new Map([...used].sort((a, b) => a - b).map((e) => [e, nSlots++])));
    this.val = new Float64Array(nSlots * nR);
    this.next = new Int32Array(nSlots * nR);

    this.order = Int32Array.from({ length: nR }, (_, i) => i).sort((a, b) => (m.pickup[b] as number) - (m.pickup[a] as number));
    const lists: number[][] = [];
    for (let a = 0; a < nR; a++) {
      const list: number[] = [];
      for (let b = 0; b < nR; b++) if (m.linkOk[a * nR + b] === 1) list.push(b);
      lists.push(list.sort((x, y) => (m.end[x] as number) - (m.end[y] as number)));
    }
    this.succStart = new Int32Array(nR + 1);
    for (let a = 0; a < nR; a++) this.succStart[a + 1] = (this.succStart[a] as number) + lists[a]!.length;
    const nArcs = this.succStart[nR] as number;
    this.succTo = new Int32Array(nArcs);
    this.succEnd = new Int32Array(nArcs);
    this.succMetres = new Float64Array(nArcs);
    for (let a = 0, s = 0; a < nR; a++) {
      for (const b of lists[a]!) {
        this.succTo[s] = b;
        this.succEnd[s] = m.end[b] as number;
        this.succMetres[s] = m.linkMetres[a * nR + b] as number;
        s++;
      }
    }
  }

  /**
   * Prices every vehicle under the duals. A request or vehicle may be excluded by a dual of −∞
   * (the dive does so for full requests and used vehicles): no route then takes it.
   */
  price(duals: Duals, perVehicle: number): PricingResult {
    this.runDps(duals.pi);
    const { nV } = this.m;
    const minReducedCost = new Float64Array(nV);
    const routes: PricedRoute[] = [];
    for (let v = 0; v < nV; v++) {
      const first = this.firsts[v]!;
      const slots = this.slots[this.classOf[v] as number]!;
      const mu = duals.mu[v] as number;
      let min = Infinity;
      const negative: { f: number; slot: number; rc: number }[] = [];
      for (let i = 0; i < first.r.length; i++) {
        const f = first.r[i] as number;
        const slot = slots.get(first.deadline[i] as number) as number;
        const rc = (first.cost[i] as number) + (this.val[slot * this.nR + f] as number) - mu;
        if (rc < min) min = rc;
        if (rc < -1e-6) negative.push({ f, slot, rc });
      }
      minReducedCost[v] = min;
      negative.sort((a, b) => a.rc - b.rc);
      for (const { f, slot, rc } of negative.slice(0, perVehicle)) routes.push({ v, route: this.routeFrom(slot, f), reducedCost: rc });
    }
    return { minReducedCost, routes };
  }

  /** L(π, μ) of the header, from the per-vehicle minima of a pricing at the same duals. */
  lagrangianBound(duals: Duals, minReducedCost: Float64Array): number {
    const { m } = this;
    let bound = 0;
    for (let r = 0; r < m.nR; r++) {
      const need = m.need[r] as number;
      const pi = duals.pi[r] as number;
      bound += need * pi + need * Math.min(0, m.params.unservedPenalty - pi);
    }
    for (let v = 0; v < m.nV; v++) bound += (duals.mu[v] as number) + Math.min(0, minReducedCost[v] as number);
    return bound;
  }

  private runDps(pi: Float64Array): void {
    const { nR, order, succStart, succTo, succEnd, succMetres, val, next } = this;
    const end = this.m.end;
    this.classFits.forEach((fits, k) => {
      for (const [e, slot] of this.slots[k]!) {
        const deadline = this.ends[e] as number;
        const base = slot * nR;
        for (let i = 0; i < nR; i++) {
          const a = order[i] as number;
          if (fits[a] !== 1 || (end[a] as number) > deadline) continue;
          let best = 0;
          let bestNext = -1;
          const stop = succStart[a + 1] as number;
          for (let s = succStart[a] as number; s < stop; s++) {
            if ((succEnd[s] as number) > deadline) break;
            const b = succTo[s] as number;
            if (fits[b] !== 1) continue;
            const c = (succMetres[s] as number) + (val[base + b] as number);
            if (c < best) {
              best = c;
              bestNext = b;
            }
          }
          val[base + a] = best - (pi[a] as number);
          next[base + a] = bestNext;
        }
      }
    });
  }

  private routeFrom(slot: number, first: number): number[] {
    const route = [first];
    for (let a = this.next[slot * this.nR + first] as number; a >= 0; a = this.next[slot * this.nR + a] as number) route.push(a);
    return route;
  }

  /** Index of the last trip end ≤ t (−1 if none). */
  private lastEndBy(t: number): number {
    let lo = 0;
    let hi = this.ends.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ends[mid] as number) <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
