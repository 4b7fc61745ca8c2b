/**
 * The set-partitioning master of the day plan, as one persistent HiGHS model (warm-started simplex
 * after every change):
 *
 *   min Σ_j cost_j·x_j + Σ_r penalty·need_r·u_r
 *   s.t. Σ_{j ∋ r} x_j + need_r·u_r = need_r   for every request r   (dual π_r)
 *        Σ_{j of v} x_j ≤ 1                      for every vehicle v   (dual μ_v ≤ 0)
 *        0 ≤ x, u ≤ 1
 *
 * x_j: route j of the column pool is driven; u_r: request r is left unserved. With x and u binary
 * this is the day plan model exactly (a delegation gets all its vehicles or none, each vehicle at
 * most one route, every route keeping the rules); relaxed, its optimum over all routes is the LP
 * bound. Model columns: u_0 … u_{nR−1}, then the pool's columns in pool order.
 */
import type { Highs, Model } from 'highs';
import type { DayModel } from '../dayplan-model';
import type { Column, ColumnPool, Duals } from './columns';

const OPTIMAL = 7;

export class MasterLp {
  private readonly lp: Model;
  private readonly nR: number;
  private readonly nRows: number;
  private inModel = 0;

  constructor(
    highs: Highs,
    private readonly m: DayModel,
    private readonly pool: ColumnPool,
  ) {
    const { nR, nV } = m;
    this.nR = nR;
    this.nRows = nR + nV;
    const rowLower = new Float64Array(this.nRows);
    const rowUpper = new Float64Array(this.nRows);
    for (let r = 0; r < nR; r++) rowLower[r] = rowUpper[r] = m.need[r] as number;
    for (let v = 0; v < nV; v++) {
      rowLower[nR + v] = -highs.infinity;
      rowUpper[nR + v] = 1;
    }
    this.lp = highs.createModel({
      numCols: nR,
      numRows: this.nRows,
      colCost: Float64Array.from(m.need, (need) => need * m.params.unservedPenalty),
      colLower: new Float64Array(nR),
      colUpper: new Float64Array(nR).fill(1),
      rowLower,
      rowUpper,
      matrix: {
        format: 'csc',
        numRows: this.nRows,
        numCols: nR,
        starts: Int32Array.from({ length: nR + 1 }, (_, i) => i),
        indices: Int32Array.from({ length: nR }, (_, i) => i),
        values: Float64Array.from(m.need),
      },
    });
    this.lp.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
    this.sync();
  }

  /** Adds the pool's columns not yet in the model. */
  sync(): void {
    const fresh = this.pool.columns.slice(this.inModel);
    if (fresh.length === 0) return;
    this.lp.addCols(this.columnData(fresh));
    this.inModel = this.pool.size;
  }

  /** Solves the LP (warm start; from scratch if that does not end optimal) and returns its value. */
  solve(): number {
    this.sync();
    this.lp.run();
    if (this.lp.getModelStatus() !== OPTIMAL) {
      this.lp.clearSolver();
      this.lp.run();
    }
    const status = this.lp.getModelStatus();
    if (status !== OPTIMAL) throw new Error(`master LP ended with HiGHS model status ${status}`);
    return this.lp.getObjectiveValue();
  }

  duals(): Duals {
    const { rowDual } = this.lp.getSolution();
    return {
      pi: rowDual.slice(0, this.nR),
      // ≤ 0 in theory; clamp the solver's round-off so the Lagrangian bound stays valid.
      mu: rowDual.slice(this.nR).map((y) => Math.min(0, y)),
    };
  }

  /** x_j of every pool column in the model. */
  routeValues(): Float64Array {
    return this.lp.getSolution().colValue.slice(this.nR);
  }

  /** Forces pool column j to 1 (the dive's fixing). */
  fix(j: number): void {
    this.lp.changeColBounds(this.nR + j, 1, 1);
  }

  /**
   * Solves the model as a MIP (x and u binary, fixings kept) within the time limit; returns the
   * chosen pool columns, or null if HiGHS found no integer solution. `start`, pool columns that
   * form a plan (one per vehicle at most, each request all or none), is given to HiGHS as its
   * first incumbent, so the result is never worse. The model stays a MIP: call this last.
   */
  solveIntegral(timeLimitSeconds: number, start?: readonly number[]): number[] | null {
    this.sync();
    const n = this.nR + this.pool.size;
    this.lp.changeColsIntegrality({ kind: 'range', from: 0, to: n - 1 }, new Int32Array(n).fill(1));
    this.lp.options.set({ presolve: 'on', time_limit: timeLimitSeconds });
    if (start !== undefined) {
      const colValue = new Float64Array(n);
      const served = new Int32Array(this.nR);
      for (const j of start) {
        colValue[this.nR + j] = 1;
        for (const r of this.pool.columns[j]!.route) served[r] = (served[r] as number) + 1;
      }
      for (let r = 0; r < this.nR; r++) colValue[r] = served[r] === 0 ? 1 : 0;
      this.lp.setSolution({ colValue });
    }
    this.lp.run();
    const FEASIBLE = 2;
    if (this.lp.info.get('primal_solution_status') !== FEASIBLE) return null;
    const x = this.lp.getSolution().colValue;
    const chosen: number[] = [];
    for (let j = 0; j < this.pool.size; j++) if ((x[this.nR + j] as number) > 0.5) chosen.push(j);
    return chosen;
  }

  dispose(): void {
    this.lp.dispose();
  }

  private columnData(columns: readonly Column[]): Parameters<Model['addCols']>[0] {
    const starts = new Int32Array(columns.length + 1);
    columns.forEach((c, j) => (starts[j + 1] = (starts[j] as number) + c.route.length + 1));
    const nnz = starts[columns.length] as number;
    const indices = new Int32Array(nnz);
    let p = 0;
    for (const c of columns) {
      for (const r of [...c.route].sort((a, b) => a - b)) indices[p++] = r;
      indices[p++] = this.nR + c.v;
    }
    return {
      cost: Float64Array.from(columns, (c) => c.cost),
      lower: new Float64Array(columns.length),
      upper: new Float64Array(columns.length).fill(1),
      matrix: { format: 'csc', numRows: this.nRows, numCols: columns.length, starts, indices, values: new Float64Array(nnz).fill(1) },
    };
  }
}
