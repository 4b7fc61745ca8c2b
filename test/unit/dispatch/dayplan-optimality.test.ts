import { dayPlanBound, greedyDayPlan, planDay } from '../../../server/src/lib/dispatch-solver';
import { checkedCost, optimum, smallInstance } from './dayplan-oracle';

describe('day plan on small instances, against exhaustive search', () => {
  const seeds = Array.from({ length: 120 }, (_, i) => i + 1);

  it.each(seeds)('when day %i is planned, then bound ≤ optimum ≤ plan ≤ greedy and both plans keep every rule', (seed) => {
    const { instance, fixed } = smallInstance(seed);
    const best = optimum(instance, fixed);
    // Odd days start the search from the relaxation's repaired chains, even days from greedy.
    const result = planDay(instance, { timeBudgetMs: 200, start: seed % 2 === 1 ? 'relaxation' : 'greedy' });
    const planCost = checkedCost(instance, result.plan, fixed);
    const greedy = greedyDayPlan(instance);
    const greedyCost = checkedCost(instance, greedy, fixed);

    expect(result.plan.cost.total).toBe(planCost);
    expect(result.greedyCost).toBe(greedyCost);
    expect(result.lowerBound).toBeLessThanOrEqual(best);
    expect(planCost).toBeGreaterThanOrEqual(best);
    expect(planCost).toBeLessThanOrEqual(greedyCost);
    expect(dayPlanBound(instance).lowerBound).toBe(result.lowerBound);
  });
});
