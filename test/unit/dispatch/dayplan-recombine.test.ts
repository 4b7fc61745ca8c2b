import { generateDayInstance, type DayInstance, type DayRequest, type DayVehicle } from '../../../server/src/modules/dispatch/solver';
import { greedyRoutes } from '../../../server/src/modules/dispatch/solver/dayplan-greedy.solver';
import {
  buildDayModel,
  planFeasible,
  planTotal,
  servedCounts,
} from '../../../server/src/modules/dispatch/solver/dayplan-model';
import { cutTimes, recombineAt, recombineWorkspace } from '../../../server/src/modules/dispatch/solver/dayplan-recombine';

const X = { lat: 38.0, lng: 114.5 };
const Y = { lat: 38.2, lng: 114.7 };

function trip(id: string, pickupMin: number, at: { lat: number; lng: number }): DayRequest {
  return { id, pickupMin, durationMin: 30, origin: at, destination: at, passengers: 2, category: null, vehiclesNeeded: 1 };
}

function vehicle(id: string, start: { lat: number; lng: number }): DayVehicle {
  return {
    id,
    plate: `冀A${id}`,
    start,
    seats: 4,
    category: 'general',
    driver: { id: `D${id}`, shiftStartMin: 6 * 60, shiftEndMin: 20 * 60, maxDutyMin: 12 * 60 },
  };
}

describe('recombination of heads and tails at a time cut', () => {
  it('when two cars each cross town for their afternoon trip, then the cut at noon swaps the afternoons and the crossings go', () => {
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

    expect(recombineAt(m, routes, 12 * 60, recombineWorkspace(m))).toBe(true);

    expect(routes).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(planTotal(m, routes)).toBe(2 * m.params.fixedCostPerVehicle);
  });

  it('when nothing better exists at the cut, then the routes stay as they are', () => {
    const instance: DayInstance = {
      requests: [trip('am-x', 8 * 60, X), trip('pm-x', 12 * 60, X)],
      vehicles: [vehicle('A', X), vehicle('B', Y)],
    };
    const m = buildDayModel(instance);
    const routes = [[0, 1], []];
    expect(recombineAt(m, routes, 12 * 60, recombineWorkspace(m))).toBe(false);
    expect(routes).toEqual([[0, 1], []]);
  });

  it.each([11, 12, 13, 14, 15, 16])(
    'when every cut of generated day %i is tried from the greedy plan, then each keeps every rule, every request its vehicle count, and never costs more',
    (seed) => {
      const m = buildDayModel(generateDayInstance(seed, { requests: 70, vehicles: 24 }));
      const routes = greedyRoutes(m).map((route) => [...route]);
      const served = servedCounts(m, routes);
      const workspace = recombineWorkspace(m);
      let total = planTotal(m, routes);
      let improvements = 0;
      for (const t of cutTimes(m)) {
        const improved = recombineAt(m, routes, t, workspace);
        const after = planTotal(m, routes);
        expect(planFeasible(m, routes)).toBe(true);
        expect(servedCounts(m, routes)).toEqual(served);
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
});
