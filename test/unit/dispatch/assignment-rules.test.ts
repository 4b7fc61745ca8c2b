import {
  buildAssignmentCosts,
  evaluatePair,
  explainPair,
  infeasibleReasons,
  poolUsage,
  type AssignmentRequest,
  type AssignmentVehicle,
  type InfeasibleReason,
} from '../../../server/src/lib/dispatch-solver';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 1, 0); // 09:00 Asia/Shanghai
const ORIGIN = { lat: 38.04, lng: 114.51 };

function request(overrides: Partial<AssignmentRequest> = {}): AssignmentRequest {
  return {
    id: 'R1',
    origin: ORIGIN,
    window: { startMs: T0, endMs: T0 + 2 * HOUR },
    passengers: 3,
    category: null,
    ...overrides,
  };
}

function vehicle(overrides: Partial<AssignmentVehicle> = {}, driver: Partial<AssignmentVehicle['driver']> = {}): AssignmentVehicle {
  return {
    id: 'V1',
    plate: '冀A10001',
    position: { lat: 38.05, lng: 114.51 },
    seats: 4,
    category: 'general',
    insuranceDueMs: T0 + 30 * 24 * HOUR,
    inspectionDueMs: T0 + 30 * 24 * HOUR,
    usage: { trips: 4, km: 400 },
    busy: [],
    ...overrides,
    driver: {
      id: 'D1',
      name: '张师傅',
      licenceExpiresMs: T0 + 365 * 24 * HOUR,
      usage: { trips: 4, km: 400 },
      busy: [],
      ...driver,
    },
  };
}

const END = T0 + 2 * HOUR;

describe('assignment feasibility rules', () => {
  const cases: [string, AssignmentRequest, AssignmentVehicle, InfeasibleReason[]][] = [
    ['a fitting free vehicle', request(), vehicle(), []],
    ['seats equal to passengers', request({ passengers: 4 }), vehicle({ seats: 4 }), []],
    ['fewer seats than passengers', request({ passengers: 5 }), vehicle({ seats: 4 }), ['seats']],
    ['the demanded category', request({ category: 'law_enforcement' }), vehicle({ category: 'law_enforcement' }), []],
    ['another category than demanded', request({ category: 'law_enforcement' }), vehicle(), ['category']],
    ['insurance due exactly at the end', request(), vehicle({ insuranceDueMs: END }), []],
    ['insurance due before the end', request(), vehicle({ insuranceDueMs: END - 1 }), ['insurance']],
    ['inspection due before the end', request(), vehicle({ inspectionDueMs: T0 }), ['inspection']],
    ['licence expiring before the end', request(), vehicle({}, { licenceExpiresMs: END - HOUR }), ['licence']],
    ['a booking overlapping the window', request(), vehicle({ busy: [{ startMs: END - 1, endMs: END + HOUR }] }), ['vehicle-busy']],
    ['a booking ending as the window starts', request(), vehicle({ busy: [{ startMs: T0 - HOUR, endMs: T0 }] }), []],
    ['the driver busy in the window', request(), vehicle({}, { busy: [{ startMs: T0 + HOUR, endMs: T0 + 3 * HOUR }] }), ['driver-busy']],
    [
      'several rules broken',
      request({ passengers: 7, category: 'emergency_support' }),
      vehicle({ inspectionDueMs: 0 }, { licenceExpiresMs: 0 }),
      ['seats', 'category', 'inspection', 'licence'],
    ],
  ];
  it.each(cases)('when the pair has %s, then the reasons are as listed', (_title, r, v, expected) => {
    expect(infeasibleReasons(r, v)).toEqual(expected);
    expect(evaluatePair(r, v, poolUsage([v])).feasible).toBe(expected.length === 0);
  });
});

describe('assignment cost components', () => {
  const pool = { vehicleTrips: 4, vehicleKm: 400, driverTrips: 4, driverKm: 400 };
  const components = (r: AssignmentRequest, v: AssignmentVehicle) => {
    const e = evaluatePair(r, v, pool);
    if (!e.feasible) throw new Error('expected a feasible pair');
    return e.components;
  };

  it('when the vehicle is 0.01° of latitude away, then the pickup cost is about 1,112 m', () => {
    expect(components(request(), vehicle()).pickupCost).toBe(1112);
  });

  it.each([
    [3, 4, 1, 1500],
    [4, 4, 0, 0],
    [1, 10, 9, 13500],
  ])('when %i passengers ride a %i-seater, then %i seats are wasted costing %i', (passengers, seats, wasted, cost) => {
    const c = components(request({ passengers }), vehicle({ seats }));
    expect([c.wastedSeats, c.seatCost]).toEqual([wasted, cost]);
  });

  it.each([
    [null, 'general', 0],
    [null, 'law_enforcement', 8000],
    ['law_enforcement', 'law_enforcement', 0],
  ])('when the request demands %s and the car is %s, then the category cost is %i', (demand, category, cost) => {
    expect(components(request({ category: demand }), vehicle({ category })).categoryCost).toBe(cost);
  });

  it.each([
    [{ trips: 4, km: 400 }, { trips: 4, km: 400 }, 1, 4000],
    [{ trips: 8, km: 800 }, { trips: 8, km: 800 }, 2, 8000],
    [{ trips: 0, km: 0 }, { trips: 4, km: 400 }, 0.5, 2000],
  ])('when vehicle use is %o and driver use %o against a mean of 4 trips / 400 km, then the usage index is %d', (vu, du, index, cost) => {
    const c = components(request(), vehicle({ usage: vu }, { usage: du }));
    expect([c.usageIndex, c.balanceCost]).toEqual([index, cost]);
  });

  it('when the matrix is built, then each entry is the pair total or Infinity when infeasible', () => {
    const requests = [request(), request({ id: 'R2', passengers: 6 }), request({ id: 'R3', category: 'law_enforcement' })];
    const vehicles = [vehicle(), vehicle({ id: 'V2', seats: 6, category: 'law_enforcement', usage: { trips: 9, km: 50 } })];
    const m = buildAssignmentCosts(requests, vehicles);
    requests.forEach((r, i) =>
      vehicles.forEach((v, j) => {
        const e = evaluatePair(r, v, m.pool);
        expect(m.costs[i * 2 + j]).toBe(e.feasible ? e.components.total : Infinity);
      }),
    );
  });
});

describe('assignment explanation', () => {
  const pool = { vehicleTrips: 4.1, vehicleKm: 400, driverTrips: 3.8, driverKm: 400 };

  it('when a pair is feasible, then the reason gives distance, seats and use this month', () => {
    const e = explainPair(request({ passengers: 4 }), vehicle({ seats: 5, usage: { trips: 3, km: 300 } }, { usage: { trips: 2, km: 1 } }), pool);
    expect(e.reason).toBe('距上车点 1.1 公里，座位 5/4，本月已出车 3 次（均值 4.1），驾驶员本月 2 次（均值 3.8）');
  });

  it('when a general request takes a special car, then the reason says so', () => {
    expect(explainPair(request(), vehicle({ category: 'law_enforcement' }), pool).reason).toContain('占用执法执勤用车');
  });

  it('when a pair is infeasible, then the reason lists what rules it breaks', () => {
    const e = explainPair(request({ passengers: 7 }), vehicle({ insuranceDueMs: 0 }), pool);
    expect(e.feasible).toBe(false);
    expect(e.reason).toBe('不可派：座位不足（4 座 < 7 人）；保险在行程结束前到期');
  });
});
