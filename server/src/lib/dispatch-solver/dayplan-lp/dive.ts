/**
 * Price-and-dive: a plan from the master LP, by fixing routes to 1 one step at a time and pricing
 * again after each step.
 *
 * Start from the master over a converged pool (column-generation.ts). Each step:
 *  1. price: up to `pricingRoundsPerStep` rounds of exact pricing over what is still free — a
 *     vehicle with a fixed route and a request with all its vehicles get a dual of −∞, so no new
 *     route takes them — adding the routes with negative reduced cost and re-solving;
 *  2. stop if every x is 0 or 1;
 *  3. fix every route with x ≥ 0.9, and the `fractionalFixesPerStep` largest fractional ones, to 1
 *     (skipping one whose vehicle is taken or that would give a request more vehicles than it
 *     needs), and re-solve.
 * Fixing only ever removes solutions, so the LP value climbs from the LP bound to the plan's cost.
 * When x is integral the routes with x = 1 are a plan, unless a delegation got only part of its
 * vehicles (u fractional); then HiGHS finishes it as a MIP over the pool, the fixings kept. Should
 * the MIP find no plan (the fixings may leave no free vehicle that can complete a delegation), the
 * routes with x = 1 are returned as they are, `allOrNothing` false: the caller drops the partly
 * served delegations (dayplan-thorough.solver.ts does, then lets the local search insert them).
 * With a time limit the dive paces itself. Σ x over the fractional routes below 0.9 is about how
 * many of them the plan still takes; with n steps left (at the pace of the slower of the last step
 * and the average step) each step fixes at least that many ÷ (n + 1), and while that is more than
 * `fractionalFixesPerStep` it prices only once per step, for more and smaller steps. Far from the
 * limit this is the plain dive. When not even one more step fits before the limit it stops: the
 * routes with x > 0.5 that fit with the fixings are taken, largest x first, and the requests no
 * route takes are left unserved (the caller's local search inserts them); the MIP finish, if
 * needed, gets at least 5 s. (Fixing everything left without pricing instead drove the LP from
 * 0.7 % above the bound to 2.4× it on the 1,000 × 300 day.)
 */
import type { DayModel } from '../dayplan-model';
import type { ColumnPool, Duals } from './columns';
import type { MasterLp } from './master';
import type { PricingOracle } from './pricing';

export interface DiveOptions {
  /** After this many seconds no more pricing (default: none). */
  readonly timeLimitSeconds?: number;
  /** Pricing rounds before each fixing step (default 4). */
  readonly pricingRoundsPerStep?: number;
  /** Fractional routes fixed per step, besides those with x ≥ 0.9, unless the time limit asks for more (default 1). */
  readonly fractionalFixesPerStep?: number;
  /** Routes added per vehicle and pricing round (default 4). */
  readonly routesPerVehicle?: number;
  /** Time limit of the MIP finish, if one is needed (default 60 s; within timeLimitSeconds if given, but at least 5 s). */
  readonly mipSeconds?: number;
  readonly onStep?: (progress: { step: number; lpValue: number; fractional: number; fixed: number; columns: number; seconds: number }) => void;
}

export interface DiveResult {
  /** Pool indices of the routes chosen: at most one per vehicle, no request with more vehicles than it needs. */
  readonly columns: number[];
  /** Every request has all its vehicles or none: the columns are a plan. */
  readonly allOrNothing: boolean;
  readonly steps: number;
  readonly pricingRounds: number;
  readonly finishedByMip: boolean;
  readonly seconds: number;
}

export function priceAndDive(
  m: DayModel,
  master: MasterLp,
  pool: ColumnPool,
  pricing: PricingOracle,
  options: DiveOptions = {},
): DiveResult {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const timeLimit = options.timeLimitSeconds ?? Infinity;
  const roundsPerStep = options.pricingRoundsPerStep ?? 4;
  const fractionalPerStep = options.fractionalFixesPerStep ?? 1;
  const perVehicle = options.routesPerVehicle ?? 4;
  const vehicleTaken = new Uint8Array(m.nV);
  const cover = new Int32Array(m.nR);
  const fixed = new Set<number>();

  const freeDuals = (duals: Duals): Duals => ({
    pi: duals.pi.map((pi, r) => ((cover[r] as number) >= (m.need[r] as number) ? -Infinity : pi)),
    mu: duals.mu.map((mu, v) => (vehicleTaken[v] ? -Infinity : mu)),
  });
  const canFix = (j: number): boolean => {
    const { v, route } = pool.columns[j]!;
    return !vehicleTaken[v] && route.every((r) => (cover[r] as number) < (m.need[r] as number));
  };
  const fix = (j: number): void => {
    const { v, route } = pool.columns[j]!;
    vehicleTaken[v] = 1;
    for (const r of route) cover[r] = (cover[r] as number) + 1;
    fixed.add(j);
    master.fix(j);
  };

  let lpValue = master.solve();
  let pricingRounds = 0;
  let x = master.routeValues();
  let steps = 0;
  let stepStarted = seconds();
  let outOfTime = false;
  let behind = false;
  for (; ; steps++) {
    for (let round = 0; round < (behind ? 1 : roundsPerStep) && seconds() < timeLimit; round++) {
      const priced = pricing.price(freeDuals(master.duals()), perVehicle);
      let added = 0;
      for (const { v, route, reducedCost } of priced.routes) if (reducedCost < -1e-3 && pool.add(v, route) >= 0) added++;
      if (added === 0) break;
      pricingRounds++;
      lpValue = master.solve();
    }
    x = master.routeValues();
    const candidates: number[] = [];
    let fractional = 0;
    let undecided = 0;
    x.forEach((xj, j) => {
      if (fixed.has(j) || xj <= 1e-6) return;
      candidates.push(j);
      if (xj < 1 - 1e-6) fractional++;
      if (xj < 0.9) undecided += xj;
    });
    options.onStep?.({ step: steps, lpValue, fractional, fixed: fixed.size, columns: pool.size, seconds: seconds() });
    if (fractional === 0) break;

    candidates.sort((a, b) => (x[b] as number) - (x[a] as number));
    const now = seconds();
    const stepSeconds = Math.max(now - stepStarted, now / (steps + 1));
    stepStarted = now;
    const stepsLeft = now >= timeLimit ? 0 : Math.floor((timeLimit - now) / stepSeconds);
    if (stepsLeft === 0) {
      for (const j of candidates) if ((x[j] as number) > 0.5 && canFix(j)) fix(j);
      outOfTime = true;
      break;
    }
    const paced = Math.ceil(undecided / (stepsLeft + 1));
    behind = paced > fractionalPerStep;
    const perStep = Math.max(fractionalPerStep, paced);
    let fractionalFixed = 0;
    for (const j of candidates) {
      const nearlyOne = (x[j] as number) >= 0.9;
      if (!nearlyOne && fractionalFixed >= perStep) break;
      if (!canFix(j)) continue;
      fix(j);
      if (!nearlyOne) fractionalFixed++;
    }
    lpValue = master.solve();
  }

  const chosen = [...fixed];
  if (!outOfTime) {
    x.forEach((xj, j) => {
      if (!fixed.has(j) && xj > 0.5) chosen.push(j);
    });
  }
  const served = new Int32Array(m.nR);
  for (const j of chosen) for (const r of pool.columns[j]!.route) served[r] = (served[r] as number) + 1;
  const allOrNothing = served.every((n, r) => n === 0 || n === m.need[r]);
  if (allOrNothing) return { columns: chosen, allOrNothing, steps, pricingRounds, finishedByMip: false, seconds: seconds() };
  const mipSeconds = Math.min(options.mipSeconds ?? 60, Math.max(5, timeLimit - seconds()));
  const columns = master.solveIntegral(mipSeconds);
  if (columns === null) return { columns: chosen, allOrNothing, steps, pricingRounds, finishedByMip: false, seconds: seconds() };
  return { columns, allOrNothing: true, steps, pricingRounds, finishedByMip: true, seconds: seconds() };
}
