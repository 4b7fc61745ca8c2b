/**
 * Dispatch solver benchmark: `npx tsx bench/dispatch.bench.ts` (npm run bench:dispatch).
 *
 * assignment: for each batch, the cost matrix is built once; our exact solver and the `munkres`
 * package (the baseline) then solve the SAME matrix — infeasible pairs given to munkres as the one
 * large finite cost our solver uses internally (forbiddenCostFor) — and each total is summed over
 * the feasible pairs chosen. ms / baseline_ms time the solve alone, median of several runs after a
 * warm-up. dayplan: one planDay call (model, bound, search and greedy included) after a warm-up.
 * Prints one `BENCH dispatch …` line per case and exits non-zero if the two totals differ.
 */
import { munkres } from 'munkres';
import {
  buildAssignmentCosts,
  forbiddenCostFor,
  generateAssignmentInstance,
  generateDayInstance,
  planDay,
  solveLinearAssignment,
} from '../server/src/modules/dispatch/solver';

const REQUESTS = [200, 1000, 2000] as const;
const VEHICLES = [300, 600] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timed<T>(run: () => T, repeats: number): { result: T; ms: number } {
  let result = run();
  const times: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const started = performance.now();
    result = run();
    times.push(performance.now() - started);
  }
  return { result, ms: median(times) };
}

function benchAssignment(requests: number, vehicles: number): boolean {
  const instance = generateAssignmentInstance(requests * 10_007 + vehicles, { requests, vehicles });
  const { costs, rows, cols } = buildAssignmentCosts(instance.requests, instance.vehicles);
  const ours = timed(() => solveLinearAssignment(costs, rows, cols), 5);

  const big = forbiddenCostFor(costs, rows, cols);
  const matrix: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row = new Array<number>(cols);
    for (let j = 0; j < cols; j++) {
      const c = costs[i * cols + j] as number;
      row[j] = Number.isFinite(c) ? c : big;
    }
    matrix.push(row);
  }
  const baseline = timed(() => munkres(matrix), 3);
  let baselineCost = 0;
  let baselineAssigned = 0;
  for (const [i, j] of baseline.result) {
    const c = costs[i * cols + j] as number;
    if (!Number.isFinite(c)) continue;
    baselineCost += c;
    baselineAssigned++;
  }
  console.log(
    `BENCH dispatch model=assignment requests=${requests} vehicles=${vehicles} ms=${ours.ms.toFixed(1)} ` +
      `baseline_ms=${baseline.ms.toFixed(1)} cost=${ours.result.cost} baseline_cost=${baselineCost}`,
  );
  return ours.result.cost === baselineCost && ours.result.assigned === baselineAssigned;
}

function benchDayPlan(): void {
  planDay(generateDayInstance(7, { requests: 200, vehicles: 60 }));
  const instance = generateDayInstance(2026, { requests: 1000, vehicles: 300 });
  const started = performance.now();
  const result = planDay(instance);
  const ms = performance.now() - started;
  console.log(
    `BENCH dispatch model=dayplan requests=1000 vehicles=300 ms=${ms.toFixed(0)} cost=${result.plan.cost.total} ` +
      `lower_bound=${result.lowerBound} greedy_cost=${result.greedyCost}`,
  );
}

let same = true;
for (const requests of REQUESTS) {
  for (const vehicles of VEHICLES) same = benchAssignment(requests, vehicles) && same;
}
benchDayPlan();
if (!same) {
  console.error('assignment: our optimum and the baseline differ');
  process.exitCode = 1;
}
