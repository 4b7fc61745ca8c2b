import {
  dayPlanBound,
  evaluateDayPlan,
  greedyDayPlan,
  planDay,
  planDayThorough,
  type DayInstance,
  type ThoroughDayPlanResult,
} from '../../../server/src/lib/dispatch-solver';
import { generateDayInstance } from '../../helpers/dispatch-instances';
import { checkedCost, optimum, smallInstance } from './dayplan-oracle';

/**
 * The thorough day plan (planDayThorough: quick plan, LP bound by column generation, price-and-dive,
 * MIP over the routes generated): its plans keep the rules and are never worse than the quick plan,
 * its bound is a bound, and on county-sized days it ends within 1 % of the LP bound.
 */

/** The plan keeps every rule by the project's own evaluator, at the cost it states. */
function expectFeasible(instance: DayInstance, result: ThoroughDayPlanResult): void {
  const checked = evaluateDayPlan(instance, result.plan);
  expect(checked.violations).toEqual([]);
  expect(checked.cost).toBe(result.plan.cost.total);
}

const gapPercent = (result: ThoroughDayPlanResult): number =>
  (100 * (result.plan.cost.total - result.lowerBound)) / result.lowerBound;

describe('thorough day plan', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'when a 30 × 10 day (seed %i) is planned thoroughly, then the plan keeps the rules, costs no more than the quick plan, and the LP bound is proven and below it',
    async (seed) => {
      const instance = generateDayInstance(seed, { requests: 30, vehicles: 10 });
      const result = await planDayThorough(instance);
      const quick = planDay(instance);

      expectFeasible(instance, result);
      expect(result.plan.cost.total).toBeLessThanOrEqual(quick.plan.cost.total);
      expect(result.greedyCost).toBe(greedyDayPlan(instance).cost.total);
      expect(result.boundIsLp).toBe(true);
      const lp = result.lpBound as number;
      expect(lp).toBeLessThanOrEqual(result.plan.cost.total + 1e-6);
      expect(result.lowerBound).toBeGreaterThanOrEqual(dayPlanBound(instance).lowerBound);
      expect(result.lowerBound).toBeGreaterThanOrEqual(lp - 1e-6 * lp);
      expect(result.lowerBound).toBeLessThanOrEqual(result.plan.cost.total);
      if (result.source !== 'lp') expect(result.plan).toEqual(quick.plan);
    },
  );

  it('when the same day is planned twice, then both plans and bounds are the same', async () => {
    const instance = generateDayInstance(11, { requests: 40, vehicles: 12 });
    const first = await planDayThorough(instance);
    const second = await planDayThorough(instance);
    expect(second).toEqual(first);
  });

  // The 120 tiny days of dayplan-optimality.test.ts (≤ 6 vehicle-slots, 3 vehicles), where the
  // quick plan misses the optimum on 15 from greedy.
  it.each(Array.from({ length: 120 }, (_, i) => i + 1))(
    'when tiny day %i is planned thoroughly, then bound ≤ exhaustive optimum = plan, and the bound is the proven LP bound',
    async (seed) => {
      const { instance, fixed } = smallInstance(seed);
      const best = optimum(instance, fixed);
      const result = await planDayThorough(instance);

      expect(checkedCost(instance, result.plan, fixed)).toBe(result.plan.cost.total);
      expect(result.boundIsLp).toBe(true);
      expect(result.lowerBound).toBeLessThanOrEqual(best);
      expect(result.plan.cost.total).toBe(best);
    },
  );

  it('when a day has no requests, then the empty plan is returned with a proven bound of 0', async () => {
    const instance = generateDayInstance(1, { requests: 10, vehicles: 3 });
    const result = await planDayThorough({ ...instance, requests: [] });
    expect(result.plan.cost.total).toBe(0);
    expect(result.lowerBound).toBe(0);
    expect(result.boundIsLp).toBe(true);
  });

  it('when the time limit is far too short for column generation, then the plan still keeps the rules and the bound is the Lagrangian one, still below the plan', async () => {
    const instance = generateDayInstance(5, { requests: 80, vehicles: 24 });
    const result = await planDayThorough(instance, { timeLimitMs: 1 });

    expectFeasible(instance, result);
    expect(result.plan.cost.total).toBeLessThanOrEqual(result.greedyCost);
    expect(result.boundIsLp).toBe(false);
    expect(result.lpBound).toBeNull();
    expect(result.lowerBound).toBeGreaterThanOrEqual(dayPlanBound(instance).lowerBound);
    expect(result.lowerBound).toBeLessThanOrEqual(result.plan.cost.total);
  });

  it.each([1, 2])(
    'when the 150 × 45 day of seed %i is planned thoroughly, then the LP bound is proven and the plan is within 1 % of it',
    async (seed) => {
      const instance = generateDayInstance(seed, { requests: 150, vehicles: 45 });
      const phases = new Set<string>();
      // The limit may cut only the last phase (the MIP over the routes generated) short: the LP
      // converges in 1–2 s on a quiet machine, and the gaps before that phase are 0.13 % and 0.01 %
      // (0.05 % and 0.01 % after it). The LP gets 60 % of the limit: 30 s leaves room for a machine
      // several times slower (10 s was once too little for seed 1 under a loaded CI run).
      const result = await planDayThorough(instance, { timeLimitMs: 30_000, onProgress: (p) => phases.add(p.phase) });

      expectFeasible(instance, result);
      expect(result.boundIsLp).toBe(true);
      expect(gapPercent(result)).toBeLessThanOrEqual(1);
      expect([...phases]).toEqual(['lp', 'dive']);
    },
  );
});
