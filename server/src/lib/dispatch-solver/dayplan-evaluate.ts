/**
 * Checks a plan given by ids against an instance (e.g. after a dispatcher edited it) and prices it
 * with the same rules the solver uses.
 */
import { buildDayModel, planTotal, routeFeasible, servedCounts } from './dayplan-model';
import type { DayInstance, DayPlan } from './dayplan.types';

export interface DayPlanEvaluation {
  readonly feasible: boolean;
  /** Human-readable reasons, empty when feasible. */
  readonly violations: readonly string[];
  /** Cost by the model's objective (meaningful when feasible). */
  readonly cost: number;
}

export function evaluateDayPlan(instance: DayInstance, plan: DayPlan): DayPlanEvaluation {
  const m = buildDayModel(instance);
  const vehicleIndex = new Map(instance.vehicles.map((v, i) => [v.id, i]));
  const requestIndex = new Map(instance.requests.map((r, i) => [r.id, i]));
  const violations: string[] = [];
  const routes: number[][] = Array.from({ length: m.nV }, () => []);
  for (const route of plan.routes) {
    const v = vehicleIndex.get(route.vehicleId);
    if (v === undefined) {
      violations.push(`unknown vehicle ${route.vehicleId}`);
      continue;
    }
    if ((routes[v] as number[]).length > 0) violations.push(`vehicle ${route.vehicleId} has two routes`);
    const trips: number[] = [];
    for (const id of route.requestIds) {
      const r = requestIndex.get(id);
      if (r === undefined) violations.push(`unknown request ${id}`);
      else trips.push(r);
    }
    routes[v] = trips;
    if (!routeFeasible(m, v, trips)) violations.push(`route of ${route.vehicleId} breaks fit, timing or hours`);
  }
  const served = servedCounts(m, routes);
  instance.requests.forEach((request, r) => {
    const n = served[r] as number;
    if (n !== 0 && n !== request.vehiclesNeeded) {
      violations.push(`request ${request.id} has ${n} of ${request.vehiclesNeeded} vehicles`);
    }
  });
  return { feasible: violations.length === 0, violations, cost: planTotal(m, routes) };
}
