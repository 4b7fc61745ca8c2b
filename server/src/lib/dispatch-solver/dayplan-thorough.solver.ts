/**
 * The thorough day plan: minutes instead of a second, for the next day's plan. It adds to the
 * quick plan (planDay) the set-partitioning LP over every route of every vehicle (dayplan-lp/):
 *  1. the quick plan, its search run to its fixed point if a tenth of the time limit allows;
 *  2. column generation with exact pricing from the quick plan's routes, until it converges (the
 *     LP bound is then proven: no route of negative reduced cost is left) or 60 % of the time
 *     limit is spent (the best Lagrangian bound met is still a proven bound);
 *  3. a plan by price-and-dive over the LP until 95 % of the limit, polished by the quick plan's
 *     local search (which never makes a plan worse);
 *  4. in the time left, a MIP over every route generated, started from the best plan so far and
 *     polished the same way.
 * The result is the cheapest of these plans and the quick plan (so never worse than the quick
 * plan, hence than greedy), with the better of the two bounds. HiGHS (WebAssembly) is loaded once
 * per process. Apart from where a time limit cuts a phase short, the result depends on the
 * instance alone.
 */
import loadHighs, { type Highs } from 'highs';
import { solveMasterLp } from './dayplan-lp/column-generation';
import { ColumnPool, routesOfPlan } from './dayplan-lp/columns';
import { priceAndDive } from './dayplan-lp/dive';
import { MasterLp } from './dayplan-lp/master';
import { PricingOracle } from './dayplan-lp/pricing';
import { buildDayModel, planFeasible, planTotal, routeFeasible, servedCounts, type DayModel } from './dayplan-model';
import { improveRoutes } from './dayplan-search.solver';
import { deadlineBudget } from './dayplan-budget';
import { planDay, toDayPlan } from './dayplan.solver';
import type { DayInstance, DayPlanResult } from './dayplan.types';

/** Default time limit of a whole call. */
const DEFAULT_TIME_LIMIT_MS = 180_000;
/**
 * Budget of the quick plan's search: a tenth of the time limit, at least the quick mode's own 900 ms
 * (so the plan is never worse than the quick mode's); the search usually stops earlier, at its
 * fixed point (~5 s on the 1,000 × 300 day).
 */
const QUICK_SHARE = 0.1;
const QUICK_MIN_MS = 900;
/** Column generation ends by this share of the time limit (counted from the start of the call). */
const LP_SHARE = 0.6;
/**
 * The dive prices new routes until this share of the time limit; the rest is for finishing the
 * plan. On the 1,000 × 300 day the dive needs all the time it gets, and the MIP over its ~60,000
 * routes finds nothing better in minutes; on small days the dive ends early and the MIP gets the rest.
 */
const DIVE_SHARE = 0.95;
/** The final MIP over the column pool runs only with at least this much time left. */
const MIN_MIP_SECONDS = 1;

/** Reported after every round of column generation and every step of the dive (none during the final MIP). */
export interface ThoroughDayPlanProgress {
  readonly phase: 'lp' | 'dive';
  /** LP value now: over the column pool (lp), or with the dive's fixings (dive). */
  readonly lpValue: number;
  /** Best proven lower bound so far. */
  readonly bound: number;
  /** Seconds since the call started. */
  readonly seconds: number;
}

export interface ThoroughDayPlanOptions {
  /**
   * Wall-clock limit of the whole call, ms (default 180,000). A phase may overrun it by one round or
   * step, and a MIP finish of the dive, if one is needed, gets at least 5 s.
   */
  readonly timeLimitMs?: number;
  readonly onProgress?: (progress: ThoroughDayPlanProgress) => void;
}

export interface ThoroughDayPlanResult extends DayPlanResult {
  /** Column generation converged: lowerBound is the LP bound over every route (lpBound). */
  readonly boundIsLp: boolean;
  /** The LP optimum over every route when boundIsLp, else null. */
  readonly lpBound: number | null;
}

let highsLoading: Promise<Highs> | null = null;

/** HiGHS, compiled once per process (a failed load is retried on the next call). */
function highs(): Promise<Highs> {
  if (highsLoading === null) {
    highsLoading = loadHighs();
    highsLoading.catch(() => {
      highsLoading = null;
    });
  }
  return highsLoading;
}

export async function planDayThorough(
  instance: DayInstance,
  options: ThoroughDayPlanOptions = {},
): Promise<ThoroughDayPlanResult> {
  const started = performance.now();
  const limitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const seconds = (): number => (performance.now() - started) / 1000;
  const secondsLeftUntil = (share: number): number => Math.max(0, (share * limitMs) / 1000 - seconds());

  const quick = planDay(instance, { timeBudgetMs: Math.max(QUICK_MIN_MS, QUICK_SHARE * limitMs) });
  const m = buildDayModel(instance);
  // No requests: the empty plan costs nothing, which is the LP's value too (HiGHS rejects an empty model).
  if (m.nR === 0) return { ...quick, boundIsLp: true, lpBound: 0 };
  const solver = await highs();
  const pool = new ColumnPool(m);
  pool.seed(quick.plan);
  const pricing = new PricingOracle(m);
  let master: MasterLp | null = new MasterLp(solver, m, pool);
  const expired = (): boolean => seconds() * 1000 > limitMs;
  try {
    let bound = quick.lowerBound;
    const lp = solveMasterLp(master, pool, pricing, {
      timeLimitSeconds: secondsLeftUntil(LP_SHARE),
      onRound: (p) => options.onProgress?.({ phase: 'lp', lpValue: p.lpValue, bound: Math.max(bound, p.bound), seconds: seconds() }),
    });
    // The Lagrangian bound is valid for any duals; at convergence it meets the LP value.
    const boundIsLp = lp.converged && lp.bound >= lp.lpValue - 1e-6 * Math.max(1, Math.abs(lp.lpValue));
    bound = Math.max(bound, integralBound(m, lp.bound));

    const dive = priceAndDive(m, master, pool, pricing, {
      timeLimitSeconds: secondsLeftUntil(DIVE_SHARE),
      onStep: (p) => options.onProgress?.({ phase: 'dive', lpValue: p.lpValue, bound, seconds: seconds() }),
    });
    const dived = routesOf(m, dive.columns.map((j) => pool.columns[j]!));
    if (!dive.allOrNothing) dropPartlyServed(m, dived);
    // Every column keeps the rules (the pool checks them), one per vehicle at most, all-or-nothing now.
    if (!planFeasible(m, dived)) throw new Error('thorough day plan: the dive produced an infeasible plan');
    improveRoutes(m, dived, deadlineBudget(expired));
    let best: number[][] | null = planTotal(m, dived) < quick.plan.cost.total ? dived : null;

    // The best plan over the whole pool (the dive added the routes around its plan), as a MIP
    // started from the best plan so far; its plan is polished like the dive's.
    const incumbent = best ?? routesOf(m, routesOfPlan(m, quick.plan));
    if (secondsLeftUntil(1) >= MIN_MIP_SECONDS && planTotal(m, incumbent) > bound) {
      const start: number[] = [];
      incumbent.forEach((route, v) => {
        if (route.length === 0) return;
        pool.add(v, route);
        start.push(pool.indexOf(v, route));
      });
      master.dispose();
      master = null; // disposed: not again in finally, should the next line throw
      master = new MasterLp(solver, m, pool);
      const columns = master.solveIntegral(secondsLeftUntil(1), start);
      if (columns !== null) {
        const solved = routesOf(m, columns.map((j) => pool.columns[j]!));
        improveRoutes(m, solved, deadlineBudget(expired));
        if (planTotal(m, solved) < planTotal(m, incumbent)) best = solved;
      }
    }
    return {
      plan: best === null ? quick.plan : toDayPlan(m, best),
      lowerBound: bound,
      greedyCost: quick.greedyCost,
      source: best === null ? quick.source : 'lp',
      boundIsLp,
      lpBound: boundIsLp ? lp.lpValue : null,
    };
  } finally {
    master?.dispose();
  }
}

/** Routes by vehicle index (empty: vehicle unused) from one route per vehicle at most. */
function routesOf(m: DayModel, columns: readonly { v: number; route: readonly number[] }[]): number[][] {
  const routes: number[][] = Array.from({ length: m.nV }, () => []);
  for (const { v, route } of columns) routes[v] = [...route];
  return routes;
}

/**
 * A bound on plan costs from an LP bound: every plan costs a whole number when the fixed cost and
 * the penalty are whole numbers (metres are), so the bound rounds up, after allowing for round-off.
 */
function integralBound(m: DayModel, value: number): number {
  const slack = value - 1e-9 * Math.max(1, Math.abs(value));
  return Number.isInteger(m.params.fixedCostPerVehicle) && Number.isInteger(m.params.unservedPenalty) ? Math.ceil(slack) : slack;
}

/**
 * The dive left a delegation with part of its vehicles: its trips leave every route. A route that
 * breaks a rule without them (a link or the first departure) keeps only its trips before the first
 * one taken out; the trips cut off may leave further delegations partly served, so this repeats.
 */
function dropPartlyServed(m: DayModel, routes: number[][]): void {
  for (let changed = true; changed; ) {
    changed = false;
    const served = servedCounts(m, routes);
    const partly = (r: number): boolean => served[r] !== 0 && served[r] !== m.need[r];
    routes.forEach((route, v) => {
      const first = route.findIndex(partly);
      if (first < 0) return;
      const kept = route.filter((r) => !partly(r));
      routes[v] = routeFeasible(m, v, kept) ? kept : route.slice(0, first);
      changed = true;
    });
  }
}
