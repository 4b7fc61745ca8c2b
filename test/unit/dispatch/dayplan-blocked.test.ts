/**
 * Bookings outside the plan (#14 item 9): a car or driver with a trip dispatched by hand stays in the
 * day plan, which goes around the booking — the quick and thorough plans, the route rules (evaluate,
 * routeViolation) and the reason a trip cannot go on the car.
 */
import {
  buildDayModel,
  dayPlanBound,
  evaluateDayPlan,
  greedyDayPlan,
  planDay,
  planDayThorough,
  routeViolation,
  type DayBlock,
  type DayInstance,
  type DayPlan,
  type DayRequest,
  type DayVehicle,
} from '../../../server/src/lib/dispatch-solver';

// S and N as in dayplan-rules.test.ts: 14,455 road metres apart, 22 minutes at 40 km/h.
const S = { lat: 38.04, lng: 114.51 };
const N = { lat: 38.14, lng: 114.51 };
const vehicle = (id: string, overrides: Partial<DayVehicle> = {}): DayVehicle => ({
  id,
  plate: `冀A0000${id.slice(1)}`,
  start: S,
  seats: 4,
  category: 'general',
  driver: { id: `D${id.slice(1)}`, shiftStartMin: 480, shiftEndMin: 1080, maxDutyMin: 600 },
  ...overrides,
});
const trip = (id: string, pickupMin: number, durationMin: number, origin = S, destination = N): DayRequest => ({
  id, pickupMin, durationMin, origin, destination, passengers: 2, category: null, vehiclesNeeded: 1,
});
/** A booking 14:00–16:00 starting and ending at S. */
const busy: DayBlock = { id: '77', startMin: 840, endMin: 960, origin: S, destination: S };

function planOf(vehicles: DayVehicle[], routes: string[][]): DayPlan {
  return {
    routes: routes.map((ids, v) => ({ vehicleId: vehicles[v]!.id, driverId: vehicles[v]!.driver.id, requestIds: ids, deadheadMetres: 0, dutyMin: 0 })),
    unservedRequestIds: [],
    cost: { total: 0, deadheadMetres: 0, vehiclesUsed: routes.length, unservedSlots: 0 },
  };
}

/** Independent check: every trip of every route keeps clear of the car's and driver's bookings, travel included. */
function clearOfBookings(instance: DayInstance, plan: DayPlan): boolean {
  const minutes = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => {
    const m = buildDayModel({ requests: [trip('x', 0, 1, b, b)], vehicles: [vehicle('V9', { start: a })] });
    return m.startMinutes[0]!;
  };
  return plan.routes.every((route) => {
    const v = instance.vehicles.find((x) => x.id === route.vehicleId)!;
    const blocks = [...(v.blocked ?? []), ...(v.driver.blocked ?? [])];
    return route.requestIds.every((id) => {
      const r = instance.requests.find((x) => x.id === id)!;
      return blocks.every((b) =>
        r.pickupMin + r.durationMin + 5 + (b.origin ? minutes(r.destination, b.origin) : 0) <= b.startMin ||
        b.endMin + 5 + (b.destination ? minutes(b.destination, r.origin) : 0) <= r.pickupMin);
    });
  });
}

describe('day plan with bookings outside the plan', () => {
  const morning = [trip('A', 540, 60, S, S), trip('B', 660, 60, S, S), trip('C', 760, 30, S, S)];

  it('a car busy 14:00–16:00 serves the 09:00 trips (quick and thorough)', async () => {
    const vehicles = [vehicle('V1', { blocked: [busy] })];
    const instance: DayInstance = { requests: morning, vehicles };
    const quick = planDay(instance);
    expect(quick.plan.unservedRequestIds).toEqual([]);
    expect(quick.plan.routes).toEqual([expect.objectContaining({ vehicleId: 'V1', requestIds: ['A', 'B', 'C'] })]);
    const thorough = await planDayThorough(instance, { timeLimitMs: 5_000 });
    expect(thorough.plan.unservedRequestIds).toEqual([]);
    expect(thorough.plan.routes[0]!.requestIds).toEqual(['A', 'B', 'C']);
    expect(evaluateDayPlan(instance, thorough.plan).feasible).toBe(true);
  });

  it('the same holds when the driver, not the car, has the booking', () => {
    const vehicles = [vehicle('V1', { driver: { ...vehicle('V1').driver, blocked: [busy] } })];
    const quick = planDay({ requests: morning, vehicles });
    expect(quick.plan.routes[0]!.requestIds).toEqual(['A', 'B', 'C']);
  });

  it('a trip overlapping the booking is not put on that car, and the rules name the booking', async () => {
    const vehicles = [vehicle('V1', { blocked: [busy] }), vehicle('V2', { start: N })];
    const overlapping = trip('X', 900, 30, S, S);
    const instance: DayInstance = { requests: [...morning, overlapping], vehicles };
    for (const plan of [planDay(instance).plan, greedyDayPlan(instance), (await planDayThorough(instance, { timeLimitMs: 5_000 })).plan]) {
      expect(plan.unservedRequestIds).toEqual([]);
      const onV1 = plan.routes.find((r) => r.vehicleId === 'V1');
      expect(onV1?.requestIds ?? []).not.toContain('X');
      expect(plan.routes.find((r) => r.vehicleId === 'V2')!.requestIds).toContain('X');
      expect(clearOfBookings(instance, plan)).toBe(true);
    }
    // Alone with the busy car, it stays unserved.
    const alone: DayInstance = { requests: [...morning, overlapping], vehicles: [vehicles[0]!] };
    expect(planDay(alone).plan.unservedRequestIds).toEqual(['X']);
    const m = buildDayModel(alone);
    expect(routeViolation(m, 0, [0, 1, 2, 3])).toEqual({ rule: 'blocked', r: 3, block: busy });
    expect(evaluateDayPlan(alone, planOf([vehicles[0]!], [['A', 'B', 'C', 'X']])).feasible).toBe(false);
    expect(m.blockedBy[3]).toBe(1);
    expect(m.blockedBy[0]).toBe(0);
  });

  it('counts the drive to and from the booking\'s place', () => {
    const vehicles = [vehicle('V1', { blocked: [busy] })];
    const ok = (r: DayRequest) => evaluateDayPlan({ requests: [r], vehicles }, planOf(vehicles, [[r.id]])).feasible;
    // Ends at N 13:33: 5 min turnaround + 22 min to S is 14:00, just in time.
    expect(ok(trip('E', 783, 30, S, N))).toBe(true);
    expect(ok(trip('F', 784, 30, S, N))).toBe(false);
    // After 16:00 at S: turnaround and 22 min to N, pickup at N 16:27 at the earliest.
    expect(ok(trip('G', 987, 30, N, S))).toBe(true);
    expect(ok(trip('H', 986, 30, N, S))).toBe(false);
    // Without a place, only the turnaround.
    const noPlace = [vehicle('V1', { blocked: [{ id: '78', startMin: 840, endMin: 960 }] })];
    expect(evaluateDayPlan({ requests: [trip('I', 965, 30, N, S)], vehicles: noPlace }, planOf(noPlace, [['I']])).feasible).toBe(true);
    expect(evaluateDayPlan({ requests: [trip('J', 964, 30, N, S)], vehicles: noPlace }, planOf(noPlace, [['J']])).feasible).toBe(false);
  });

  it('a booking counts towards the driver\'s duty', () => {
    // 10 h at most: a booking ending at 18:00 means nothing of the plan before 08:00 … but a shift from 07:00.
    const late: DayBlock = { id: '79', startMin: 1020, endMin: 1080 };
    const vehicles = [vehicle('V1', { blocked: [late], driver: { ...vehicle('V1').driver, shiftStartMin: 420 } })];
    const at = (pickup: number) => evaluateDayPlan({ requests: [trip('K', pickup, 30, S, S)], vehicles }, planOf(vehicles, [['K']])).feasible;
    expect(at(480)).toBe(true);
    expect(at(479)).toBe(false);
  });

  it('a day without bookings is planned exactly as before (empty lists change nothing)', () => {
    const requests: DayRequest[] = [];
    for (let i = 0; i < 30; i++) {
      const o = { lat: 38 + ((i * 37) % 17) / 100, lng: 114.4 + ((i * 53) % 19) / 100 };
      requests.push({ ...trip(`R${i}`, 480 + ((i * 41) % 540), 30 + ((i * 13) % 90), o, o), passengers: 1 + (i % 6) });
    }
    const vehicles = Array.from({ length: 6 }, (_, i) => vehicle(`V${i + 1}`, { seats: 4 + 3 * (i % 2) }));
    const withEmpty = vehicles.map((v) => ({ ...v, blocked: [], driver: { ...v.driver, blocked: [] } }));
    const a = { requests, vehicles };
    const b = { requests, vehicles: withEmpty };
    expect(greedyDayPlan(b)).toEqual(greedyDayPlan(a));
    expect(dayPlanBound(b)).toEqual(dayPlanBound(a));
    const ticks = () => { let t = 0; return () => (t += 0.001); };
    expect(planDay(b, { clock: ticks() }).plan).toEqual(planDay(a, { clock: ticks() }).plan);
  });

  it('random days with bookings: every plan keeps the rules and stays clear of the bookings', async () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const place = () => ({ lat: 38 + rnd() * 0.2, lng: 114.4 + rnd() * 0.2 });
    for (let day = 0; day < 6; day++) {
      const requests = Array.from({ length: 14 }, (_, i) => {
        const o = place();
        return { ...trip(`R${i}`, 480 + Math.floor(rnd() * 540), 20 + Math.floor(rnd() * 120), o, o), vehiclesNeeded: rnd() < 0.15 ? 2 : 1 };
      });
      const vehicles = Array.from({ length: 4 }, (_, i) => {
        const start = 540 + Math.floor(rnd() * 480);
        const block: DayBlock = { id: `B${i}`, startMin: start, endMin: start + 30 + Math.floor(rnd() * 120), origin: place(), destination: place() };
        return vehicle(`V${i + 1}`, i % 2 === 0 ? { blocked: [block] } : { driver: { ...vehicle(`V${i + 1}`).driver, blocked: [block] } });
      });
      const instance = { requests, vehicles };
      for (const plan of [planDay(instance).plan, (await planDayThorough(instance, { timeLimitMs: 3_000 })).plan]) {
        expect(evaluateDayPlan(instance, plan).feasible).toBe(true);
        expect(clearOfBookings(instance, plan)).toBe(true);
        expect(plan.cost.total).toBeGreaterThanOrEqual(dayPlanBound(instance).lowerBound);
      }
    }
  }, 60_000);
});
