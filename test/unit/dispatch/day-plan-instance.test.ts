import { buildPlanning, dayStartMs, localDate, presentPlan, type PlanningInput } from '../../../server/src/modules/dispatch/day-plan/day-plan.instance';
import { loadDayPlanSettings } from '../../../server/src/modules/dispatch';
import { planDay } from '../../../server/src/lib/dispatch-solver';
import type { DriverRow, VehicleRow } from '../../../server/src/modules/fleet';
import type { TripRow } from '../../../server/src/modules/trips';

const date = '2026-12-03';
const at = (hhmm: string) => new Date(`${date}T${hhmm}:00.000+08:00`);
const settings = loadDayPlanSettings({});
const depot = { lat: 38.0428, lng: 114.5149 };

const vehicle = (id: number, over: Partial<VehicleRow> = {}): VehicleRow => ({
  id, plate: `冀A0010${id}`, vin: '', brandModel: '红旗 H5', energyType: 'fuel', displacementMl: 1798, priceFen: 0, seats: 5, category: 'general', source: 'own',
  ownerUnitId: 1, regionCode: '130000', registeredOn: '2020-01-01', odometerHm: 0, terminalPhone: null, deviceModel: null,
  insuranceDue: '2027-06-30', inspectionDue: '2027-09-30', maintenanceDue: null, status: 'in_use', createdAt: new Date(), ...over,
});
const driver = (id: number, over: Partial<DriverRow> = {}): DriverRow => ({
  id, userId: null, name: `司机${id}`, phone: '13800000000', unitId: 1, regionCode: '130000', licenceClass: 'C1', licenceExpires: '2030-01-01', status: 'active', createdAt: new Date(), ...over,
});
const trip = (id: number, from: string, to: string, over: Partial<TripRow> = {}): TripRow => ({
  id, unitId: 1, regionCode: '130000', applicantId: 1, applicantName: '王建国', bookedById: 1, purpose: `行程${id}`, passengers: 2, passengerNames: '',
  startAt: at(from), endAt: at(to), originJson: JSON.stringify({ name: '省发改委', lat: 38.0455, lng: 114.5025 }),
  destinationsJson: JSON.stringify([{ name: '省政府', lat: 38.0466, lng: 114.5215 }]), category: null, seatsWanted: 2, vehiclesNeeded: 1, kind: 'in_city',
  priority: 'normal', status: 'approved', approvalStatus: 'approved', backfillDueAt: null, backfillOverdue: false, returnOverdue: false, reminded: false,
  costFen: 0, rating: null, ratingComment: null, cancelReason: null, createdAt: new Date(), updatedAt: new Date(), ...over,
});
const input = (over: Partial<PlanningInput> = {}): PlanningInput => ({
  date, nowMs: Date.parse('2026-12-01T02:00:00Z'), trips: [], vehicles: [], drivers: [], busy: { vehicles: new Map(), drivers: new Map() },
  usage: { vehicles: new Map(), drivers: new Map() }, positions: new Map(), depot, settings, slotMinutes: 5, ...over,
});

describe('day plan: from the platform\'s rows to the model', () => {
  it('when dates are turned into instants, then midnight and the local date are Asia/Shanghai\'s', () => {
    expect(new Date(dayStartMs(date)).toISOString()).toBe('2026-12-02T16:00:00.000Z');
    expect(localDate(Date.parse('2026-12-02T16:00:00.000Z'))).toBe(date);
    expect(localDate(Date.parse('2026-12-02T15:59:59.999Z'))).toBe('2026-12-02');
  });

  it('when cars and drivers are paired, then papers lapsing that day and the unpaired are left out with a reason, busy ones stay in around their bookings, and the least used go first', () => {
    const p = buildPlanning(input({
      vehicles: [vehicle(1), vehicle(2, { insuranceDue: date }), vehicle(3), vehicle(4), vehicle(5, { status: 'repair' as VehicleRow['status'] })],
      drivers: [driver(1), driver(2, { licenceExpires: '2026-12-02' }), driver(3)],
      busy: {
        vehicles: new Map([[3, [{ startMs: at('09:00').getTime(), endMs: at('10:00').getTime(), tripId: 41, place: { lat: 38.05, lng: 114.51 } }]]]),
        drivers: new Map([[1, [{ startMs: at('14:00').getTime(), endMs: at('16:00').getTime(), tripId: 42 }]]]),
      },
      usage: { vehicles: new Map([[1, { trips: 9, km: 900 }], [4, { trips: 1, km: 10 }]]), drivers: new Map([[1, { trips: 5, km: 0 }]]) },
    }));
    const reasons = new Map(p.excluded.map((e) => [`${e.kind}${e.id}`, e.reason]));
    // Insurance valid through the 3rd is fine; a lapse on the 2nd is not.
    expect(reasons.get('vehicle2')).toBeUndefined();
    expect(reasons.get('vehicle3')).toBeUndefined();
    expect(reasons.get('vehicle5')).toBe('车辆不在用');
    expect(reasons.get('driver2')).toBe('驾驶证 2026-12-02 到期');
    // Two drivers for four cars: the cars least driven this month (2 and 3: none) get the least busy drivers (3: none, then 1).
    // Cars 4 (10 km) and 1 (900 km) wait.
    expect([...p.pairs].map(([id, { v, d }]) => [id, v.id, d.id])).toEqual([['V2', 2, 3], ['V3', 3, 1]]);
    expect(reasons.get('vehicle1')).toBe('没有可配对的空闲驾驶员');
    expect(reasons.get('vehicle4')).toBe('没有可配对的空闲驾驶员');
    // Car 3's booking and driver 1's are the model's blocked intervals, in minutes of the day, at the booked trip's origin.
    const v3 = p.instance.vehicles.find((x) => x.id === 'V3')!;
    expect(v3.blocked).toEqual([{ id: '41', startMin: 540, endMin: 600, origin: { lat: 38.05, lng: 114.51 }, destination: { lat: 38.05, lng: 114.51 } }]);
    expect(v3.driver.blocked).toEqual([{ id: '42', startMin: 840, endMin: 960 }]);
    expect(p.instance.vehicles.find((x) => x.id === 'V2')).not.toHaveProperty('blocked');
  });

  it('when trips are turned into requests, then seats are asked per car, the window is whole minutes, and the turnaround covers a booking slot', () => {
    const p = buildPlanning(input({
      vehicles: [vehicle(1)], drivers: [driver(1)],
      trips: [trip(7, '09:00', '10:30', { passengers: 5, seatsWanted: 3, vehiclesNeeded: 2, category: 'general' })], slotMinutes: 15,
    }));
    expect(p.instance.requests).toEqual([expect.objectContaining({ id: 'T7', pickupMin: 540, durationMin: 90, passengers: 6, vehiclesNeeded: 2, category: 'general' })]);
    expect(p.instance.vehicles[0]).toMatchObject({ id: 'V1', seats: 4, start: depot, driver: { shiftStartMin: 420, shiftEndMin: 1260, maxDutyMin: 660 } });
    expect(p.instance.params!.turnaroundMin).toBe(15);
  });

  it('when the day is today, then no driver leaves before now', () => {
    const p = buildPlanning(input({ nowMs: at('10:17').getTime(), vehicles: [vehicle(1)], drivers: [driver(1)] }));
    expect(p.instance.vehicles[0]!.driver.shiftStartMin).toBe(617);
  });

  it('when a plan is presented, then routes carry plates, drivers and stops in time order, and unserved trips say why', () => {
    const p = buildPlanning(input({
      vehicles: [vehicle(1)], drivers: [driver(1)],
      trips: [trip(1, '08:00', '09:00'), trip(2, '10:00', '11:00'), trip(3, '06:00', '06:30'), trip(4, '14:00', '15:00', { category: 'emergency' })],
    }));
    const body = presentPlan(p, planDay(p.instance), 12, false, settings);
    expect(body.routes).toHaveLength(1);
    expect(body.routes[0]).toMatchObject({ plate: '冀A00101', driverName: '司机1' });
    expect(body.routes[0]!.stops.map((s) => s.tripId)).toEqual([1, 2]);
    expect(body.routes[0]!.stops[1]!.deadheadKm).toBe(0);
    expect(new Map(body.unserved.map((u) => [u.tripId, u.reason]))).toEqual(new Map([
      [3, '超出驾驶员工作时间 07:00–21:00，连续出车最长 11 小时'],
      [4, '没有座位（2 座以上）与车型相符的空闲车辆和驾驶员'],
    ]));
    expect(body.summary).toMatchObject({ trips: 4, vehicleSlots: 4, vehiclesAvailable: 1, vehiclesUsed: 1, unservedTrips: 2, computeMs: 12 });
  });

  it('when the only driver has a job dispatched 19:00–21:00, then the plan goes around it and an unserved trip says which booking or the duty it breaks', () => {
    const job = { startMs: at('19:00').getTime(), endMs: at('21:00').getTime(), tripId: 90, place: depot };
    const p = buildPlanning(input({
      vehicles: [vehicle(1)], drivers: [driver(1)], busy: { vehicles: new Map(), drivers: new Map([[1, [job]]]) },
      trips: [trip(1, '08:00', '09:00'), trip(2, '11:00', '12:00'), trip(3, '19:30', '20:00')],
    }));
    const body = presentPlan(p, planDay(p.instance), 12, false, settings);
    expect(body.routes.map((r) => r.stops.map((s) => s.tripId))).toEqual([[2]]);
    expect(new Map(body.unserved.map((u) => [u.tripId, u.reason]))).toEqual(new Map([
      // 11 h at most, the job ending at 21:00: nobody leaves before 10:00.
      [1, '连同当日已派任务，驾驶员当班将超过最长 11 小时：冀A·00101'],
      [3, '相符的车辆当日均有已派任务：冀A·00101（驾驶员 司机1） 与已派行程 90（19:00–21:00）时间重叠'],
    ]));
  });
});
