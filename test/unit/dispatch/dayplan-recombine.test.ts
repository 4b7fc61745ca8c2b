import type { DayInstance, DayRequest, DayVehicle } from '../../../server/src/lib/dispatch-solver';
import { generateDayInstance } from '../../helpers/dispatch-instances';
import { greedyRoutes } from '../../../server/src/lib/dispatch-solver/dayplan-greedy.solver';
import {
  buildDayModel,
  planFeasible,
  planTotal,
  servedCounts,
  type DayModel,
} from '../../../server/src/lib/dispatch-solver/dayplan-model';
import { recombineWindow, recombineWorkspace } from '../../../server/src/lib/dispatch-solver/dayplan-recombine';
import { recombinePass, recombineState } from '../../../server/src/lib/dispatch-solver/dayplan-recombine-pass';
import { deadlineBudget } from '../../../server/src/lib/dispatch-solver/dayplan-budget';

const X = { lat: 38.0, lng: 114.5 };
const Y = { lat: 38.2, lng: 114.7 };

function trip(id: string, pickupMin: number, from: { lat: number; lng: number }, to = from, extra: Partial<DayRequest> = {}): DayRequest {
  return { id, pickupMin, durationMin: 30, origin: from, destination: to, passengers: 2, category: null, vehiclesNeeded: 1, ...extra };
}

function vehicle(id: string, start: { lat: number; lng: number }, extra: Partial<DayVehicle> = {}): DayVehicle {
  return {
    id,
    plate: `冀A${id}`,
    start,
    seats: 4,
    category: 'general',
    driver: { id: `D${id}`, shiftStartMin: 6 * 60, shiftEndMin: 20 * 60, maxDutyMin: 12 * 60 },
    ...extra,
  };
}

function window(m: DayModel, routes: number[][], t1: number, t2: number): boolean {
  return recombineWindow(m, routes, t1, t2, recombineWorkspace(m), servedCounts(m, routes)).improved;
}

describe('recombination in a time window', () => {
  it('when two cars each cross town for their afternoon trip, then the window from noon on swaps the afternoons and the crossings go', () => {
    const instance: DayInstance = {
      requests: [trip('am-x', 8 * 60, X), trip('am-y', 8 * 60, Y), trip('pm-x', 12 * 60, X), trip('pm-y', 12 * 60, Y)],
      vehicles: [vehicle('A', X), vehicle('B', Y)],
    };
    const m = buildDayModel(instance);
    // A: X in the morning, Y in the afternoon; B the other way round.
    const routes = [
      [0, 3],
      [1, 2],
    ];
    const crossing = m.linkMetres[0 * m.nR + 3] as number;
    expect(crossing).toBeGreaterThan(20_000);
    expect(planTotal(m, routes)).toBe(2 * m.params.fixedCostPerVehicle + 2 * crossing);

    expect(window(m, routes, 12 * 60, Infinity)).toBe(true);

    expect(routes).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(planTotal(m, routes)).toBe(2 * m.params.fixedCostPerVehicle);
  });

  it('when two cars each cross town for a midday trip only, then one window over midday swaps the middles and both keep their morning and evening', () => {
    const instance: DayInstance = {
      requests: [
        trip('am-x', 8 * 60, X), trip('am-y', 8 * 60, Y),
        trip('mid-x', 11 * 60, X), trip('mid-y', 11 * 60, Y),
        trip('pm-x', 15 * 60, X), trip('pm-y', 15 * 60, Y),
      ],
      vehicles: [vehicle('A', X), vehicle('B', Y)],
    };
    const m = buildDayModel(instance);
    // A stays at X but for its midday trip at Y; B the other way round: four crossings.
    const routes = [
      [0, 3, 4],
      [1, 2, 5],
    ];
    expect(window(m, routes, 11 * 60, 12 * 60)).toBe(true);
    expect(routes).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
    expect(planTotal(m, routes)).toBe(2 * m.params.fixedCostPerVehicle);
  });

  it('when a car\'s middle carries it to where its next trip starts, then the middle stays: without it the car could not be there in time', () => {
    const Y2 = { lat: 38.18, lng: 114.68 };
    const P = { lat: 38.2, lng: 114.66 }; // ~3.7 km from Y2, ~34 km from X
    const instance: DayInstance = {
      requests: [
        trip('a', 8 * 60, X), // A: 08:00–08:30 at X
        trip('m', 8 * 60 + 35, X, Y2), // 08:35–09:05, X → Y2
        trip('b', 9 * 60 + 20, P), // 09:20 at P: from X empty it is ~51 minutes away
        trip('a2', 7 * 60, X), // B: 07:00 at X …
        trip('b2', 9 * 60 + 30, Y2), // … and 09:30 at Y2: taking m would save B its whole crossing
      ],
      vehicles: [vehicle('A', X), vehicle('B', X)],
    };
    const m = buildDayModel(instance);
    const routes = [
      [0, 1, 2],
      [3, 4],
    ];
    expect(planFeasible(m, routes)).toBe(true);
    expect(m.linkOk[0 * m.nR + 2]).toBe(0); // a → b without m misses b
    // m on B saves more metres than m on A; but A without m breaks the rules, so nothing moves.
    expect(window(m, routes, 8 * 60 + 35, 9 * 60)).toBe(false);
    expect(routes).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('when the only car of a category serves a trip anyone could do, then a window gives it the waiting trip of its category and the other trip another car', () => {
    const instance: DayInstance = {
      requests: [trip('any', 9 * 60, X), trip('police', 9 * 60, X, X, { category: 'law_enforcement' })],
      vehicles: [vehicle('G', X), vehicle('L', X, { category: 'law_enforcement' })],
    };
    const m = buildDayModel(instance);
    const routes = [[], [0]];
    const before = planTotal(m, routes);
    expect(window(m, routes, 9 * 60, 10 * 60)).toBe(true);
    expect(routes).toEqual([[0], [1]]);
    expect(planFeasible(m, routes)).toBe(true);
    expect(planTotal(m, routes)).toBe(before - m.params.unservedPenalty + m.params.fixedCostPerVehicle);
  });

  it('when nothing better exists in the window, then the routes stay as they are', () => {
    const instance: DayInstance = {
      requests: [trip('am-x', 8 * 60, X), trip('pm-x', 12 * 60, X)],
      vehicles: [vehicle('A', X), vehicle('B', Y)],
    };
    const m = buildDayModel(instance);
    const routes = [[0, 1], []];
    expect(window(m, routes, 12 * 60, Infinity)).toBe(false);
    expect(window(m, routes, 7 * 60, 9 * 60)).toBe(false);
    expect(routes).toEqual([[0, 1], []]);
  });

  it.each([11, 12, 13, 14, 15, 16])(
    'when every window of generated day %i is tried from the greedy plan, then each keeps every rule and all-or-nothing, serves no fewer, and never costs more',
    (seed) => {
      const m = buildDayModel(generateDayInstance(seed, { requests: 70, vehicles: 24 }));
      const routes = greedyRoutes(m).map((route) => [...route]);
      const state = recombineState(m);
      let total = planTotal(m, routes);
      let improvements = 0;
      for (const [t1, t2] of state.windows) {
        const served = servedCounts(m, routes);
        const { improved } = recombineWindow(m, routes, t1, t2, state.workspace, served);
        const after = planTotal(m, routes);
        expect(planFeasible(m, routes)).toBe(true);
        // The counts it was handed are kept up to date, and nobody loses a vehicle.
        const now = servedCounts(m, routes);
        expect(now).toEqual(served);
        for (let r = 0; r < m.nR; r++) if ((served[r] as number) > 0) expect(now[r]).toBeGreaterThan(0);
        if (improved) {
          expect(after).toBeLessThan(total);
          improvements++;
        } else {
          expect(after).toBe(total);
        }
        total = after;
      }
      // The greedy plan takes the nearest car trip by trip; recombining always finds something.
      expect(improvements).toBeGreaterThan(0);
    },
  );

  it('when passes run until none improves, then a second run from the result finds nothing and skips every window unchanged since it failed', () => {
    const m = buildDayModel(generateDayInstance(21, { requests: 90, vehicles: 30 }));
    const routes = greedyRoutes(m).map((route) => [...route]);
    const state = recombineState(m);
    const never = deadlineBudget(() => false);
    while (recombinePass(m, routes, never, state));
    const settled = planTotal(m, routes);
    expect(planFeasible(m, routes)).toBe(true);
    expect(state.tried.every((t) => t === 1)).toBe(true);
    // A fresh state tries every window again and agrees that none improves.
    expect(recombinePass(m, routes, never, recombineState(m))).toBe(false);
    expect(planTotal(m, routes)).toBe(settled);
  });
});
