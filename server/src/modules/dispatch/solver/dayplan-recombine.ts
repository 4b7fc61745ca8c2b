/**
 * Recombination at a time cut: every route is split at minute t into a head (trips picked up
 * before t) and a tail (trips from t on), and all heads are re-matched to all tails at once by an
 * exact linear assignment of tails to vehicles (a vehicle idle before t has an empty head; one given
 * no tail keeps its head alone). Pair cost = what the route head(v) + tail(w) driven by v costs
 * beyond head(v) alone, Infinity when it breaks a rule (fit of the tail's trips on v, the link in
 * time, shift and duty). The current plan is the identity matching, so the optimum never costs
 * more; when it costs less the routes are rebuilt from it.
 *
 * This generalises the two-route tail exchange (2-opt*) to every route at once. Whole tails move,
 * so each request keeps its number of vehicles, and slots of one request (same pickup, so all in
 * tails or all in heads) stay on distinct vehicles: all-or-nothing holds.
 */
import { departureFor, planTotal, type DayModel } from './dayplan-model';
import { solveSparseAssignment } from './sparse-assignment.solver';

/** Buffers reused across cuts (room for nV × nV arcs, and per-vehicle summaries). */
export interface RecombineWorkspace {
  /** The sparse matrix of one cut: rows are tails, columns vehicles (CSR). */
  readonly rowStart: Int32Array;
  readonly rowTail: Int32Array;
  readonly colIndex: Int32Array;
  readonly arcCost: Float64Array;
  readonly headLength: Int32Array;
  readonly headFirst: Int32Array;
  readonly headLast: Int32Array;
  readonly tailFirst: Int32Array;
  readonly tailLast: Int32Array;
  readonly tailMetres: Float64Array;
  /** Vehicles alike in fit (seats, category) share a fit group: a tail fits a whole group or not. */
  readonly fitGroup: Int32Array;
  readonly groups: number;
  /** A member of each fit group. */
  readonly groupMember: Int32Array;
  /** nV × groups: every trip of vehicle w's tail fits the group. */
  readonly tailFits: Uint8Array;
}

export function recombineWorkspace(m: DayModel): RecombineWorkspace {
  const n = m.nV;
  const groupOf = new Map<string, number>();
  const fitGroup = new Int32Array(n);
  const members: number[] = [];
  m.vehicles.forEach((vehicle, v) => {
    const key = `${vehicle.seats}|${vehicle.category}`;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = groupOf.size;
      groupOf.set(key, g);
      members.push(v);
    }
    fitGroup[v] = g;
  });
  return {
    rowStart: new Int32Array(n + 1),
    rowTail: new Int32Array(n),
    colIndex: new Int32Array(n * n),
    arcCost: new Float64Array(n * n),
    headLength: new Int32Array(n),
    headFirst: new Int32Array(n),
    headLast: new Int32Array(n),
    tailFirst: new Int32Array(n),
    tailLast: new Int32Array(n),
    tailMetres: new Float64Array(n),
    fitGroup,
    groups: groupOf.size,
    groupMember: Int32Array.from(members),
    tailFits: new Uint8Array(n * groupOf.size),
  };
}

/** Cuts of the first pass over the day are this many pickup minutes apart. */
const COARSE = 6;

/**
 * The distinct pickup minutes after the first: the cuts worth trying, coarse to fine (every
 * COARSE-th first, then those between), so a short budget still spreads its cuts over the day.
 */
export function cutTimes(m: DayModel): number[] {
  const times = [...new Set(Array.from(m.pickup))].sort((a, b) => a - b).slice(1);
  const order: number[] = [];
  for (let offset = 0; offset < COARSE; offset++) {
    for (let k = offset; k < times.length; k += COARSE) order.push(times[k] as number);
  }
  return order;
}

/**
 * One cut at minute t; true when the routes were improved (rebuilt in place).
 *
 * Solved sparse: rows are the non-empty tails (each must go somewhere), columns the vehicles; the
 * cost of tail u on vehicle v is what v's route costs with the tail minus what its head costs
 * alone, and a vehicle given no tail keeps its head alone. Only rule-keeping pairs are arcs; tail u
 * on its own vehicle always is one, so every tail has a place.
 */
export function recombineAt(m: DayModel, routes: number[][], t: number, w: RecombineWorkspace): boolean {
  summarise(m, routes, t, w);
  const n = m.nV;
  let rows = 0;
  let arcs = 0;
  let current = 0;
  w.rowStart[0] = 0;
  for (let u = 0; u < n; u++) {
    if ((w.tailFirst[u] as number) < 0) continue;
    w.rowTail[rows] = u;
    for (let v = 0; v < n; v++) {
      const delta = tailCost(m, w, v, u);
      if (delta === Infinity) continue;
      w.colIndex[arcs] = v;
      w.arcCost[arcs++] = delta;
      if (v === u) current += delta;
    }
    w.rowStart[++rows] = arcs;
  }
  if (rows === 0) return false;
  const { rowToCol, cost } = solveSparseAssignment({
    rows,
    cols: n,
    rowStart: w.rowStart.subarray(0, rows + 1),
    colIndex: w.colIndex.subarray(0, arcs),
    cost: w.arcCost.subarray(0, arcs),
  });
  if (cost >= current) return false;
  const heads = routes.map((route, v) => route.slice(0, w.headLength[v] as number));
  const tails = routes.map((route, v) => route.slice(w.headLength[v] as number));
  for (let v = 0; v < n; v++) routes[v] = heads[v] as number[];
  for (let row = 0; row < rows; row++) {
    const v = rowToCol[row] as number;
    routes[v] = [...(routes[v] as number[]), ...(tails[w.rowTail[row] as number] as number[])];
  }
  return true;
}

/** What a sweep remembers between calls: buffers, and the plan cost at which each cut last failed. */
export interface RecombineState {
  readonly workspace: RecombineWorkspace;
  readonly times: readonly number[];
  readonly failedAt: Float64Array;
}

export function recombineState(m: DayModel): RecombineState {
  const times = cutTimes(m);
  return { workspace: recombineWorkspace(m), times, failedAt: new Float64Array(times.length).fill(NaN) };
}

/**
 * One sweep of cuts over the day; true when some cut improved the plan. A cut that found nothing
 * is skipped until the plan changes (every move lowers the total, so an equal total is the same plan).
 */
export function recombinePass(m: DayModel, routes: number[][], expired: () => boolean, state: RecombineState): boolean {
  let improved = false;
  let total = planTotal(m, routes);
  state.times.forEach((t, k) => {
    if (expired() || state.failedAt[k] === total) return;
    if (recombineAt(m, routes, t, state.workspace)) {
      improved = true;
      total = planTotal(m, routes);
    } else {
      state.failedAt[k] = total;
    }
  });
  return improved;
}

function summarise(m: DayModel, routes: readonly (readonly number[])[], t: number, w: RecombineWorkspace): void {
  const nR = m.nR;
  w.tailFits.fill(1);
  for (let v = 0; v < m.nV; v++) {
    const route = routes[v] as readonly number[];
    let k = 0;
    while (k < route.length && (m.pickup[route[k] as number] as number) < t) k++;
    w.headLength[v] = k;
    w.headFirst[v] = k > 0 ? (route[0] as number) : -1;
    w.headLast[v] = k > 0 ? (route[k - 1] as number) : -1;
    w.tailFirst[v] = k < route.length ? (route[k] as number) : -1;
    w.tailLast[v] = k < route.length ? (route[route.length - 1] as number) : -1;
    let metres = 0;
    for (let i = k + 1; i < route.length; i++) {
      metres += m.linkMetres[(route[i - 1] as number) * nR + (route[i] as number)] as number;
    }
    w.tailMetres[v] = metres;
    if (k === route.length) continue;
    // The tail fits a group when each of its trips fits the group's vehicles (any member decides).
    for (let g = 0; g < w.groups; g++) {
      const member = w.groupMember[g] as number;
      for (let i = k; i < route.length; i++) {
        if (m.fits[member * nR + (route[i] as number)] !== 1) {
          w.tailFits[v * w.groups + g] = 0;
          break;
        }
      }
    }
  }
}

/**
 * What giving the non-empty tail of u to v adds to v's head alone: the link and the tail's own
 * links, or for a vehicle idle before the cut its fixed cost and the way to the tail's first
 * pickup too; Infinity when a rule breaks.
 */
function tailCost(m: DayModel, w: RecombineWorkspace, v: number, u: number): number {
  const headLength = w.headLength[v] as number;
  const tailFirst = w.tailFirst[u] as number;
  if (w.tailFits[u * w.groups + (w.fitGroup[v] as number)] !== 1) return Infinity;
  const first = headLength > 0 ? (w.headFirst[v] as number) : tailFirst;
  const departure = departureFor(m, v, first);
  const finish = m.end[w.tailLast[u] as number] as number;
  if (
    departure < (m.shiftStart[v] as number) ||
    finish > (m.shiftEnd[v] as number) ||
    finish - departure > (m.maxDuty[v] as number)
  ) {
    return Infinity;
  }
  if (headLength === 0) {
    return m.params.fixedCostPerVehicle + (m.startMetres[v * m.nR + tailFirst] as number) + (w.tailMetres[u] as number);
  }
  const link = (w.headLast[v] as number) * m.nR + tailFirst;
  if (m.linkOk[link] !== 1) return Infinity;
  return (m.linkMetres[link] as number) + (w.tailMetres[u] as number);
}
