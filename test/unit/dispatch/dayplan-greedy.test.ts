import {
  dayPlanBound,
  evaluateDayPlan,
  greedyDayPlan,
  planDay,
} from '../../../server/src/lib/dispatch-solver';
import { generateAssignmentInstance, generateDayInstance } from '../../helpers/dispatch-instances';

describe('day plan against the greedy reference', () => {
  it.each([1, 2, 3, 4])('when generated day %i (80 requests, 25 vehicles) is planned, then the plan is feasible and never worse than greedy', (seed) => {
    const instance = generateDayInstance(seed, { requests: 80, vehicles: 25 });
    const result = planDay(instance, { timeBudgetMs: 150, start: seed % 2 === 1 ? 'relaxation' : 'greedy' });
    const greedy = greedyDayPlan(instance);
    const checked = evaluateDayPlan(instance, result.plan);
    expect(checked.violations).toEqual([]);
    expect(checked.cost).toBe(result.plan.cost.total);
    expect(evaluateDayPlan(instance, greedy).feasible).toBe(true);
    expect(result.greedyCost).toBe(greedy.cost.total);
    expect(result.plan.cost.total).toBeLessThanOrEqual(greedy.cost.total);
    expect(result.lowerBound).toBeLessThanOrEqual(result.plan.cost.total);
  });
});

describe('day plan edge cases', () => {
  it('when there are no requests, then the plan, the bound and greedy all cost 0', () => {
    const { vehicles } = generateDayInstance(3, { requests: 0, vehicles: 5 });
    const result = planDay({ requests: [], vehicles });
    expect([result.plan.cost.total, result.lowerBound, result.greedyCost]).toEqual([0, 0, 0]);
    expect(result.plan.routes).toEqual([]);
  });

  it('when there are no vehicles, then every vehicle-slot pays the penalty in plan, bound and greedy', () => {
    const { requests } = generateDayInstance(3, { requests: 12, vehicles: 0 });
    const slots = requests.reduce((n, r) => n + r.vehiclesNeeded, 0);
    const result = planDay({ requests, vehicles: [], params: { unservedPenalty: 1_000 } });
    expect([result.plan.cost.total, result.lowerBound, result.greedyCost]).toEqual([slots * 1_000, slots * 1_000, slots * 1_000]);
    expect(result.plan.unservedRequestIds).toHaveLength(12);
  });
});

describe('day plan lower bound by pricing', () => {
  const instance = generateDayInstance(11, { requests: 60, vehicles: 20 });
  const full = dayPlanBound(instance, { initialArcsPerNode: Infinity });

  it('when pricing starts from a few arcs per node, then it converges to the optimum over all arcs', () => {
    const priced = dayPlanBound(instance, { initialArcsPerNode: 3 });
    expect(full.exact).toBe(true);
    expect(priced).toEqual(full);
  });

  it('when pricing is stopped after one round, then the dual bound is still below the optimum', () => {
    const stopped = dayPlanBound(instance, { initialArcsPerNode: 1, maxRounds: 1 });
    expect(stopped.exact).toBe(false);
    expect(stopped.lowerBound).toBeLessThan(full.lowerBound);
  });
});

describe('instance generators', () => {
  it('when the same seed is used twice, then the same instances come out, and another seed differs', () => {
    expect(generateDayInstance(5, { requests: 30, vehicles: 10 })).toEqual(generateDayInstance(5, { requests: 30, vehicles: 10 }));
    expect(generateDayInstance(6, { requests: 30, vehicles: 10 })).not.toEqual(generateDayInstance(5, { requests: 30, vehicles: 10 }));
    expect(generateAssignmentInstance(5, { requests: 30, vehicles: 10 })).toEqual(generateAssignmentInstance(5, { requests: 30, vehicles: 10 }));
  });

  it('when a day of 1,000 requests is generated, then it lies around Shijiazhuang between 07:00 and 20:00 with about 10 % delegations', () => {
    const { requests, vehicles } = generateDayInstance(2026, { requests: 1000, vehicles: 300 });
    const places = [...requests.flatMap((r) => [r.origin, r.destination]), ...vehicles.map((v) => v.start)];
    for (const p of places) {
      expect(Math.abs(p.lat - 38.04)).toBeLessThanOrEqual(0.3 + 1e-9);
      expect(Math.abs(p.lng - 114.51)).toBeLessThanOrEqual(0.3 + 1e-9);
    }
    for (const r of requests) {
      expect(r.pickupMin).toBeGreaterThanOrEqual(7 * 60);
      expect(r.pickupMin + r.durationMin).toBeLessThanOrEqual(20 * 60);
      expect([1, 2, 3]).toContain(r.vehiclesNeeded);
    }
    const delegations = requests.filter((r) => r.vehiclesNeeded > 1).length;
    expect(delegations).toBeGreaterThan(70);
    expect(delegations).toBeLessThan(130);
    expect(new Set(vehicles.map((v) => v.category)).size).toBe(5);
    expect(new Set(vehicles.map((v) => v.seats)).size).toBeGreaterThan(1);
  });
});
