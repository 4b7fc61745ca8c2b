/**
 * Columns of the set-partitioning master: one column is one route of one vehicle (its requests in
 * pickup order), priced by the project's own rules (`routeFeasible`, `routeCost` of
 * dayplan-model.ts). The pool keeps every column generated so far, once; the master LP mirrors it
 * in the same order. Also: the duals of the master and a column's reduced cost under them, and the
 * conversion between plans (by ids) and columns (by indices).
 */
import { routeCost, routeFeasible, type DayModel } from '../dayplan-model';
import { toDayPlan } from '../dayplan.solver';
import type { DayPlan } from '../dayplan.types';

export interface Column {
  readonly v: number;
  readonly route: readonly number[];
  /** Fixed cost per vehicle + deadhead road metres. */
  readonly cost: number;
}

/**
 * Duals of the master: `pi[r]` of request r's row (Σ routes with r + need·u_r = need), `mu[v]` ≤ 0
 * of vehicle v's row (Σ routes of v ≤ 1).
 */
export interface Duals {
  readonly pi: Float64Array;
  readonly mu: Float64Array;
}

export function reducedCost(column: Column, duals: Duals): number {
  let rc = column.cost - (duals.mu[column.v] as number);
  for (const r of column.route) rc -= duals.pi[r] as number;
  return rc;
}

export class ColumnPool {
  readonly columns: Column[] = [];
  private readonly index = new Map<string, number>();

  constructor(readonly model: DayModel) {}

  get size(): number {
    return this.columns.length;
  }

  has(v: number, route: readonly number[]): boolean {
    return this.index.has(key(v, route));
  }

  /** Index of the route in the pool, or −1. */
  indexOf(v: number, route: readonly number[]): number {
    return this.index.get(key(v, route)) ?? -1;
  }

  /** Adds the route; returns its index, or −1 if the pool has it. Throws if it breaks a rule. */
  add(v: number, route: readonly number[]): number {
    const k = key(v, route);
    if (this.index.has(k)) return -1;
    if (!routeFeasible(this.model, v, route)) throw new Error(`route breaks the rules: vehicle ${v}, requests ${route.join(',')}`);
    this.index.set(k, this.columns.length);
    this.columns.push({ v, route: [...route], cost: routeCost(this.model, v, route) });
    return this.columns.length - 1;
  }

  /**
   * A starting pool: the routes of a plan, and for each request its single-trip routes on the
   * need + 2 vehicles that reach it most cheaply (so the first LP has a choice beyond "unserved").
   */
  seed(plan: DayPlan): void {
    const m = this.model;
    for (const { v, route } of routesOfPlan(m, plan)) this.add(v, route);
    for (let r = 0; r < m.nR; r++) {
      const options: { v: number; cost: number }[] = [];
      for (let v = 0; v < m.nV; v++) if (routeFeasible(m, v, [r])) options.push({ v, cost: routeCost(m, v, [r]) });
      options.sort((a, b) => a.cost - b.cost);
      for (const { v } of options.slice(0, (m.need[r] as number) + 2)) this.add(v, [r]);
    }
  }
}

function key(v: number, route: readonly number[]): string {
  return `${v}:${route.join(',')}`;
}

/** A plan's routes by vehicle and request indices. */
export function routesOfPlan(m: DayModel, plan: DayPlan): { v: number; route: number[] }[] {
  const vehicleIndex = new Map(m.vehicles.map((vehicle, i) => [vehicle.id, i]));
  const requestIndex = new Map(m.requests.map((request, i) => [request.id, i]));
  return plan.routes.map((route) => ({
    v: vehicleIndex.get(route.vehicleId) as number,
    route: route.requestIds.map((id) => requestIndex.get(id) as number),
  }));
}

/** The plan made of the given columns (one per vehicle at most); a request not fully served is unserved. */
export function planOfColumns(m: DayModel, columns: readonly Column[]): DayPlan {
  const routes: number[][] = Array.from({ length: m.nV }, () => []);
  for (const { v, route } of columns) routes[v] = [...route];
  return toDayPlan(m, routes);
}
