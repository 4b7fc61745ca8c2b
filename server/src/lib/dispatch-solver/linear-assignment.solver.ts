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
 * Forbidden entries are never part of a search. A row with no allowed entry at all cannot change
 * the others' optimum and is left unassigned at once. If a search finds no augmenting path over
 * allowed entries, the rows that some maximum matching leaves unmatched and the columns they can
 * reach are split off (linear-assignment-deficiency.ts) and solved as a small square problem with
 * zero-cost stand-in columns; the other rows go on without those columns. Both parts together give
 * the same optimum as the large finite cost, without searches over forbidden entries. Costs should
 * be integers (the dispatch costs are metres plus integer penalties) so optimal totals compare
 * exactly; all arithmetic stays far below 2^53.
 */

import { findDeficientPart, type DeficientPart } from './linear-assignment-deficiency';
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
 * Core for n ≤ m: returns col4row; -1 for a row left unassigned. Forbidden (non-finite) entries
 * are never part of a search. If a search finds no augmenting path, the problem is split (see
 * linear-assignment-deficiency.ts): the rows that some maximum matching leaves out, with the only
 * columns they can use, are solved on their own as a small square problem with one zero-cost
 * stand-in column per row that must stay out; the searches for the other rows go on from the same
 * duals without those columns.
 */
function augmentAll(a: Float64Array, n: number, m: number): Int32Array {
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
  // Once split: the deficient part, and the columns left to the other rows.
  let deficient: DeficientPart | null = null;
  let mainCols: Int32Array | null = null;

  search: for (let start = 0; start < n; start++) {
    if (col4row[start] !== -1 || dead[start] === 1) continue;
    shortest.fill(Infinity);
    let numRemaining = m;
    if (mainCols === null) {
      for (let k = 0; k < m; k++) remaining[k] = m - k - 1;
    } else {
      remaining.set(mainCols);
      numRemaining = mainCols.length;
    }
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
        // Forbidden entries (Infinity, NaN) never lower a distance.
        const r = (a[off + j] as number) - (v[j] as number) + base;
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
        // No augmenting path over allowed entries: this search changed nothing yet, so split the
        // problem and start the remaining searches over.
        if (deficient !== null) throw new Error('assignment search found no augmenting path');
        deficient = findDeficientPart(a, n, m, col4row, row4col, dead);
        mainCols = splitOff(deficient, m, col4row, row4col, dead);
        start = -1;
        continue search;
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
  if (deficient !== null) solveDeficientPart(a, m, deficient, col4row);
  return col4row;
}

/**
 * Takes the deficient part out of the running problem: its rows are marked done (dead) and lose
 * their columns; other rows matched to its columns become free again (those pairs are in no
 * optimum). Duals stay feasible on what is left and free columns outside the part keep v = 0.
 * Returns the columns left to the other rows, in the order the searches scan them.
 */
function splitOff(
  part: DeficientPart,
  m: number,
  col4row: Int32Array,
  row4col: Int32Array,
  dead: Uint8Array,
): Int32Array {
  for (let k = 0; k < part.rows.length; k++) {
    const i = part.rows[k] as number;
    const j = col4row[i] as number;
    if (j >= 0) row4col[j] = -1;
    col4row[i] = -1;
    dead[i] = 1;
  }
  const odd = new Uint8Array(m);
  for (let k = 0; k < part.cols.length; k++) {
    const j = part.cols[k] as number;
    odd[j] = 1;
    const r = row4col[j] as number;
    if (r >= 0) col4row[r] = -1;
    row4col[j] = -1;
  }
  const rest = new Int32Array(m - part.cols.length);
  for (let j = m - 1, k = 0; j >= 0; j--) if (odd[j] === 0) rest[k++] = j;
  return rest;
}

/**
 * The deficient part on its own: p rows, q < p columns that every optimum fills, and p − q zero-cost
 * stand-in columns (any constant would do: exactly p − q rows take one). Square and perfectly
 * matchable over its allowed entries, so its searches never fail. Writes the rows' columns (or −1).
 */
function solveDeficientPart(a: Float64Array, m: number, part: DeficientPart, col4row: Int32Array): void {
  const p = part.rows.length;
  const q = part.cols.length;
  const sub = new Float64Array(p * p);
  for (let t = 0; t < p; t++) {
    const off = (part.rows[t] as number) * m;
    for (let k = 0; k < q; k++) sub[t * p + k] = a[off + (part.cols[k] as number)] as number;
  }
  const subCol4row = augmentAll(sub, p, p);
  for (let t = 0; t < p; t++) {
    const k = subCol4row[t] as number;
    col4row[part.rows[t] as number] = k >= 0 && k < q ? (part.cols[k] as number) : -1;
  }
}
