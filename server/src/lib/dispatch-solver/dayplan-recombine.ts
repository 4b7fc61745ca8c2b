/**
 * Recombination in a time window [t1, t2): every route is split into a head (trips picked up
 * before t1), a middle (t1 ≤ pickup < t2) and a tail (from t2 on); each vehicle keeps its head and
 * tail, and the middles are re-matched to the vehicles at once by one exact linear assignment.
 * With t2 = Infinity the middles are the tails: 2-opt* over every vehicle at once. With a finite
 * window a vehicle swaps a stretch of its day and keeps its morning and evening, so an early and a
 * late driver exchange work without breaking their hours, which tail exchanges cannot do.
 * Requests nobody serves whose pickup falls in the window join as optional one-trip middles: a
 * vehicle may take one in exchange for its middle if that middle finds another vehicle.
 *
 * Pair cost: what v's route with middle u costs minus what v's route without a middle costs (head
 * and tail joined), or Infinity when a rule breaks (fit of the middle's trips, links in time, shift
 * and duty). Head and tail metres cancel, so a pair costs its two joins, the middle's own links,
 * and for an idle vehicle its fixed cost and the way from its start. A vehicle whose head and tail
 * cannot join without a middle must get one: keeping no middle is priced FORCED, so every optimum
 * gives it one (the current plan does, so one exists). Each middle keeps its K cheapest vehicles
 * and its own; the current plan is one of the matchings, so the result never costs more. Middles
 * move whole, so a request's slots (same pickup, so in middles together) stay on distinct
 * vehicles and all-or-nothing holds.
 */
import { departureFor, spanFits, type DayModel } from './dayplan-model';
import { solveSparseAssignment } from './sparse-assignment.solver';

const FORCED = 1e9;
/** Vehicles each middle keeps besides its own: the cheapest; the rest are rarely in an optimum. */
const ARCS_PER_MIDDLE = 32;

export interface RecombineWorkspace {
  readonly rowStart: Int32Array;
  readonly rowOf: Int32Array;
  readonly colIndex: Int32Array;
  readonly arcCost: Float64Array;
  readonly headEnd: Int32Array;
  readonly tailStart: Int32Array;
  readonly headFirst: Int32Array;
  readonly headLast: Int32Array;
  readonly headMetres: Float64Array;
  readonly midFirst: Int32Array;
  readonly midLast: Int32Array;
  readonly midMetres: Float64Array;
  readonly tailFirst: Int32Array;
  readonly tailLast: Int32Array;
  readonly tailMetres: Float64Array;
  /** Cost of v's head and tail joined without a middle (FORCED when they cannot be). */
  readonly bareCost: Float64Array;
  readonly fitGroup: Int32Array;
  readonly groups: number;
  readonly groupMember: Int32Array;
  /** Vehicles by fit group: group g's are groupVehicles[groupStart[g] … groupStart[g + 1]). */
  readonly groupStart: Int32Array;
  readonly groupVehicles: Int32Array;
  /** (nV + nR) × groups: every trip of middle u fits the group. */
  readonly midFits: Uint8Array;
  /** Per vehicle in the window: departure and cost of its head (start, fixed cost, links), finish of its tail. */
  readonly headDeparture: Int32Array;
  readonly headPart: Float64Array;
  readonly tailFinish: Int32Array;
  /** Transposed: linkOkT[b * nR + a] = linkOk[a * nR + b], and start metres/minutes by request then vehicle. */
  readonly linkOkT: Uint8Array;
  readonly linkMetresT: Int32Array;
  readonly startMetresT: Int32Array;
  readonly startMinutesT: Int32Array;
  /** Scratch for one middle's candidate vehicles. */
  readonly candidateCol: Int32Array;
  readonly candidateCost: Float64Array;
}

export function recombineWorkspace(m: DayModel): RecombineWorkspace {
  const n = m.nV;
  const rowsMax = m.nV + m.nR;
  const groupOf = new Map<string, number>();
  const fitGroup = new Int32Array(n);
  const members: number[] = [];
  m.vehicles.forEach((vehicle, v) => {
    // A vehicle with bookings outside the plan fits trips of its own (dayplan-model.ts): a group alone.
    const key = `${vehicle.seats}|${vehicle.category}${(m.blocks[v] as readonly unknown[]).length > 0 ? `|v${v}` : ''}`;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = groupOf.size;
      groupOf.set(key, g);
      members.push(v);
    }
    fitGroup[v] = g;
  });
  const arcsMax = rowsMax * (ARCS_PER_MIDDLE + 2);
  return {
    rowStart: new Int32Array(rowsMax + 1),
    rowOf: new Int32Array(rowsMax),
    colIndex: new Int32Array(arcsMax),
    arcCost: new Float64Array(arcsMax),
    headEnd: new Int32Array(n),
    tailStart: new Int32Array(n),
    headFirst: new Int32Array(n),
    headLast: new Int32Array(n),
    headMetres: new Float64Array(n),
    midFirst: new Int32Array(rowsMax),
    midLast: new Int32Array(rowsMax),
    midMetres: new Float64Array(rowsMax),
    tailFirst: new Int32Array(n),
    tailLast: new Int32Array(n),
    tailMetres: new Float64Array(n),
    bareCost: new Float64Array(n),
    fitGroup,
    groups: groupOf.size,
    groupMember: Int32Array.from(members),
    ...byGroup(fitGroup, groupOf.size),
    midFits: new Uint8Array(rowsMax * groupOf.size),
    headDeparture: new Int32Array(n),
    headPart: new Float64Array(n),
    tailFinish: new Int32Array(n),
    ...transposed(m),
    candidateCol: new Int32Array(n),
    candidateCost: new Float64Array(n),
  };
}

function transposed(m: DayModel): Pick<RecombineWorkspace, 'linkOkT' | 'linkMetresT' | 'startMetresT' | 'startMinutesT'> {
  const { nR, nV } = m;
  return {
    linkOkT: transpose(m.linkOk, nR, nR, new Uint8Array(nR * nR)),
    linkMetresT: transpose(m.linkMetres, nR, nR, new Int32Array(nR * nR)),
    startMetresT: transpose(m.startMetres, nV, nR, new Int32Array(nR * nV)),
    startMinutesT: transpose(m.startMinutes, nV, nR, new Int32Array(nR * nV)),
  };
}

/** Writes the rows × cols matrix `from` transposed into `to` (cols × rows) and returns it. */
function transpose<T extends Uint8Array | Int32Array>(from: T, rows: number, cols: number, to: T): T {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) to[j * rows + i] = from[i * cols + j] as number;
  }
  return to;
}

function byGroup(fitGroup: Int32Array, groups: number): { groupStart: Int32Array; groupVehicles: Int32Array } {
  const groupStart = new Int32Array(groups + 1);
  for (const g of fitGroup) groupStart[g + 1] = (groupStart[g + 1] as number) + 1;
  for (let g = 0; g < groups; g++) groupStart[g + 1] = (groupStart[g + 1] as number) + (groupStart[g] as number);
  const next = groupStart.slice(0, groups);
  const groupVehicles = new Int32Array(fitGroup.length);
  fitGroup.forEach((g, v) => {
    groupVehicles[next[g] as number] = v;
    next[g] = (next[g] as number) + 1;
  });
  return { groupStart, groupVehicles };
}

/**
 * Re-matches the middles of window [t1, t2) (t2 = Infinity: the tails); `improved` when the routes
 * were improved (rebuilt in place), `work` the steps it took (vehicles tried per middle, arcs the
 * assignment scanned: see dayplan-budget.ts). `served` counts vehicles per request, for the optional rows.
 */
export function recombineWindow(
  m: DayModel,
  routes: number[][],
  t1: number,
  t2: number,
  w: RecombineWorkspace,
  served: Int32Array,
): { improved: boolean; work: number } {
  const n = m.nV;
  const nothing = (rowsTried: number) => ({ improved: false, work: rowsTried * n });
  summarise(m, routes, t1, t2, w);
  // Optional rows: unserved one-vehicle requests picked up in the window, as middles of their own.
  const optional: number[] = [];
  for (let r = 0; r < m.nR; r++) {
    const t = m.pickup[r] as number;
    if (served[r] === 0 && m.need[r] === 1 && t >= t1 && t < t2) {
      optional.push(r);
      const u = n + r;
      w.midFirst[u] = r;
      w.midLast[u] = r;
      w.midMetres[u] = 0;
      for (let g = 0; g < w.groups; g++) {
        w.midFits[u * w.groups + g] = m.fits[(w.groupMember[g] as number) * m.nR + r] as number;
      }
    }
  }
  let rows = 0;
  let arcs = 0;
  let current = 0;
  w.rowStart[0] = 0;
  for (let u = 0; u < n; u++) {
    if ((w.midFirst[u] as number) < 0) continue;
    w.rowOf[rows] = u;
    arcs = cheapestArcs(m, w, u, u, arcs, 0);
    // The own arc comes last in the row; it is there whenever the current route keeps the rules.
    if (arcs === 0 || w.colIndex[arcs - 1] !== u) return nothing(rows + 1);
    current += w.arcCost[arcs - 1] as number;
    w.rowStart[++rows] = arcs;
  }
  const required = rows;
  if (required === 0 && optional.length === 0) return nothing(0);
  // An optional row may stay out: a private column at cost 0 (the penalty it already pays).
  for (const r of optional) {
    const u = n + r;
    w.rowOf[rows] = u;
    arcs = cheapestArcs(m, w, u, -1, arcs, -m.params.unservedPenalty);
    w.colIndex[arcs] = n + (rows - required);
    w.arcCost[arcs++] = 0;
    w.rowStart[++rows] = arcs;
  }
  const { rowToCol, cost, arcsScanned } = solveSparseAssignment({
    rows,
    cols: n + optional.length,
    rowStart: w.rowStart.subarray(0, rows + 1),
    colIndex: w.colIndex.subarray(0, arcs),
    cost: w.arcCost.subarray(0, arcs),
  });
  // Costs are whole metres; FORCED terms cancel between the two sums up to rounding.
  const work = rows * n + arcsScanned;
  if (cost >= current - 0.5) return { improved: false, work };
  const middles: number[][] = [];
  const old = routes.map((route) => route);
  for (let row = 0; row < rows; row++) {
    const u = w.rowOf[row] as number;
    middles.push(u < n ? (old[u] as number[]).slice(w.headEnd[u] as number, w.tailStart[u] as number) : [u - n]);
  }
  const next: number[][] = old.map((route, v) => [
    ...route.slice(0, w.headEnd[v] as number),
    ...route.slice(w.tailStart[v] as number),
  ]);
  const middleOf: (number[] | undefined)[] = new Array(n);
  for (let row = 0; row < rows; row++) {
    const v = rowToCol[row] as number;
    if (v < n) middleOf[v] = middles[row];
  }
  for (let v = 0; v < n; v++) {
    const mid = middleOf[v];
    const route = old[v] as number[];
    routes[v] = mid
      ? [...route.slice(0, w.headEnd[v] as number), ...mid, ...route.slice(w.tailStart[v] as number)]
      : (next[v] as number[]);
  }
  for (let row = required; row < rows; row++) {
    const v = rowToCol[row] as number;
    if (v < n) served[(w.rowOf[row] as number) - n] = 1;
  }
  return { improved: true, work };
}

/**
 * Writes middle u's arcs from `at`: its K cheapest vehicles, plus `own` (its vehicle, always kept
 * so the current plan stays a matching); costs shifted by `offset`. Returns the next free arc.
 * The pair cost is inlined, over vehicles of the fit groups the middle fits, reading the links
 * into u's first trip from transposed copies (one row per trip: no cache miss per vehicle).
 */
function cheapestArcs(m: DayModel, w: RecombineWorkspace, u: number, own: number, at: number, offset: number): number {
  const nR = m.nR;
  const nV = m.nV;
  const mf = w.midFirst[u] as number;
  const ml = w.midLast[u] as number;
  const midEnd = m.end[ml] as number;
  const midMetres = w.midMetres[u] as number;
  const mfPickup = m.pickup[mf] as number;
  const fixed = m.params.fixedCostPerVehicle;
  let kept = 0;
  let ownCost = Infinity;
  const cols = w.candidateCol;
  const costs = w.candidateCost;
  for (let g = 0; g < w.groups; g++) {
    if (w.midFits[u * w.groups + g] !== 1) continue;
    const groupEnd = w.groupStart[g + 1] as number;
    for (let i = w.groupStart[g] as number; i < groupEnd; i++) {
      const v = w.groupVehicles[i] as number;
      const hl = w.headLast[v] as number;
      const tf = w.tailFirst[v] as number;
      let departure: number;
      let cost: number;
      if (hl >= 0) {
        if (w.linkOkT[mf * nR + hl] !== 1) continue;
        departure = w.headDeparture[v] as number;
        cost = (w.headPart[v] as number) + (w.linkMetresT[mf * nR + hl] as number);
      } else {
        departure = mfPickup - (w.startMinutesT[mf * nV + v] as number);
        if (departure < (m.shiftStart[v] as number)) continue;
        cost = fixed + (w.startMetresT[mf * nV + v] as number);
      }
      const finish = tf >= 0 ? (w.tailFinish[v] as number) : midEnd;
      if (finish > (m.shiftEnd[v] as number) || finish - departure > (m.maxDuty[v] as number)) continue;
      if (tf >= 0) {
        if (m.linkOk[ml * nR + tf] !== 1) continue;
        cost += (m.linkMetres[ml * nR + tf] as number) + (w.tailMetres[v] as number);
      }
      const delta = cost + midMetres - (w.bareCost[v] as number);
      if (v === own) {
        ownCost = delta;
        continue;
      }
      if (kept === ARCS_PER_MIDDLE && delta >= (costs[kept - 1] as number)) continue;
      let k = kept === ARCS_PER_MIDDLE ? kept - 1 : kept++;
      while (k > 0 && (costs[k - 1] as number) > delta) {
        costs[k] = costs[k - 1] as number;
        cols[k] = cols[k - 1] as number;
        k--;
      }
      costs[k] = delta;
      cols[k] = v;
    }
  }
  let arcs = at;
  for (let k = 0; k < kept; k++) {
    w.colIndex[arcs] = cols[k] as number;
    w.arcCost[arcs++] = (costs[k] as number) + offset;
  }
  if (ownCost < Infinity) {
    w.colIndex[arcs] = own;
    w.arcCost[arcs++] = ownCost + offset;
  }
  return arcs;
}

function summarise(m: DayModel, routes: readonly (readonly number[])[], t1: number, t2: number, w: RecombineWorkspace): void {
  const nR = m.nR;
  const link = (a: number, b: number): number => m.linkMetres[a * nR + b] as number;
  for (let v = 0; v < m.nV; v++) {
    const route = routes[v] as readonly number[];
    let h = 0;
    while (h < route.length && (m.pickup[route[h] as number] as number) < t1) h++;
    let t = h;
    while (t < route.length && (m.pickup[route[t] as number] as number) < t2) t++;
    w.headEnd[v] = h;
    w.tailStart[v] = t;
    w.headFirst[v] = h > 0 ? (route[0] as number) : -1;
    w.headLast[v] = h > 0 ? (route[h - 1] as number) : -1;
    w.midFirst[v] = t > h ? (route[h] as number) : -1;
    w.midLast[v] = t > h ? (route[t - 1] as number) : -1;
    w.tailFirst[v] = t < route.length ? (route[t] as number) : -1;
    w.tailLast[v] = t < route.length ? (route[route.length - 1] as number) : -1;
    let metres = 0;
    for (let i = 1; i < h; i++) metres += link(route[i - 1] as number, route[i] as number);
    w.headMetres[v] = metres;
    metres = 0;
    for (let i = h + 1; i < t; i++) metres += link(route[i - 1] as number, route[i] as number);
    w.midMetres[v] = metres;
    metres = 0;
    for (let i = t + 1; i < route.length; i++) metres += link(route[i - 1] as number, route[i] as number);
    w.tailMetres[v] = metres;
    w.bareCost[v] = bare(m, w, v);
    w.headDeparture[v] = h > 0 ? departureFor(m, v, route[0] as number) : 0;
    w.headPart[v] =
      h > 0
        ? m.params.fixedCostPerVehicle + (m.startMetres[v * nR + (route[0] as number)] as number) + (w.headMetres[v] as number)
        : 0;
    w.tailFinish[v] = t < route.length ? (m.end[route[route.length - 1] as number] as number) : 0;
    if (t === h) continue;
    for (let g = 0; g < w.groups; g++) {
      const member = w.groupMember[g] as number;
      let fits = 1;
      for (let i = h; i < t; i++) {
        if (m.fits[member * nR + (route[i] as number)] !== 1) {
          fits = 0;
          break;
        }
      }
      w.midFits[v * w.groups + g] = fits;
    }
  }
}

/** v's head and tail without a middle: their cost, or FORCED when they cannot be joined. */
function bare(m: DayModel, w: RecombineWorkspace, v: number): number {
  const hf = w.headFirst[v] as number;
  const hl = w.headLast[v] as number;
  const tf = w.tailFirst[v] as number;
  const tl = w.tailLast[v] as number;
  if (hf < 0 && tf < 0) return 0;
  const first = hf >= 0 ? hf : tf;
  const last = tf >= 0 ? tl : hl;
  if (hf >= 0 && tf >= 0 && m.linkOk[hl * m.nR + tf] !== 1) return FORCED;
  if (!spanFits(m, v, first, last)) return FORCED;
  let cost = m.params.fixedCostPerVehicle + (m.startMetres[v * m.nR + first] as number);
  cost += (w.headMetres[v] as number) + (w.tailMetres[v] as number);
  if (hf >= 0 && tf >= 0) cost += m.linkMetres[hl * m.nR + tf] as number;
  return cost;
}
