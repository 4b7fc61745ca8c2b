/**
 * Exact solver for the rectangular linear assignment problem (LAP).
 *
 * Input: a rows×cols cost matrix, row-major in a Float64Array. A non-finite entry (Infinity, NaN)
 * marks a forbidden pair. Output: a matching of min(rows, cols) pairs that, first, uses as FEW
 * forbidden pairs as possible and, second, has the least total cost; forbidden pairs that the
 * matching cannot avoid are reported as unassigned (-1). This is what solving the same matrix with
 * forbidden entries replaced by one large finite cost `forbiddenCostFor(...)` gives, which is how a
 * baseline solver (munkres) can be fed the very same instance.
 *
 * Method: shortest augmenting paths with dual potentials (Jonker–Volgenant / Crouse 2016, the
 * algorithm behind scipy's linear_sum_assignment), O(n²·m) worst case with n = min(rows, cols),
 * preceded by a row reduction (each row to its cheapest free column) and two rounds of Jonker–
 * Volgenant augmenting row reduction, which settle most conflicts cheaply. The smaller side becomes
 * the rows (a transposed copy when rows > cols; otherwise the input is read in place).
 * Forbidden entries are left out of the search while every augmenting path can avoid them, which
 * gives the same paths as the large finite cost; only once a row finds no such path do they count
 * as that cost, the search going on from the same tree. A row with no allowed entry at all cannot
 * change the others' optimum and is left unassigned at once. Costs should be integers (the dispatch
 * costs are metres plus integer penalties) so optimal totals compare exactly; all arithmetic stays
 * far below 2^53.
 */

import { augmentingRowReduction } from './linear-assignment-reduction';

export interface LinearAssignmentResult {
  /** rowToCol[i]: the column matched to row i, or -1 when unassigned. */
  readonly rowToCol: Int32Array;
  /** colToRow[j]: the row matched to column j, or -1 when unassigned. */
  readonly colToRow: Int32Array;
  /** Sum of the (finite) costs of the assigned pairs. */
  readonly cost: number;
  /** Number of assigned pairs. */
  readonly assigned: number;
}

/**
 * The finite stand-in for forbidden entries: larger than any difference the finite entries can
 * make over min(rows, cols) pairs, so one more forbidden pair always costs more than any saving.
 */
export function forbiddenCostFor(costs: Float64Array, rows: number, cols: number): number {
  let maxAbs = 0;
  for (let k = 0; k < rows * cols; k++) {
    const c = costs[k] as number;
    if (Number.isFinite(c) && Math.abs(c) > maxAbs) maxAbs = Math.abs(c);
  }
  return bigFrom(maxAbs, Math.min(rows, cols));
}

function bigFrom(maxAbs: number, pairs: number): number {
  const big = (pairs + 1) * 2 * maxAbs + 1;
  if (big * (pairs + 1) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('costs too large for exact assignment arithmetic');
  }
  return big;
}

/**
 * One buffer for transposed copies, kept between calls: a fresh multi-megabyte array per solve costs
 * more (zeroing, page faults, garbage collection) than the transposition itself. The solver never
 * yields, so one call at a time uses it.
 */
let transposeScratch: Float64Array = new Float64Array(0);
function transposeBuffer(size: number): Float64Array {
  if (transposeScratch.length < size) transposeScratch = new Float64Array(size);
  return transposeScratch.length === size ? transposeScratch : transposeScratch.subarray(0, size);
}

/** out (cols × rows) = transpose of a (rows × cols), in tiles that stay in cache. */
function transposeInto(a: Float64Array, rows: number, cols: number, out: Float64Array): void {
  const T = 32;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = Math.min(rows, r0 + T);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = Math.min(cols, c0 + T);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) out[c * rows + r] = a[r * cols + c] as number;
      }
    }
  }
}

export function solveLinearAssignment(
  costs: Float64Array,
  rows: number,
  cols: number,
): LinearAssignmentResult {
  if (costs.length !== rows * cols) throw new RangeError('cost matrix size does not match rows×cols');
  const rowToCol = new Int32Array(rows).fill(-1);
  const colToRow = new Int32Array(cols).fill(-1);
  if (rows === 0 || cols === 0) return { rowToCol, colToRow, cost: 0, assigned: 0 };

  const transposed = rows > cols;
  const n = transposed ? cols : rows;
  const m = transposed ? rows : cols;
  // Read in place unless transposed; forbidden entries are never rewritten (see augmentAll).
  let work = costs;
  if (transposed) {
    work = transposeBuffer(n * m);
    transposeInto(costs, rows, cols, work);
  }
  const col4row = augmentAll(work, n, m);

  let cost = 0;
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const j = col4row[i] as number;
    if (j < 0) continue;
    const r = transposed ? j : i;
    const c = transposed ? i : j;
    const value = costs[r * cols + c] as number;
    if (!Number.isFinite(value)) continue;
    rowToCol[r] = c;
    colToRow[c] = r;
    cost += value;
    assigned++;
  }
  return { rowToCol, colToRow, cost, assigned };
}

/**
 * The finite cost forbidden entries take once a row cannot avoid them: large enough for the
 * lexicographic objective, and above every current row dual so the duals stay feasible.
 */
function forbiddenCap(a: Float64Array, n: number, u: Float64Array): number {
  let maxAbs = 0;
  for (let k = 0; k < a.length; k++) {
    const c = a[k] as number;
    if (c - c === 0 && Math.abs(c) > maxAbs) maxAbs = Math.abs(c);
  }
  let maxU = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(u[i] as number)) maxU = Math.max(maxU, u[i] as number);
  return bigFrom(maxAbs, n) + Math.ceil(maxU);
}

/**
 * Core for n ≤ m: returns col4row; -1 for a row with no allowed entry. Forbidden entries read as
 * `cap`: Infinity (left out) until a row finds no path without them, then the finite cost.
 */
function augmentAll(a: Float64Array, n: number, m: number): Int32Array {
  let cap = Infinity;
  const u = new Float64Array(n);
  const v = new Float64Array(m);
  const col4row = new Int32Array(n).fill(-1);
  const row4col = new Int32Array(m).fill(-1);
  const dead = new Uint8Array(n);

  // Row reduction: u = row minimum keeps reduced costs ≥ 0 with v = 0; a row whose cheapest column
  // is still free takes it (a tight edge). Augmenting row reduction then settles most conflicts,
  // so few rows need a full shortest-path search.
  for (let i = 0; i < n; i++) {
    const off = i * m;
    let best = Infinity;
    let arg = -1;
    for (let j = 0; j < m; j++) {
      const c = a[off + j] as number;
      if (c < best) {
        best = c;
        arg = j;
      }
    }
    if (arg < 0) {
      dead[i] = 1;
      continue;
    }
    u[i] = best;
    if (row4col[arg] === -1) {
      row4col[arg] = i;
      col4row[i] = arg;
    }
  }

  augmentingRowReduction(a, n, m, u, v, col4row, row4col, dead);

  const path = new Int32Array(m);
  const shortest = new Float64Array(m);
  const remaining = new Int32Array(m);
  const rowList = new Int32Array(n);
  const colList = new Int32Array(m);

  for (let start = 0; start < n; start++) {
    if (col4row[start] !== -1 || dead[start] === 1) continue;
    shortest.fill(Infinity);
    for (let k = 0; k < m; k++) remaining[k] = m - k - 1;
    let numRemaining = m;
    let rowCount = 0;
    let colCount = 0;
    let minVal = 0;
    let i = start;
    let sink = -1;
    while (sink === -1) {
      rowList[rowCount++] = i;
      const off = i * m;
      const base = minVal - (u[i] as number);
      let lowest = Infinity;
      let index = -1;
      for (let k = 0; k < numRemaining; k++) {
        const j = remaining[k] as number;
        const c = a[off + j] as number;
        // Forbidden entries (Infinity) read as the cap; while it is Infinity this is a no-op.
        const r = (c <= cap ? c : cap) - (v[j] as number) + base;
        let s = shortest[j] as number;
        if (r < s) {
          path[j] = i;
          shortest[j] = r;
          s = r;
        }
        // On ties prefer a free column: it ends the path now (matters for integer costs).
        if (s <= lowest && (s < lowest || row4col[j] === -1)) {
          lowest = s;
          index = k;
        }
      }
      if (lowest === Infinity) {
        // No path avoids forbidden entries: give them their finite cost and go on from the same
        // search tree; the distances found so far stay the shortest (forbidden arcs cost more).
        if (cap < Infinity) throw new Error('assignment search found no augmenting path');
        cap = forbiddenCap(a, n, u);
        for (let t = 0; t < rowCount; t++) {
          const r0 = rowList[t] as number;
          const base = t === 0 ? 0 : (shortest[col4row[r0] as number] as number);
          const off0 = r0 * m;
          const u0 = u[r0] as number;
          for (let k = 0; k < numRemaining; k++) {
            const j = remaining[k] as number;
            let c = a[off0 + j] as number;
            if (!(c <= cap)) c = cap;
            const d = base + c - u0 - (v[j] as number);
            if (d < (shortest[j] as number)) {
              shortest[j] = d;
              path[j] = r0;
            }
          }
        }
        for (let k = 0; k < numRemaining; k++) {
          const j = remaining[k] as number;
          const d = shortest[j] as number;
          if (d < lowest || (d === lowest && row4col[j] === -1)) {
            lowest = d;
            index = k;
          }
        }
      }
      minVal = lowest;
      const j = remaining[index] as number;
      colList[colCount++] = j;
      numRemaining--;
      remaining[index] = remaining[numRemaining] as number;
      if (row4col[j] === -1) sink = j;
      else i = row4col[j] as number;
    }

    // Dual update keeps reduced costs ≥ 0 and the new matching tight.
    u[start] = (u[start] as number) + minVal;
    for (let k = 1; k < rowCount; k++) {
      const r = rowList[k] as number;
      u[r] = (u[r] as number) + minVal - (shortest[col4row[r] as number] as number);
    }
    for (let k = 0; k < colCount; k++) {
      const c = colList[k] as number;
      v[c] = (v[c] as number) - (minVal - (shortest[c] as number));
    }

    let j = sink;
    for (;;) {
      const r = path[j] as number;
      row4col[j] = r;
      const previous = col4row[r] as number;
      col4row[r] = j;
      j = previous;
      if (r === start) break;
    }
  }
  return col4row;
}
