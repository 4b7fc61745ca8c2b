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
 * The DPs of a class share their work: taken from the latest deadline down, a trip whose best
 * route under the previous deadline ends by the current one keeps it (the route is still allowed
 * and a smaller set of routes holds nothing better), so only the other trips scan their links
 * again (~5× faster on the 1,000 × 300 day, the same values). Each class keeps only the links
 * between trips it fits.
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
  /**
   * Per fit class, the DP's data: its deadlines (trip end, slot) in decreasing order, the requests
   * it fits in decreasing pickup order (every successor of a trip comes before it), and the links
   * between those requests in CSR form, each list ascending by end(b).
   */
  private readonly dps: {
    deadlines: { deadline: number; slot: number }[];
    order: Int32Array;
    succStart: Int32Array;
    succTo: Int32Array;
    succMetres: Float64Array;
  }[];
  private readonly val: Float64Array;
  private readonly next: Int32Array;
  /** End of the last trip of the route val/next give from each request, in the slot last computed. */
  private readonly reach: Int32Array;

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

    this.reach = new Int32Array(nR);

    const byPickup = Int32Array.from({ length: nR }, (_, i) => i).sort((a, b) => (m.pickup[b] as number) - (m.pickup[a] as number));
    const links: number[][] = [];
    for (let a = 0; a < nR; a++) {
      const list: number[] = [];
      for (let b = 0; b < nR; b++) if (m.linkOk[a * nR + b] === 1) list.push(b);
      links.push(list.sort((x, y) => (m.end[x] as number) - (m.end[y] as number)));
    }
    this.dps = this.classFits.map((fits, k) => {
      const succStart = new Int32Array(nR + 1);
      const succTo: number[] = [];
      const succMetres: number[] = [];
      for (let a = 0; a < nR; a++) {
        if (fits[a] === 1) {
          for (const b of links[a]!) {
            if (fits[b] !== 1) continue;
            succTo.push(b);
            succMetres.push(m.linkMetres[a * nR + b] as number);
          }
        }
        succStart[a + 1] = succTo.length;
      }
      return {
        deadlines: [...this.slots[k]!].map(([e, slot]) => ({ deadline: this.ends[e] as number, slot })).reverse(),
        order: byPickup.filter((a) => fits[a] === 1),
        succStart,
        succTo: Int32Array.from(succTo),
        succMetres: Float64Array.from(succMetres),
      };
    });
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

  /**
   * The DPs of every class, its deadlines in decreasing order. A request whose best route under
   * the previous (later) deadline already ends by this one keeps that route: it is still allowed,
   * and nothing better is, so only the others are computed again.
   */
  private runDps(pi: Float64Array): void {
    const { nR, val, next, reach } = this;
    const end = this.m.end;
    for (const { deadlines, order, succStart, succTo, succMetres } of this.dps) {
      let previous = -1;
      for (const { deadline, slot } of deadlines) {
        const base = slot * nR;
        for (let i = 0; i < order.length; i++) {
          const a = order[i] as number;
          const endA = end[a] as number;
          if (endA > deadline) continue;
          if (previous >= 0 && (reach[a] as number) <= deadline) {
            val[base + a] = val[previous + a] as number;
            next[base + a] = next[previous + a] as number;
            continue;
          }
          let best = 0;
          let bestNext = -1;
          const stop = succStart[a + 1] as number;
          for (let s = succStart[a] as number; s < stop; s++) {
            const b = succTo[s] as number;
            if ((end[b] as number) > deadline) break;
            const c = (succMetres[s] as number) + (val[base + b] as number);
            if (c < best) {
              best = c;
              bestNext = b;
            }
          }
          val[base + a] = best - (pi[a] as number);
          next[base + a] = bestNext;
          reach[a] = bestNext < 0 ? endA : (reach[bestNext] as number);
        }
        previous = base;
      }
    }
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
