import {
  evaluateDayPlan,
  type DayInstance,
  type DayPlan,
  type DayRequest,
  type DayVehicle,
} from '../../../server/src/lib/dispatch-solver';

// One vehicle at S, shift 08:00–17:00, at most 8 h on duty. N is 0.1° north of S: 11.1 km
// great-circle, 14,455 road metres at road factor 1.3, i.e. 22 minutes at 40 km/h.
const S = { lat: 38.04, lng: 114.51 };
const N = { lat: 38.14, lng: 114.51 };
const vehicle = (overrides: Partial<DayVehicle> = {}): DayVehicle => ({
  id: 'V1',
  plate: '冀A00001',
  start: S,
  seats: 4,
  category: 'general',
  driver: { id: 'D1', shiftStartMin: 480, shiftEndMin: 1020, maxDutyMin: 480 },
  ...overrides,
});
const trip = (id: string, pickupMin: number, durationMin: number, origin = S, destination = N, extra: Partial<DayRequest> = {}): DayRequest => ({
  id,
  pickupMin,
  durationMin,
  origin,
  destination,
  passengers: 2,
  category: null,
  vehiclesNeeded: 1,
  ...extra,
});

function verdict(requests: DayRequest[], routes: string[][], vehicles: DayVehicle[] = [vehicle()]): boolean {
  const instance: DayInstance = { requests, vehicles, params: { unservedPenalty: 1_000_000 } };
  const plan: DayPlan = {
    routes: routes.map((ids, v) => ({
      vehicleId: (vehicles[v] as DayVehicle).id,
      driverId: (vehicles[v] as DayVehicle).driver.id,
      requestIds: ids,
      deadheadMetres: 0,
      dutyMin: 0,
    })),
    unservedRequestIds: [],
    cost: { total: 0, deadheadMetres: 0, vehiclesUsed: routes.length, unservedSlots: 0 },
  };
  return evaluateDayPlan(instance, plan).feasible;
}

describe('day plan route rules', () => {
  const cases: [string, boolean, DayRequest[]][] = [
    ['one trip in the shift', true, [trip('A', 540, 60)]],
    ['the next pickup exactly at end + 5 min turnaround, same place', true, [trip('A', 540, 60), trip('B', 605, 30, N, S)]],
    ['the next pickup 1 min short of the turnaround', false, [trip('A', 540, 60), trip('B', 604, 30, N, S)]],
    ['the next pickup at end + turnaround + 22 min drive', true, [trip('A', 540, 60), trip('B', 627, 30, S, N)]],
    ['the next pickup 1 min short of the drive', false, [trip('A', 540, 60), trip('B', 626, 30, S, N)]],
    ['the first pickup at the shift start, at the start position', true, [trip('A', 480, 30)]],
    ['the first pickup needing departure before the shift', false, [trip('A', 500, 30, N, S)]],
    ['the last trip ending at the shift end', true, [trip('A', 990, 30)]],
    ['the last trip ending after the shift', false, [trip('A', 990, 31)]],
    ['duty of exactly 8 h', true, [trip('A', 480, 30), trip('B', 900, 60, N, S)]],
    ['duty of 8 h 1 min', false, [trip('A', 480, 30), trip('B', 900, 61, N, S)]],
    ['more passengers than seats', false, [trip('A', 540, 30, S, N, { passengers: 5 })]],
    ['a demanded category the car lacks', false, [trip('A', 540, 30, S, N, { category: 'law_enforcement' })]],
    ['two overlapping trips', false, [trip('A', 540, 60), trip('B', 570, 30, N, S)]],
  ];
  it.each(cases)('when a vehicle drives %s, then the route is feasible: %s', (_title, expected, requests) => {
    expect(verdict(requests, [requests.map((r) => r.id)])).toBe(expected);
  });

  const two = [vehicle(), vehicle({ id: 'V2', driver: { id: 'D2', shiftStartMin: 480, shiftEndMin: 1020, maxDutyMin: 480 } })];
  const delegation = trip('A', 540, 60, S, N, { passengers: 7, vehiclesNeeded: 2 });

  it('when a 7-person request for 2 vehicles gets two 4-seaters, then it is feasible', () => {
    expect(verdict([delegation], [['A'], ['A']], two)).toBe(true);
  });

  it('when a request for 2 vehicles gets only one, then all-or-nothing is broken', () => {
    expect(verdict([delegation], [['A'], []], two)).toBe(false);
  });

  it('when a request for 2 vehicles lists one vehicle twice, then the vehicles are not distinct', () => {
    expect(verdict([delegation], [['A', 'A']], two)).toBe(false);
  });
});
