import loadHighs, { type Highs } from 'highs';
import {
  dayPlanBound,
  evaluateDayPlan,
  planDay,
  type DayInstance,
} from '../../../server/src/lib/dispatch-solver';
import { generateDayInstance } from '../../helpers/dispatch-instances';
import { buildDayModel, routeCost, routeFeasible, type DayModel } from '../../../server/src/lib/dispatch-solver/dayplan-model';
import { ColumnPool, planOfColumns, reducedCost } from '../../../server/src/lib/dispatch-solver/dayplan-lp/columns';
import { solveMasterLp } from '../../../server/src/lib/dispatch-solver/dayplan-lp/column-generation';
import { priceAndDive } from '../../../server/src/lib/dispatch-solver/dayplan-lp/dive';
import { MasterLp } from '../../../server/src/lib/dispatch-solver/dayplan-lp/master';
import { PricingOracle } from '../../../server/src/lib/dispatch-solver/dayplan-lp/pricing';

/**
 * The LP phases of the thorough day plan (solver/dayplan-lp/, also run alone by
 * bench/dayplan-lp.experiment.ts; README "Dispatch models") checked on small days: its bound is a bound (between the project's relaxation and a plan), the
 * pricing misses no route (same LP as with every route enumerated), its dive yields plans that keep
 * the rules, and it gives the figures the README quotes for the 150 × 45 days.
 */
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

function experiment(instance: DayInstance, seedPlan = planDay(instance, { timeBudgetMs: 50 }).plan) {
  const m = buildDayModel(instance);
  const pool = new ColumnPool(m);
  pool.seed(seedPlan);
  const pricing = new PricingOracle(m);
  const master = new MasterLp(highs, m, pool);
  try {
    const lp = solveMasterLp(master, pool, pricing);
    const dive = priceAndDive(m, master, pool, pricing);
    const plan = dive.allOrNothing ? planOfColumns(m, dive.columns.map((j) => pool.columns[j]!)) : null;
    return { m, lp, plan };
  } finally {
    master.dispose();
  }
}

/** Every feasible route of every vehicle, by depth-first search over the links. */
function allRoutes(m: DayModel): { v: number; route: number[] }[] {
  const routes: { v: number; route: number[] }[] = [];
  const extend = (v: number, route: number[]): void => {
    if (!routeFeasible(m, v, route)) return;
    routes.push({ v, route: [...route] });
    const last = route[route.length - 1]!;
    for (let b = 0; b < m.nR; b++) {
      if (m.linkOk[last * m.nR + b] === 1) extend(v, [...route, b]);
    }
  };
  for (let v = 0; v < m.nV; v++) for (let r = 0; r < m.nR; r++) extend(v, [r]);
  return routes;
}

describe('the day plan LP bound by column generation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'when a 30 × 10 day (seed %i) is solved, then the LP bound converges, lies between the project\'s bound and its plan, and the dive\'s plan keeps the rules and costs no less',
    (seed) => {
      const instance = generateDayInstance(seed, { requests: 30, vehicles: 10 });
      const projectPlan = planDay(instance, { timeBudgetMs: 50 }).plan;
      const { lp, plan } = experiment(instance, projectPlan);

      expect(lp.converged).toBe(true);
      expect(lp.bound).toBeGreaterThanOrEqual(lp.lpValue - 1e-6 * lp.lpValue);
      expect(lp.lpValue).toBeGreaterThanOrEqual(dayPlanBound(instance).lowerBound - 1e-6);
      expect(lp.lpValue).toBeLessThanOrEqual(projectPlan.cost.total + 1e-6);

      expect(plan).not.toBeNull();
      const checked = evaluateDayPlan(instance, plan!);
      expect(checked.violations).toEqual([]);
      expect(checked.cost).toBe(plan!.cost.total);
      expect(checked.cost).toBeGreaterThanOrEqual(lp.lpValue - 1e-6);
    },
  );

  it.each([1, 2, 3, 4, 5])(
    'when a 12 × 4 day (seed %i) is solved, then column generation reaches the LP over every route of every vehicle enumerated',
    (seed) => {
      const instance = generateDayInstance(seed, { requests: 12, vehicles: 4 });
      const { m, lp } = experiment(instance);

      const pool = new ColumnPool(m);
      for (const { v, route } of allRoutes(m)) pool.add(v, route);
      const master = new MasterLp(highs, m, pool);
      const full = master.solve();
      master.dispose();
      expect(lp.lpValue).toBeCloseTo(full, 4);
    },
  );

  it.each([1, 2, 3, 4, 5, 6])(
    'when every vehicle of a 14 × 5 day (seed %i) is priced under arbitrary duals, then its least reduced cost is the least over every route enumerated',
    (seed) => {
      const m = buildDayModel(generateDayInstance(seed, { requests: 14, vehicles: 5 }));
      const routes = allRoutes(m);
      const pricing = new PricingOracle(m);
      let state = seed;
      const random = (): number => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
      };
      for (let trial = 0; trial < 20; trial++) {
        // Duals from cheap to dear (dear ones make long routes, where the duty deadlines bind); some
        // requests and vehicles excluded (−∞), as the dive does.
        const scale = 5_000 + 10_000 * trial;
        const pi = Float64Array.from({ length: m.nR }, () => (random() < 0.1 ? -Infinity : scale * random()));
        const mu = Float64Array.from({ length: m.nV }, () => (random() < 0.1 ? -Infinity : -20_000 * random()));
        const priced = pricing.price({ pi, mu }, 3);
        for (let v = 0; v < m.nV; v++) {
          let least = Infinity;
          for (const column of routes) {
            if (column.v === v) least = Math.min(least, reducedCost({ ...column, cost: routeCost(m, v, column.route) }, { pi, mu }));
          }
          if (Number.isFinite(least)) expect(priced.minReducedCost[v]).toBeCloseTo(least, 6);
          else expect(priced.minReducedCost[v]).toBe(least);
        }
        for (const { v, route, reducedCost: rc } of priced.routes) {
          expect(routeFeasible(m, v, route)).toBe(true);
          expect(reducedCost({ v, route, cost: routeCost(m, v, route) }, { pi, mu })).toBeCloseTo(rc, 6);
        }
      }
    },
  );

  it.each([
    [1, 5_424_704.38],
    [2, 2_846_320.35],
    [3, 2_732_340.86],
  ])('when the 150 × 45 day of seed %i is solved, then its LP bound is the README\'s %d', (seed, expected) => {
    const instance = generateDayInstance(seed, { requests: 150, vehicles: 45 });
    const { lp, plan } = experiment(instance);
    expect(lp.converged).toBe(true);
    expect(Math.abs(lp.lpValue - expected)).toBeLessThanOrEqual(1);
    expect(evaluateDayPlan(instance, plan!).feasible).toBe(true);
  });
});
