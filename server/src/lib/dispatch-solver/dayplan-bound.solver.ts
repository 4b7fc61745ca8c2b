/**
 * A proven lower bound for the day plan, by a linear assignment relaxation.
 *
 * Every vehicle-slot of a request is a node. In any feasible plan each served node has exactly one
 * predecessor — the start of its vehicle (cost: fixed cost + road metres start → pickup) or the end
 * of the previous trip on that vehicle (cost: road metres between them) — and every predecessor is
 * used at most once. An unserved node is matched to its own end (cost: the unserved penalty), which
 * also stops anything from following a trip that is not driven. So every feasible plan maps to an
 * assignment of equal cost, and the optimal assignment, solved exactly, is ≤ the optimal plan.
 *
 * An arc is offered whenever the plan rules do not exclude it outright, so the relaxation only
 * loosens: start → node needs a vehicle that fits the request and can do it as its only trip;
 * node a → node b needs b reachable after a in time and SOME vehicle that fits both, leaves its
 * start late enough for a and ends b within its shift and duty. Dropped: hours and fit along longer
 * chains, and all-or-nothing (a partly served request pays the penalty only for its missing slots).
 * Slots of one request overlap in time, so they never share a chain: vehicles stay distinct.
 */
import { solveSparseAssignment, type SparseAssignmentResult } from './sparse-assignment.solver';
import { vehicleClasses } from './dayplan-classes';
import { spanFits, type DayModel } from './dayplan-model';

export interface DayBoundOptions {
  /** Candidate predecessors per request in the first pricing round (default 150; rounds add the rest). */
  readonly initialArcsPerNode?: number;
  /** Rounds of pricing before settling for the dual bound (default 10). */
  readonly maxRounds?: number;
}

export interface DayBound {
  readonly lowerBound: number;
  /** Whether the bound is the relaxation's exact optimum (else the weaker dual bound, still proven). */
  readonly exact: boolean;
  /** Assignment solves it took. */
  readonly rounds: number;
  /** The relaxation's chains per vehicle (request indices in order); may break hours or fit. */
  readonly chains: number[][];
}

/**
 * Arc costs at request level. Candidates of request b are the vehicle starts (index v < nV) and
 * the requests it may follow (index nV + q); cost[b * span + index], Infinity when not an arc.
 * Vehicle-slot nodes: the slots of request r are slotStart[r] … slotStart[r + 1] − 1.
 */
interface Relaxation {
  readonly span: number;
  readonly cost: Float64Array;
  readonly nodes: number;
  readonly slotStart: Int32Array;
  readonly slotRequest: Int32Array;
}

function buildRelaxation(m: DayModel): Relaxation {
  const slotStart = new Int32Array(m.nR + 1);
  for (let r = 0; r < m.nR; r++) slotStart[r + 1] = (slotStart[r] as number) + (m.need[r] as number);
  const nodes = slotStart[m.nR] as number;
  const slotRequest = new Int32Array(nodes);
  for (let r = 0; r < m.nR; r++) slotRequest.fill(r, slotStart[r] as number, slotStart[r + 1] as number);
  const span = m.nV + m.nR;
  const cost = new Float64Array(m.nR * span).fill(Infinity);
  const arcOk = chainableArcs(m);
  for (let b = 0; b < m.nR; b++) {
    const row = b * span;
    for (let v = 0; v < m.nV; v++) {
      if (m.fits[v * m.nR + b] === 1 && spanFits(m, v, b, b)) {
        cost[row + v] = m.params.fixedCostPerVehicle + (m.startMetres[v * m.nR + b] as number);
      }
    }
    for (let q = 0; q < m.nR; q++) {
      if (arcOk[q * m.nR + b] === 1) cost[row + m.nV + q] = m.linkMetres[q * m.nR + b] as number;
    }
  }
  return { span, cost, nodes, slotStart, slotRequest };
}

/**
 * Solved by pricing: start from each node's cheapest arcs, solve exactly, then look for left-out
 * arcs with negative reduced cost under the optimal duals; add them and solve again until there
 * are none, when LP duality proves the subset's optimum optimal over all arcs. If the rounds run
 * out first, the bound is the dual objective Σu + Σv with each u lowered to be feasible over ALL
 * arcs: still a valid bound, only weaker.
 */
export function dayPlanLowerBound(m: DayModel, options: DayBoundOptions = {}): DayBound {
  const x = buildRelaxation(m);
  const chosen = new Uint8Array(m.nR * x.span);
  const initial = options.initialArcsPerNode ?? 150;
  const keys = new Float64Array(x.span);
  for (let b = 0; b < m.nR; b++) {
    const row = b * x.span;
    let lowest = Infinity;
    for (let index = 0; index < x.span; index++) lowest = Math.min(lowest, x.cost[row + index] as number);
    let count = 0;
    for (let index = 0; index < x.span; index++) {
      const c = x.cost[row + index] as number;
      if (c < Infinity) keys[count++] = (c - lowest) * x.span + index;
    }
    // The `initial` cheapest candidates (ties broken by index, keys are distinct).
    const threshold = count <= initial ? Infinity : kthSmallest(keys, count, initial - 1);
    for (let k = 0; k < count; k++) {
      const key = keys[k] as number;
      if (key <= threshold) chosen[row + (key % x.span)] = 1;
    }
  }

  const maxRounds = options.maxRounds ?? 10;
  let result = solveChosen(m, x, chosen);
  let exact = false;
  let rounds = 1;
  for (;;) {
    if (priceOut(m, x, result, chosen) === 0) {
      exact = true;
      break;
    }
    if (rounds >= maxRounds) break;
    result = solveChosen(m, x, chosen);
    rounds++;
  }
  const lowerBound = exact ? result.cost : dualBound(m, x, result);

  const { colToRow } = result;
  const chains = Array.from({ length: m.nV }, (_, v) => {
    const chain: number[] = [];
    let slot = colToRow[v] as number;
    while (slot >= 0) {
      chain.push(x.slotRequest[slot] as number);
      const next = colToRow[m.nV + slot] as number;
      slot = next === slot ? -1 : next;
    }
    return chain;
  });
  return { lowerBound, exact, rounds, chains };
}

/** Rows: nodes. Columns: vehicle starts, then node ends. A node matched to its own end is unserved. */
function solveChosen(m: DayModel, x: Relaxation, chosen: Uint8Array): SparseAssignmentResult {
  const slotsOf = (index: number): number => (index < m.nV ? 1 : (m.need[index - m.nV] as number));
  let arcs = 0;
  for (let b = 0; b < m.nR; b++) {
    let perRow = 1;
    for (let index = 0; index < x.span; index++) if (chosen[b * x.span + index] === 1) perRow += slotsOf(index);
    arcs += perRow * (m.need[b] as number);
  }
  const rowStart = new Int32Array(x.nodes + 1);
  const colIndex = new Int32Array(arcs);
  const cost = new Float64Array(arcs);
  let k = 0;
  for (let b = 0; b < m.nR; b++) {
    for (let i = x.slotStart[b] as number; i < (x.slotStart[b + 1] as number); i++) {
      for (let index = 0; index < x.span; index++) {
        if (chosen[b * x.span + index] !== 1) continue;
        const c = x.cost[b * x.span + index] as number;
        if (index < m.nV) {
          colIndex[k] = index;
          cost[k++] = c;
          continue;
        }
        const q = index - m.nV;
        for (let slot = x.slotStart[q] as number; slot < (x.slotStart[q + 1] as number); slot++) {
          colIndex[k] = m.nV + slot;
          cost[k++] = c;
        }
      }
      colIndex[k] = m.nV + i;
      cost[k++] = m.params.unservedPenalty;
      rowStart[i + 1] = k;
    }
  }
  return solveSparseAssignment({ rows: x.nodes, cols: m.nV + x.nodes, rowStart, colIndex, cost });
}

/** Per candidate index, the largest column dual among its columns (least reduced cost). */
function candidateDuals(m: DayModel, x: Relaxation, result: SparseAssignmentResult): Float64Array {
  const best = new Float64Array(x.span).fill(-Infinity);
  for (let v = 0; v < m.nV; v++) best[v] = result.colDual[v] as number;
  for (let i = 0; i < x.nodes; i++) {
    const index = m.nV + (x.slotRequest[i] as number);
    best[index] = Math.max(best[index] as number, result.colDual[m.nV + i] as number);
  }
  return best;
}

/** Marks every left-out candidate with negative reduced cost for some node; returns how many. */
function priceOut(m: DayModel, x: Relaxation, result: SparseAssignmentResult, chosen: Uint8Array): number {
  const dual = candidateDuals(m, x, result);
  let added = 0;
  for (let b = 0; b < m.nR; b++) {
    let u = -Infinity;
    for (let i = x.slotStart[b] as number; i < (x.slotStart[b + 1] as number); i++) {
      u = Math.max(u, result.rowDual[i] as number);
    }
    const row = b * x.span;
    for (let index = 0; index < x.span; index++) {
      if (chosen[row + index] === 1) continue;
      if ((x.cost[row + index] as number) - u - (dual[index] as number) < 0) {
        chosen[row + index] = 1;
        added++;
      }
    }
  }
  return added;
}

/** Σu + Σv after lowering each u to min over ALL its arcs of (cost − v): LP dual feasible. */
function dualBound(m: DayModel, x: Relaxation, result: SparseAssignmentResult): number {
  const dual = candidateDuals(m, x, result);
  let bound = 0;
  for (let i = 0; i < x.nodes; i++) {
    const row = (x.slotRequest[i] as number) * x.span;
    let u = Math.min(result.rowDual[i] as number, m.params.unservedPenalty - (result.colDual[m.nV + i] as number));
    for (let index = 0; index < x.span; index++) {
      u = Math.min(u, (x.cost[row + index] as number) - (dual[index] as number));
    }
    bound += u;
  }
  for (const v of result.colDual) bound += v;
  return bound;
}

/** The k-th smallest (0-based) of keys[0 … count), reordering them (Hoare's selection). */
function kthSmallest(keys: Float64Array, count: number, k: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const pivot = keys[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((keys[i] as number) < pivot) i++;
      while ((keys[j] as number) > pivot) j--;
      if (i <= j) {
        const t = keys[i] as number;
        keys[i++] = keys[j] as number;
        keys[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return keys[k] as number;
  }
  return keys[k] as number;
}

/** nR × nR: b may directly follow a on some vehicle (one class fits both and spans a … b). */
function chainableArcs(m: DayModel): Uint8Array {
  const k = vehicleClasses(m);
  const arcOk = new Uint8Array(m.nR * m.nR);
  for (let a = 0; a < m.nR; a++) {
    const classes = k.fitting[a] as Int32Array;
    for (let b = 0; b < m.nR; b++) {
      if (m.linkOk[a * m.nR + b] !== 1) continue;
      const finish = m.end[b] as number;
      for (let t = 0; t < classes.length; t++) {
        const c = classes[t] as number;
        if (k.fits[c * m.nR + b] !== 1 || finish > (k.shiftEnd[c] as number)) continue;
        const departure = k.latestDeparture[c * m.nR + a] as number;
        if (departure >= (k.shiftStart[c] as number) && finish - departure <= (k.maxDuty[c] as number)) {
          arcOk[a * m.nR + b] = 1;
          break;
        }
      }
    }
  }
  return arcOk;
}
