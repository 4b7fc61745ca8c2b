/**
 * The day plan model (多车同派 and chaining trips over a working day).
 *
 * Given a day's requests and the vehicles with their drivers' hours, choose for each vehicle a
 * sequence of trips (rules in dayplan-model.ts) so that each request gets vehiclesNeeded distinct
 * vehicles or none, minimising
 *   Σ road metres of deadhead (start → first pickup, each destination → next pickup)
 *   + fixed cost × vehicles used + unserved penalty × unserved vehicle-slots.
 * planDay returns the plan, a proven lower bound (dayplan-bound.solver.ts) and the cost of the
 * greedy reference on the same instance; the plan is never worse than the greedy one. The local
 * search (dayplan-search.solver.ts) starts from a frugal greedy plan (a new car charged part of its
 * fixed cost), the greedy plan itself, or the relaxation's chains repaired (dayplan-construct.ts).
 */
import { dayPlanLowerBound, type DayBoundOptions } from './dayplan-bound.solver';
import { constructFromChains } from './dayplan-construct';
import { greedyRoutes } from './dayplan-greedy.solver';
import {
  buildDayModel,
  planFeasible,
  planTotal,
  routeDeadhead,
  servedCounts,
  departureFor,
  type DayModel,
} from './dayplan-model';
import { improveRoutes } from './dayplan-search.solver';
import { deadlineBudget, workBudget } from './dayplan-budget';
import type { DayInstance, DayPlan, DayPlanOptions, DayPlanResult, DayRoute } from './dayplan.types';

/**
 * Work units of the local search by default (dayplan-budget.ts): on the 1,000 × 300 benchmark day
 * the whole planDay call took about 0.9 s of CPU on the machine of session 6 and 2.1–2.3 s on that of
 * session 12 (both 2 cores, Node 20; the quick plan's target is ≤ 1 s); smaller days converge long before it.
 */
export const DEFAULT_SEARCH_WORK = 20_000_000;

export function planDay(instance: DayInstance, options: DayPlanOptions = {}): DayPlanResult {
  const clock = options.clock ?? (() => performance.now());
  const deadline = options.timeBudgetMs === undefined ? null : clock() + options.timeBudgetMs;
  const m = buildDayModel(instance);
  const greedy = greedyRoutes(m);
  const greedyCost = planTotal(m, greedy);
  const bound = dayPlanLowerBound(m);
  const routes = startRoutes(m, options.start ?? 'frugal', greedy, bound.chains);
  const budget = deadline === null
    ? workBudget(options.searchWork ?? DEFAULT_SEARCH_WORK)
    : deadlineBudget(throttled(() => clock() > deadline));
  improveRoutes(m, routes, budget);
  if (!planFeasible(m, routes)) throw new Error('day plan search produced an infeasible plan');
  const searchCost = planTotal(m, routes);
  const useSearch = searchCost < greedyCost;
  return {
    plan: toDayPlan(m, useSearch ? routes : greedy),
    lowerBound: bound.lowerBound,
    greedyCost,
    source: useSearch ? 'search' : 'greedy',
    searchWork: budget.used,
  };
}

/**
 * Share of a vehicle's fixed cost the frugal start adds for a car not used yet. Measured with the
 * default work budget on 1,000 × 300 days: the greedy start kept 249 cars on seed 2026 where the best
 * known plan uses 210, and the search could not take the fixed cost of those cars back; the frugal
 * start ended 1.5–8 % cheaper on seeds 2026, 31, 32, 33 (0.15–0.6 tried: 0.4 best on 2026; the
 * full fixed cost used the fewest cars but drove too far to them).
 */
const FRUGAL_OPENING_SHARE = 0.4;

/**
 * Where the local search starts. 'frugal' (default): the greedy order with a new car charged part of
 * its fixed cost; 'greedy': the dispatcher's reference plan; 'relaxation': the lower bound's chains
 * repaired (they break hours and fit too often to be a good start on large days).
 */
function startRoutes(m: DayModel, start: NonNullable<DayPlanOptions['start']>, greedy: number[][], chains: Parameters<typeof constructFromChains>[1]): number[][] {
  if (start === 'relaxation') return constructFromChains(m, chains);
  if (start === 'frugal') return greedyRoutes(m, FRUGAL_OPENING_SHARE * m.params.fixedCostPerVehicle);
  return greedy.map((r) => [...r]);
}

/**
 * Asks the budget's clock at most once per wall-clock millisecond: the search checks "time up?" in
 * its inner loops, and a CPU clock (process.cpuUsage) is a system call — asked every time, it took a
 * fifth of the budget. performance.now() is cheap enough to ask always.
 */
function throttled(expired: () => boolean): () => boolean {
  let checkedAt = -Infinity;
  let over = false;
  return () => {
    if (over) return true;
    const now = performance.now();
    if (now - checkedAt >= 1) {
      checkedAt = now;
      over = expired();
    }
    return over;
  };
}

/** The reference plan: earliest request first, nearest free vehicle that can do it. */
export function greedyDayPlan(instance: DayInstance): DayPlan {
  const m = buildDayModel(instance);
  return toDayPlan(m, greedyRoutes(m));
}

/** The proven lower bound alone; `exact` tells whether it is the relaxation's optimum. */
export function dayPlanBound(
  instance: DayInstance,
  options: DayBoundOptions = {},
): { lowerBound: number; exact: boolean } {
  const { lowerBound, exact } = dayPlanLowerBound(buildDayModel(instance), options);
  return { lowerBound, exact };
}

/** Routes by vehicle index (empty: vehicle unused) as a DayPlan by ids, priced by the model's rules. */
export function toDayPlan(m: DayModel, routes: readonly (readonly number[])[]): DayPlan {
  const out: DayRoute[] = [];
  let deadheadMetres = 0;
  routes.forEach((route, v) => {
    if (route.length === 0) return;
    const vehicle = m.vehicles[v];
    if (!vehicle) return;
    const metres = routeDeadhead(m, v, route);
    deadheadMetres += metres;
    const last = route[route.length - 1] as number;
    out.push({
      vehicleId: vehicle.id,
      driverId: vehicle.driver.id,
      requestIds: route.map((r) => (m.requests[r] as { id: string }).id),
      deadheadMetres: metres,
      dutyMin: (m.end[last] as number) - departureFor(m, v, route[0] as number),
    });
  });
  const served = servedCounts(m, routes);
  const unservedRequestIds: string[] = [];
  let unservedSlots = 0;
  m.requests.forEach((request, r) => {
    const missing = (m.need[r] as number) - (served[r] as number);
    if (missing > 0) unservedRequestIds.push(request.id);
    unservedSlots += missing;
  });
  return {
    routes: out,
    unservedRequestIds,
    cost: { total: planTotal(m, routes), deadheadMetres, vehiclesUsed: out.length, unservedSlots },
  };
}
