import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dayPlanBound,
  evaluateDayPlan,
  type DayPlan,
} from '../../../server/src/lib/dispatch-solver';
import { generateDayInstance } from '../../helpers/dispatch-instances';

/**
 * The benchmark day's best known plan, from `npm run experiment:dayplan-lp` (column generation,
 * then a price-and-dive; README "Dispatch models", The 2 % target). Kept as data so the claim "a plan
 * of 8,041,648 exists" is checked by the project's own rules without minutes of HiGHS, and the day
 * plan has a target to measure against.
 */
interface ReferencePlan {
  day: { seed: number; requests: number; vehicles: number };
  cost: number;
  unserved: string[];
  routes: Record<string, string[]>;
}

const reference = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'dayplan-2026-reference-plan.json'), 'utf8'),
) as ReferencePlan;

describe('the benchmark day\'s reference plan', () => {
  const instance = generateDayInstance(reference.day.seed, { requests: reference.day.requests, vehicles: reference.day.vehicles });

  it('when it is checked against the day\'s rules, then every route keeps fit, timing and hours, every delegation has all its cars, and it costs what the file says', () => {
    const plan: DayPlan = {
      routes: Object.entries(reference.routes).map(([vehicleId, requestIds]) => ({
        vehicleId,
        driverId: `D${vehicleId.slice(1)}`,
        requestIds,
        deadheadMetres: 0,
        dutyMin: 0,
      })),
      unservedRequestIds: reference.unserved,
      cost: { total: 0, deadheadMetres: 0, vehiclesUsed: 0, unservedSlots: 0 },
    };
    const checked = evaluateDayPlan(instance, plan);
    expect(checked.violations).toEqual([]);
    expect(checked.feasible).toBe(true);
    expect(checked.cost).toBe(reference.cost);
    expect(Object.keys(reference.routes)).toHaveLength(210);
  });

  it('when the project\'s bound is computed for the day, then it lies below the reference plan, as any proven bound must', () => {
    const bound = dayPlanBound(instance).lowerBound;
    expect(bound).toBeLessThanOrEqual(reference.cost);
  });
});
