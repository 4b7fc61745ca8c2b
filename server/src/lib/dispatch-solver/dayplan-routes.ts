/**
 * Editing routes while keeping them feasible: the cost change of inserting or removing one trip,
 * computed from its neighbours only (routes are kept in pickup order, so the position is fixed).
 */
import { spanFits, type DayModel } from './dayplan-model';

/** Where r would go in the route: before the first trip picking up later. */
export function positionFor(m: DayModel, route: readonly number[], r: number): number {
  const t = m.pickup[r] as number;
  let p = route.length;
  while (p > 0 && (m.pickup[route[p - 1] as number] as number) > t) p--;
  return p;
}

function link(m: DayModel, a: number, b: number): number {
  return m.linkMetres[a * m.nR + b] as number;
}

function start(m: DayModel, v: number, r: number): number {
  return m.startMetres[v * m.nR + r] as number;
}

/** Cost change of inserting r into v's route at `p`, or Infinity if the route would break a rule. */
export function insertionDelta(m: DayModel, v: number, route: readonly number[], r: number, p: number): number {
  if (m.fits[v * m.nR + r] !== 1) return Infinity;
  const n = route.length;
  const prev = p > 0 ? (route[p - 1] as number) : -1;
  const next = p < n ? (route[p] as number) : -1;
  if (prev >= 0 && m.linkOk[prev * m.nR + r] !== 1) return Infinity;
  if (next >= 0 && m.linkOk[r * m.nR + next] !== 1) return Infinity;
  const first = p === 0 ? r : (route[0] as number);
  const last = next >= 0 ? (route[n - 1] as number) : r;
  if (!spanFits(m, v, first, last)) return Infinity;
  if (n === 0) return m.params.fixedCostPerVehicle + start(m, v, r);
  if (prev < 0) return start(m, v, r) + link(m, r, next) - start(m, v, next);
  if (next < 0) return link(m, prev, r);
  return link(m, prev, r) + link(m, r, next) - link(m, prev, next);
}

/** Cost change of removing the trip at `p` (≤ 0 normally), or Infinity if the rest would break a rule. */
export function removalDelta(m: DayModel, v: number, route: readonly number[], p: number): number {
  const n = route.length;
  const r = route[p] as number;
  if (n === 1) return -(m.params.fixedCostPerVehicle + start(m, v, r));
  const prev = p > 0 ? (route[p - 1] as number) : -1;
  const next = p < n - 1 ? (route[p + 1] as number) : -1;
  if (prev >= 0 && next >= 0 && m.linkOk[prev * m.nR + next] !== 1) return Infinity;
  const first = p === 0 ? next : (route[0] as number);
  const last = p === n - 1 ? prev : (route[n - 1] as number);
  if (!spanFits(m, v, first, last)) return Infinity;
  if (prev < 0) return start(m, v, next) - start(m, v, r) - link(m, r, next);
  if (next < 0) return -link(m, prev, r);
  return link(m, prev, next) - link(m, prev, r) - link(m, r, next);
}

/** Can r be appended to v's route (the construction from relaxation chains). */
export function appendable(m: DayModel, v: number, route: readonly number[], r: number): boolean {
  const n = route.length;
  if (n > 0 && (m.pickup[route[n - 1] as number] as number) > (m.pickup[r] as number)) return false;
  return insertionDelta(m, v, route, r, n) < Infinity;
}

/**
 * The cheapest way to serve every slot of r: for each vehicle its best insertion, then the
 * vehicleSlots cheapest on distinct vehicles. Returns the vehicles and total delta, or null.
 */
export function cheapestInsertion(
  m: DayModel,
  routes: readonly (readonly number[])[],
  r: number,
  slots: number,
): { vehicles: number[]; delta: number } | null {
  const options: { v: number; delta: number }[] = [];
  for (let v = 0; v < m.nV; v++) {
    const route = routes[v] as readonly number[];
    const delta = insertionDelta(m, v, route, r, positionFor(m, route, r));
    if (delta < Infinity) options.push({ v, delta });
  }
  if (options.length < slots) return null;
  options.sort((a, b) => a.delta - b.delta || a.v - b.v);
  const picked = options.slice(0, slots);
  return { vehicles: picked.map((o) => o.v), delta: picked.reduce((s, o) => s + o.delta, 0) };
}

export function insertAt(m: DayModel, route: number[], r: number): void {
  route.splice(positionFor(m, route, r), 0, r);
}
