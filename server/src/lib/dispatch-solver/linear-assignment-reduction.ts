/** The start of the exact assignment solver (linear-assignment.solver.ts). */

/**
 * Jonker–Volgenant augmenting row reduction, two rounds: a free row takes the column of its least
 * reduced cost c − v, lowering that column's v by the gap to its second least so the row stays
 * tight there, and the row it bumps retries. Only matched columns' v is lowered (free columns keep
 * v = 0, as the rectangular problem needs), and every matched row keeps a least reduced cost, so
 * the shortest-path phase starts from feasible duals (u recomputed here).
 */
export function augmentingRowReduction(
  a: Float64Array,
  n: number,
  m: number,
  u: Float64Array,
  v: Float64Array,
  col4row: Int32Array,
  row4col: Int32Array,
  dead: Uint8Array,
): void {
  let free: number[] = [];
  for (let i = 0; i < n; i++) if (col4row[i] === -1 && dead[i] === 0) free.push(i);
  for (let round = 0; round < 2 && free.length > 0; round++) {
    const next: number[] = [];
    // Rows can outbid each other by tiny steps for long; past this many scans they stop lowering
    // v and wait for the shortest-path phase.
    const budget = 2 * free.length;
    let steps = 0;
    for (let current = 0; current < free.length; ) {
      const i = free[current++] as number;
      steps++;
      const off = i * m;
      let v1 = Infinity;
      let v2 = Infinity;
      let j1 = -1;
      let j2 = -1;
      for (let j = 0; j < m; j++) {
        const c = (a[off + j] as number) - (v[j] as number);
        if (c < v2) {
          if (c >= v1) {
            v2 = c;
            j2 = j;
          } else {
            v2 = v1;
            j2 = j1;
            v1 = c;
            j1 = j;
          }
        }
      }
      let i0 = row4col[j1] as number;
      const lowers = v1 < v2 && v2 < Infinity;
      if (steps < budget) {
        if (lowers) v[j1] = (v[j1] as number) - (v2 - v1);
        else if (i0 >= 0 && j2 >= 0 && v2 === v1) {
          j1 = j2;
          i0 = row4col[j2] as number;
        }
        if (i0 >= 0) {
          if (lowers) free[--current] = i0;
          else next.push(i0);
        }
      } else if (i0 >= 0) next.push(i0);
      if (i0 >= 0) col4row[i0] = -1;
      col4row[i] = j1;
      row4col[j1] = i;
    }
    free = next;
  }
  for (let i = 0; i < n; i++) {
    if (dead[i] === 1) continue;
    const j0 = col4row[i] as number;
    if (j0 >= 0) {
      u[i] = (a[i * m + j0] as number) - (v[j0] as number);
      continue;
    }
    // Not Math.min: a NaN (forbidden) entry must not make the dual NaN.
    let best = Infinity;
    for (let j = 0; j < m; j++) {
      const c = (a[i * m + j] as number) - (v[j] as number);
      if (c < best) best = c;
    }
    u[i] = best;
  }
}
