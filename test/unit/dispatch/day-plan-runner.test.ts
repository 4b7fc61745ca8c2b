import { ThreadDayPlanRunner } from '../../../server/src/modules/dispatch';
import { planDay, type DayInstance } from '../../../server/src/lib/dispatch-solver';
import { generateDayInstance } from '../../helpers/dispatch-instances';

/** Day plans run in a worker thread (the server keeps answering): what comes back is the solver's own answer. */
describe('day plan worker thread', () => {
  const runner = new ThreadDayPlanRunner();
  afterAll(() => runner.close());

  it('when a small day is planned in the thread, then it returns the plan the solver makes in process', async () => {
    const instance = generateDayInstance(5, { requests: 12, vehicles: 5 });
    const reply = await runner.run(instance, 'quick', 900);
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.boundIsLp).toBe(false);
    expect(reply.result.plan.cost.total).toBe(planDay(instance).plan.cost.total);
    expect(reply.result.lowerBound).toBeLessThanOrEqual(reply.result.plan.cost.total);
  }, 30_000);

  it('when the thorough plan is asked for, then the bound comes from the LP and the plan is no worse than quick', async () => {
    const instance = generateDayInstance(6, { requests: 15, vehicles: 6 });
    const reply = await runner.run(instance, 'thorough', 20_000);
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.boundIsLp).toBe(true);
    expect(reply.result.plan.cost.total).toBeLessThanOrEqual(planDay(instance).plan.cost.total);
  }, 30_000);

  it('when the solver refuses the day, then the reply says why instead of the thread dying unheard', async () => {
    const bad: DayInstance = {
      requests: [{ id: 'T1', pickupMin: 600, durationMin: 0, origin: { lat: 38, lng: 114.5 }, destination: { lat: 38, lng: 114.5 }, passengers: 1, category: null, vehiclesNeeded: 1 }],
      vehicles: [],
    };
    const reply = await runner.run(bad, 'quick', 900);
    expect(reply).toEqual({ ok: false, error: expect.stringContaining('T1') });
  }, 30_000);
});
