/**
 * The deficient part of a rectangular assignment (linear-assignment.solver.ts), found once a
 * shortest-path search shows that some row cannot be matched over allowed (finite) entries.
 *
 * Bipartite matching theory (Dulmage–Mendelsohn / Gallai–Edmonds): take a maximum matching of the
 * allowed entries. The rows reachable by alternating paths from its unmatched rows (the "even"
 * rows) are the only rows any maximum matching can leave unmatched; their allowed entries all lie
 * in the columns those paths reach (the "odd" columns), and every maximum matching matches each
 * odd column to an even row. So the lexicographic optimum (most allowed pairs, then least cost)
 * splits into two independent problems: the other rows on the other columns (entries from them to
 * odd columns are never used and may be dropped), where every row is matched; and the even rows
 * on the odd columns, where every column is matched and (even rows − odd columns) rows stay out.
 *
 * The maximum matching is grown from a given partial matching by breadth-first augmenting
 * searches; a search that fails leaves a "Hungarian tree" whose rows only reach its own columns
 * (or earlier trees'), so it can never carry an augmenting path and is left out of later searches.
 * The union of the failed trees is exactly the even rows and the odd columns.
 */

export interface DeficientPart {
  /** The even rows with at least one allowed entry, ascending. */
  readonly rows: Int32Array;
  /** The odd columns, ascending. */
  readonly cols: Int32Array;
}

/**
 * a: n×m row-major, allowed = finite. col4row / row4col: a matching over allowed entries (not
 * modified). dead[i] = 1 for a row without any allowed entry (left out). Returns the deficient
 * part, empty when every other row can be matched.
 */
export function findDeficientPart(
  a: Float64Array,
  n: number,
  m: number,
  col4row: Int32Array,
  row4col: Int32Array,
  dead: Uint8Array,
): DeficientPart {
  const c4r = Int32Array.from(col4row);
  const r4c = Int32Array.from(row4col);
  const stamp = new Int32Array(m).fill(-1);
  const oddCol = new Uint8Array(m);
  const evenRow = new Uint8Array(n);
  const pred = new Int32Array(m);
  const queue = new Int32Array(n);
  const seen = new Int32Array(m);
  let evenCount = 0;
  let oddCount = 0;
  for (let s = 0; s < n; s++) {
    if (c4r[s] !== -1 || dead[s] === 1) continue;
    let head = 0;
    let tail = 0;
    let seenCount = 0;
    let found = -1;
    queue[tail++] = s;
    while (head < tail && found < 0) {
      const i = queue[head++] as number;
      const off = i * m;
      for (let j = 0; j < m; j++) {
        if (stamp[j] === s || oddCol[j] === 1) continue;
        const c = a[off + j] as number;
        if (c - c !== 0) continue;
        stamp[j] = s;
        pred[j] = i;
        seen[seenCount++] = j;
        const r = r4c[j] as number;
        if (r === -1) {
          found = j;
          break;
        }
        queue[tail++] = r;
      }
    }
    if (found >= 0) {
      let j = found;
      for (;;) {
        const i = pred[j] as number;
        const previous = c4r[i] as number;
        c4r[i] = j;
        r4c[j] = i;
        if (i === s) break;
        j = previous;
      }
      continue;
    }
    for (let k = 0; k < tail; k++) evenRow[queue[k] as number] = 1;
    for (let k = 0; k < seenCount; k++) oddCol[seen[k] as number] = 1;
    evenCount += tail;
    oddCount += seenCount;
  }
  const rows = new Int32Array(evenCount);
  const cols = new Int32Array(oddCount);
  for (let i = 0, k = 0; i < n; i++) if (evenRow[i] === 1) rows[k++] = i;
  for (let j = 0, k = 0; j < m; j++) if (oddCol[j] === 1) cols[k++] = j;
  return { rows, cols };
}
