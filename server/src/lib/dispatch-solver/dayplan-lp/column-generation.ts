/**
 * Column generation for the master LP (master.ts) with exact pricing (pricing.ts).
 *
 * Each round solves the restricted master over the pool, prices every vehicle and adds the new
 * routes whose reduced cost under the LP's duals is negative (up to `routesPerVehicle` per
 * vehicle). Pricing is done at a smoothed point (Wentges): α·(best duals so far) + (1 − α)·(LP
 * duals), "best" meaning the highest Lagrangian bound met. That damps the oscillation of the LP
 * duals, which otherwise makes the tail of column generation very long. When the smoothed point
 * yields nothing new ("mispricing"), the LP duals are priced themselves and α is lowered; when they
 * too yield nothing, no route has negative reduced cost: the LP over the pool is the LP over all
 * routes (converged). Every pricing also gives a Lagrangian bound, valid at any round: at
 * convergence it meets the LP value, which proves the value.
 */
import { routeCost } from '../dayplan-model';
import { reducedCost, type ColumnPool, type Duals } from './columns';
import type { MasterLp } from './master';
import type { PricingOracle, PricingResult } from './pricing';

/** Reduced cost below which a route counts as improving (the LP's tolerances are ~1e-7 relative). */
const IMPROVING = -1e-3;

export interface ColumnGenerationOptions {
  /** Stop after this many seconds even if not converged (the bound stays valid). Default: none. */
  readonly timeLimitSeconds?: number;
  /** Routes added per vehicle and round (default 4). */
  readonly routesPerVehicle?: number;
  readonly onRound?: (progress: { round: number; lpValue: number; bound: number; columns: number; seconds: number }) => void;
}

export interface ColumnGenerationResult {
  /** Value of the master LP over the final pool. */
  readonly lpValue: number;
  /** Best Lagrangian bound met: a proven lower bound on every plan, converged or not. */
  readonly bound: number;
  /** No route of negative reduced cost is left: lpValue is the LP bound over all routes. */
  readonly converged: boolean;
  readonly rounds: number;
  readonly columns: number;
  readonly seconds: number;
}

export function solveMasterLp(
  master: MasterLp,
  pool: ColumnPool,
  pricing: PricingOracle,
  options: ColumnGenerationOptions = {},
): ColumnGenerationResult {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const timeLimit = options.timeLimitSeconds ?? Infinity;
  const perVehicle = options.routesPerVehicle ?? 4;
  let best: Duals | null = null;
  let bound = -Infinity;
  let alpha = 0.5;

  const priceAt = (duals: Duals): PricingResult => {
    const priced = pricing.price(duals, perVehicle);
    const lagrangian = pricing.lagrangianBound(duals, priced.minReducedCost);
    if (lagrangian > bound) {
      bound = lagrangian;
      best = duals;
    }
    return priced;
  };

  for (let round = 1; ; round++) {
    const lpValue = master.solve();
    const lpDuals = master.duals();
    const improving = (priced: PricingResult): PricingResult['routes'] =>
      priced.routes.filter(
        ({ v, route }) => !pool.has(v, route) && reducedCost({ v, route, cost: routeCost(pool.model, v, route) }, lpDuals) < IMPROVING,
      );

    let fresh: PricingResult['routes'];
    if (best === null) {
      fresh = improving(priceAt(lpDuals));
    } else {
      fresh = improving(priceAt(smooth(best, lpDuals, alpha)));
      if (fresh.length === 0) {
        fresh = improving(priceAt(lpDuals));
        alpha = Math.max(0, alpha - 0.1);
      } else {
        alpha = Math.min(0.9, alpha + 0.02);
      }
    }
    for (const { v, route } of fresh) pool.add(v, route);
    options.onRound?.({ round, lpValue, bound, columns: pool.size, seconds: seconds() });

    if (fresh.length === 0) {
      return { lpValue, bound, converged: true, rounds: round, columns: pool.size, seconds: seconds() };
    }
    if (seconds() > timeLimit) {
      // Out of time: the LP over the pool (with the routes just added) is an upper estimate only.
      return { lpValue: master.solve(), bound, converged: false, rounds: round, columns: pool.size, seconds: seconds() };
    }
  }
}

function smooth(best: Duals, current: Duals, alpha: number): Duals {
  const mix = (a: Float64Array, b: Float64Array): Float64Array => a.map((x, i) => alpha * x + (1 - alpha) * (b[i] as number));
  return { pi: mix(best.pi, current.pi), mu: mix(best.mu, current.mu) };
}
