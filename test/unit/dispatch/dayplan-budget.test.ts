import { planDay } from '../../../server/src/lib/dispatch-solver';
import { generateDayInstance } from '../../helpers/dispatch-instances';

/** A clock on which every reading is a second after the last: any time budget is spent at once. */
function racingClock(): () => number {
  let t = 0;
  return () => (t += 1_000);
}

describe('the quick day plan is bounded by work, not by the clock (#20)', () => {
  const instance = generateDayInstance(11, { requests: 240, vehicles: 70 });

  it('when the same day is planned twice with a work budget that ends the search early, then both plans are the same and the work stops at the budget', () => {
    const budget = 2_000_000;
    const first = planDay(instance, { searchWork: budget });
    const second = planDay(instance, { searchWork: budget });
    expect(second.plan).toEqual(first.plan);
    // Stopped by the budget (not converged): the work counted reached it, by less than one pass over one vehicle.
    expect(first.searchWork).toBeGreaterThanOrEqual(budget);
    expect(first.searchWork! - budget).toBeLessThan(240 * 70 * 4);
    // More work improves on it: the budget really ended the search.
    expect(planDay(instance, { searchWork: 4 * budget }).plan.cost.total).toBeLessThan(first.plan.cost.total);
  });

  it('when the machine is so slow that a time budget would be spent before the search starts, then the default quick plan is still the same plan', () => {
    const quiet = planDay(instance);
    const slow = planDay(instance, { clock: racingClock() });
    expect(slow.plan).toEqual(quiet.plan);
    // A time budget on that clock, by contrast, leaves the search nothing: the plan is its start, unsearched.
    const timed = planDay(instance, { clock: racingClock(), timeBudgetMs: 900 });
    expect(timed.plan).toEqual(planDay(instance, { searchWork: 0 }).plan);
    expect(quiet.plan.cost.total).toBeLessThan(timed.plan.cost.total);
  });
});
