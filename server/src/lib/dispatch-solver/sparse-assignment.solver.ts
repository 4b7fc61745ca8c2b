/**
 * Exact linear assignment on a sparse matrix: the same shortest-augmenting-path method as
 * linear-assignment.solver.ts, with Dijkstra over a binary heap, so a step costs the arcs of one
 * row rather than a scan of every column. For problems where each row has few candidate columns
 * (the day plan relaxation).
 *
 * Input in CSR form: row i's arcs are k in [rowStart[i], rowStart[i + 1]) with column colIndex[k]
 * and cost cost[k]; absent pairs are forbidden. Every row must be assigned: the caller guarantees a
 * matching saturating the rows exists (e.g. each row owns a private column). rows ≤ cols.
 */

import { MinHeap } from './min-heap';

export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowStart: Int32Array;
  readonly colIndex: Int32Array;
  readonly cost: Float64Array;
}

export interface SparseAssignmentResult {
  readonly rowToCol: Int32Array;
  readonly colToRow: Int32Array;
  readonly cost: number;
  /**
   * Optimal duals: cost[k] − rowDual[i] − colDual[j] ≥ 0 on every arc, = 0 on the chosen ones,
   * colDual ≤ 0 and = 0 on unassigned columns. An arc left out of the matrix whose reduced cost
   * is ≥ 0 too could not have improved the assignment (LP duality).
   */
  readonly rowDual: Float64Array;
  readonly colDual: Float64Array;
  /** Arcs looked at by the augmenting-path searches: the work done, for budgets counted in work. */
  readonly arcsScanned: number;
}

export function solveSparseAssignment(matrix: SparseMatrix): SparseAssignmentResult {
  const { rows: n, cols: m, rowStart, colIndex, cost } = matrix;
  if (n > m) throw new RangeError('sparse assignment needs rows ≤ cols');
  const u = new Float64Array(n);
  const v = new Float64Array(m);
  const col4row = new Int32Array(n).fill(-1);
  const row4col = new Int32Array(m).fill(-1);
  rowReduction(matrix, u, col4row, row4col);

  const dist = new Float64Array(m).fill(Infinity);
  const path = new Int32Array(m);
  const done = new Uint8Array(m);
  const touched = new Int32Array(m);
  const scanned = new Int32Array(m);
  const rowsSeen = new Int32Array(n);
  const heap = new MinHeap(m);
  let arcsScanned = 0;

  for (let start = 0; start < n; start++) {
    if (col4row[start] !== -1) continue;
    let touchedCount = 0;
    let scannedCount = 0;
    let rowCount = 0;
    let i = start;
    let base = 0;
    let sink = -1;
    heap.clear();
    while (sink === -1) {
      rowsSeen[rowCount++] = i;
      const ui = u[i] as number;
      arcsScanned += (rowStart[i + 1] as number) - (rowStart[i] as number);
      for (let k = rowStart[i] as number; k < (rowStart[i + 1] as number); k++) {
        const j = colIndex[k] as number;
        if (done[j] === 1) continue;
        const r = base + (cost[k] as number) - ui - (v[j] as number);
        if (r < (dist[j] as number)) {
          if (dist[j] === Infinity) touched[touchedCount++] = j;
          dist[j] = r;
          path[j] = i;
          // Ties go to free columns first: they end the path at once.
          heap.push(r, row4col[j] === -1 ? 0 : 1, j);
        }
      }
      let j = -1;
      while (heap.size > 0) {
        const candidate = heap.pop();
        if (done[candidate] === 0) {
          j = candidate;
          break;
        }
      }
      if (j < 0) throw new RangeError('no augmenting path: rows cannot all be assigned');
      done[j] = 1;
      scanned[scannedCount++] = j;
      base = dist[j] as number;
      if (row4col[j] === -1) sink = j;
      else i = row4col[j] as number;
    }

    const minVal = base;
    u[start] = (u[start] as number) + minVal;
    for (let k = 1; k < rowCount; k++) {
      const r = rowsSeen[k] as number;
      u[r] = (u[r] as number) + minVal - (dist[col4row[r] as number] as number);
    }
    for (let k = 0; k < scannedCount; k++) {
      const c = scanned[k] as number;
      v[c] = (v[c] as number) - (minVal - (dist[c] as number));
      done[c] = 0;
    }
    for (let k = 0; k < touchedCount; k++) dist[touched[k] as number] = Infinity;

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

  let total = 0;
  for (let i = 0; i < n; i++) {
    const j = col4row[i] as number;
    for (let k = rowStart[i] as number; k < (rowStart[i + 1] as number); k++) {
      if (colIndex[k] === j) {
        total += cost[k] as number;
        break;
      }
    }
  }
  return { rowToCol: col4row, colToRow: row4col, cost: total, rowDual: u, colDual: v, arcsScanned };
}

/** Start: u = row minimum keeps reduced costs ≥ 0 with v = 0; a row takes its cheapest free column. */
function rowReduction(matrix: SparseMatrix, u: Float64Array, col4row: Int32Array, row4col: Int32Array): void {
  const { rows: n, rowStart, colIndex, cost } = matrix;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let arg = -1;
    for (let k = rowStart[i] as number; k < (rowStart[i + 1] as number); k++) {
      if ((cost[k] as number) < best) {
        best = cost[k] as number;
        arg = colIndex[k] as number;
      }
    }
    if (arg < 0) throw new RangeError(`row ${i} has no candidate column`);
    u[i] = best;
    if (row4col[arg] === -1) {
      row4col[arg] = i;
      col4row[i] = arg;
    }
  }
}
