/**
 * Sweeps of recombination windows over the day (the window move itself: dayplan-recombine.ts):
 * which windows, in which order, and which to skip because nothing they depend on has changed.
 */
import { servedCounts, type DayModel } from './dayplan-model';
import { recombineWindow, recombineWorkspace, type RecombineWorkspace } from './dayplan-recombine';
import type { SearchBudget } from './dayplan-budget';

/** Window widths tried, minutes: the tails first, then stretches of the day short to long. */
const WIDTHS = [Infinity, 60, 120, 240, 90, 180, 360] as const;
/** Windows of the first pass start this many distinct pickup minutes apart. */
const COARSE = 6;

/**
 * What sweeps remember: buffers, the windows (coarse to fine, so a short budget still spreads over
 * the day), and for each window a fingerprint of what it saw when it last found nothing.
 */
export interface RecombineState {
  readonly workspace: RecombineWorkspace;
  readonly windows: readonly (readonly [number, number])[];
  readonly failedOn: Int32Array;
  readonly tried: Uint8Array;
}

export function recombineState(m: DayModel): RecombineState {
  const times = [...new Set(Array.from(m.pickup))].sort((a, b) => a - b);
  const windows: [number, number][] = [];
  for (let offset = 0; offset < COARSE; offset++) {
    for (const width of WIDTHS) {
      for (let k = offset; k < times.length; k += COARSE) {
        const t1 = times[k] as number;
        windows.push([t1, t1 + width]);
      }
    }
  }
  return {
    workspace: recombineWorkspace(m),
    windows,
    failedOn: new Int32Array(windows.length),
    tried: new Uint8Array(windows.length),
  };
}

/**
 * One sweep over the windows; true when some window improved the plan. A window is skipped while
 * what its matrix depends on is unchanged since it last found nothing: each route's trip before the
 * window, its trips in it, its trip after it, its first and last trip, and the unserved requests in it.
 */
export function recombinePass(
  m: DayModel,
  routes: number[][],
  budget: SearchBudget,
  state: RecombineState,
): boolean {
  let improved = false;
  const served = servedCounts(m, routes);
  for (let k = 0; k < state.windows.length; k++) {
    if (budget.expired()) break;
    const [t1, t2] = state.windows[k] as readonly [number, number];
    const print = fingerprint(m, routes, served, t1, t2);
    budget.spend(m.nV + m.nR);
    if (state.tried[k] === 1 && state.failedOn[k] === print) continue;
    const tried = recombineWindow(m, routes, t1, t2, state.workspace, served);
    budget.spend(tried.work);
    if (tried.improved) {
      improved = true;
      state.tried[k] = 0;
    } else {
      state.tried[k] = 1;
      state.failedOn[k] = print;
    }
  }
  return improved;
}

/** A 32-bit hash of everything window [t1, t2)'s matrix depends on. */
function fingerprint(m: DayModel, routes: readonly (readonly number[])[], served: Int32Array, t1: number, t2: number): number {
  let h = 0x811c9dc5;
  const mix = (x: number): void => {
    h = Math.imul(h ^ (x + 1), 0x01000193);
  };
  for (let v = 0; v < routes.length; v++) {
    const route = routes[v] as readonly number[];
    mix(-2 - v);
    if (route.length === 0) continue;
    mix(route[0] as number);
    mix(route[route.length - 1] as number);
    let k = 0;
    while (k < route.length && (m.pickup[route[k] as number] as number) < t1) k++;
    if (k > 0) mix(route[k - 1] as number);
    while (k < route.length && (m.pickup[route[k] as number] as number) < t2) mix(route[k++] as number);
    if (k < route.length) mix(route[k] as number);
  }
  for (let r = 0; r < m.nR; r++) {
    const t = m.pickup[r] as number;
    if (served[r] === 0 && t >= t1 && t < t2) mix(-100_000 - r);
  }
  return h;
}
