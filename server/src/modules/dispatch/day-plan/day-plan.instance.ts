/**
 * From the platform's rows to the day plan model (lib/dispatch-solver/dayplan.types.ts) and back. Pure.
 *
 * Decisions where the model and the platform differ:
 *  - a trip's booked window [startAt, endAt) is the time the car is taken; the car ends it back at
 *    the trip's origin (the passengers are brought back: 预计返回), so the next trip is reached from there;
 *  - a vehicle and a driver are paired for the whole day; vehicles and drivers whose insurance,
 *    inspection or licence lapses by the day's end stay out of the plan (listed); those already booked
 *    that day (trips dispatched outside the plan) stay in, and the plan goes around those bookings: each
 *    is a blocked interval of the model (DayBlock) at the booked trip's origin, where it starts and ends;
 *    the least used vehicles (km this month) get the least used drivers (trips this month) first;
 *  - drivers' hours are the unit's working day (settings); planning today, nobody leaves before now;
 *  - the turnaround is at least the booking slot, so chained trips never share a slot.
 */
import type { DriverRow, VehicleRow } from '../../fleet';
import type { TripRow } from '../../trips';
import { destinationsOf, driverProblems, originOf, vehicleProblems } from '../../trips';
import { buildDayModel, haversineMetres, type DayBlock, type DayModel, type DayInstance, type DayPlanResult, type DayRequest, type DayVehicle, type LatLng } from '../../../lib/dispatch-solver';
import type { DayPlan, DayPlanStop } from '@shared/trips/day-plan.schemas';
import { shanghaiDate, shanghaiTime, startOfShanghaiDay } from '@shared/common/time';
import { formatPlate } from '@shared/common/format';
import type { DayPlanSettings } from './day-plan.config';

export interface Window { startMs: number; endMs: number; tripId?: number; place?: LatLng }
type Usage = Map<number, { trips: number; km: number }>;

export interface PlanningInput {
  date: string;
  nowMs: number;
  trips: TripRow[];
  vehicles: VehicleRow[];
  drivers: DriverRow[];
  busy: { vehicles: Map<number, Window[]>; drivers: Map<number, Window[]> };
  usage: { vehicles: Usage; drivers: Usage };
  positions: Map<number, LatLng>;
  depot: LatLng;
  settings: DayPlanSettings;
  slotMinutes: number;
}

export type Excluded = DayPlan['excluded'][number];

export interface Planning {
  instance: DayInstance;
  dayStartMs: number;
  trips: Map<string, TripRow>;
  pairs: Map<string, { v: VehicleRow; d: DriverRow }>;
  excluded: Excluded[];
}

export const ROAD_FACTOR = 1.3;
/** Cost of using one more vehicle, in metres of empty driving (20 km), and of leaving a vehicle-slot unserved (500 km). */
const FIXED_COST_PER_VEHICLE = 20_000;
const UNSERVED_PENALTY = 500_000;
const MINUTE = 60_000;

/** 00:00 of a local date (Asia/Shanghai) as a UTC instant. */
export function dayStartMs(date: string): number {
  return startOfShanghaiDay(date).getTime();
}

/** `YYYY-MM-DD` of an instant in Asia/Shanghai. */
export function localDate(ms: number): string {
  return shanghaiDate(ms);
}

const hhmm = (ms: number): string => shanghaiTime(ms);

export function buildPlanning(input: PlanningInput): Planning {
  const { settings } = input;
  const start = dayStartMs(input.date);
  const end = start + 24 * 60 * MINUTE;
  // Papers due on the day itself are valid through its last millisecond.
  const lastMs = end - 1;
  const excluded: Excluded[] = [];
  const overlapping = (ws: Window[] | undefined) => (ws ?? []).filter((w) => w.startMs < end && w.endMs > start);

  const vehicles: VehicleRow[] = [];
  for (const v of input.vehicles) {
    // The dispatch rules themselves, over the whole day (seats and category are the plan's to match).
    const reasons = vehicleProblems(v, { endMs: lastMs, seatsWanted: 0, category: null });
    if (reasons.length) excluded.push({ kind: 'vehicle', id: v.id, name: v.plate, reason: reasons.join('；') });
    else vehicles.push(v);
  }
  const drivers: DriverRow[] = [];
  for (const d of input.drivers) {
    const reasons = driverProblems(d, { endMs: lastMs });
    if (reasons.length) excluded.push({ kind: 'driver', id: d.id, name: d.name, reason: reasons.join('；') });
    else drivers.push(d);
  }
  const byUse = <T extends { id: number }>(rows: T[], use: Usage, key: 'km' | 'trips') =>
    [...rows].sort((a, b) => (use.get(a.id)?.[key] ?? 0) - (use.get(b.id)?.[key] ?? 0) || a.id - b.id);
  const vs = byUse(vehicles, input.usage.vehicles, 'km');
  const ds = byUse(drivers, input.usage.drivers, 'trips');
  for (const v of vs.slice(ds.length)) excluded.push({ kind: 'vehicle', id: v.id, name: v.plate, reason: '没有可配对的空闲驾驶员' });
  for (const d of ds.slice(vs.length)) excluded.push({ kind: 'driver', id: d.id, name: d.name, reason: '车辆已配齐，备用' });

  const nowMin = Math.ceil((input.nowMs - start) / MINUTE);
  const shiftStartMin = Math.max(settings.shiftStartMin, Math.min(nowMin, 24 * 60));
  // A booking as the model's blocked interval: whole minutes of the day, at the booked trip's origin.
  const blocks = (ws: Window[] | undefined): DayBlock[] | undefined => {
    const list = overlapping(ws).map((w, i) => ({
      id: w.tripId != null ? String(w.tripId) : `#${i + 1}`,
      startMin: Math.floor((w.startMs - start) / MINUTE), endMin: Math.ceil((w.endMs - start) / MINUTE),
      ...(w.place ? { origin: w.place, destination: w.place } : {}),
    }));
    return list.length ? list : undefined;
  };
  const pairs = new Map<string, { v: VehicleRow; d: DriverRow }>();
  const dayVehicles: DayVehicle[] = [];
  // Within the cars and drivers chosen, a car goes with the driver booked on the same trips that day
  // (the booking then takes one pair's time, not two pairs'); the others pair in order of use.
  const chosen = ds.slice(0, vs.length);
  const bookedOn = (ws: Window[] | undefined) => overlapping(ws).map((w) => w.tripId ?? '').sort().join(',');
  const partner = new Map<number, DriverRow>();
  const taken = new Set<number>();
  for (const v of vs.slice(0, chosen.length)) {
    const key = bookedOn(input.busy.vehicles.get(v.id));
    const d = key ? chosen.find((x) => !taken.has(x.id) && bookedOn(input.busy.drivers.get(x.id)) === key) : undefined;
    if (d) {
      partner.set(v.id, d);
      taken.add(d.id);
    }
  }
  const rest = chosen.filter((d) => !taken.has(d.id));
  vs.slice(0, chosen.length).forEach((v) => {
    const d = partner.get(v.id) ?? rest.shift()!;
    const id = `V${v.id}`;
    pairs.set(id, { v, d });
    const vehicleBlocks = blocks(input.busy.vehicles.get(v.id));
    const driverBlocks = blocks(input.busy.drivers.get(d.id));
    dayVehicles.push({
      id, plate: v.plate, start: input.positions.get(v.id) ?? input.depot, seats: v.seats - 1, category: v.category,
      driver: { id: `D${d.id}`, shiftStartMin, shiftEndMin: settings.shiftEndMin, maxDutyMin: settings.maxDutyMin, ...(driverBlocks ? { blocked: driverBlocks } : {}) },
      ...(vehicleBlocks ? { blocked: vehicleBlocks } : {}),
    });
  });

  const trips = new Map<string, TripRow>();
  const requests: DayRequest[] = [];
  for (const t of [...input.trips].sort((a, b) => new Date(a.startAt).getTime() - new Date(b.startAt).getTime() || a.id - b.id)) {
    const id = `T${t.id}`;
    trips.set(id, t);
    const pickupMin = Math.floor((new Date(t.startAt).getTime() - start) / MINUTE);
    const endMin = Math.ceil((new Date(t.endAt).getTime() - start) / MINUTE);
    const origin = originOf(t);
    requests.push({
      id, pickupMin, durationMin: Math.max(1, endMin - pickupMin), origin, destination: origin,
      // seatsWanted is per vehicle: the model shares passengers evenly, so ask for seatsWanted on each.
      passengers: t.seatsWanted * t.vehiclesNeeded, category: t.category, vehiclesNeeded: t.vehiclesNeeded,
    });
  }
  return {
    instance: {
      requests, vehicles: dayVehicles,
      params: {
        speedKmh: settings.speedKmh, roadFactor: ROAD_FACTOR, turnaroundMin: Math.max(settings.turnaroundMin, input.slotMinutes),
        fixedCostPerVehicle: FIXED_COST_PER_VEHICLE, unservedPenalty: UNSERVED_PENALTY,
      },
    },
    dayStartMs: start,
    trips,
    pairs,
    excluded,
  };
}

/**
 * The plan as stored (result_json): what the dispatcher is shown, and the adjustments made to it.
 * `removed`: trips the dispatcher took out of the plan (out of its day: no penalty, and the bound is
 * the reduced day's); `bound`: the solver's bound of the whole day. Both absent on plans made before
 * adjustments existed.
 */
export type PlanBody = Pick<DayPlan, 'summary' | 'routes' | 'unserved' | 'excluded'> & {
  edits?: DayPlan['edits'];
  removed?: number[];
  bound?: { lowerBound: number; boundIsLp: boolean };
};

/** A trip as a plan shows it, without the empty driving before it (which depends on the car's day). */
export type TripInfo = Omit<DayPlanStop, 'deadheadKm'>;

/**
 * What the solver was given (model_json), so that an adjustment is checked by the same rules and costed
 * the same way: the instance, each of its cars with the platform's names, each trip as shown.
 */
export interface PlanModel {
  instance: DayInstance;
  cars: Array<{ id: string; vehicleId: number; plate: string; seats: number; driverId: number; driverName: string }>;
  trips: Record<string, TripInfo>;
}

export const km = (metres: number): number => Math.round(metres / 100) / 10;

function tripInfo(t: TripRow): TripInfo {
  const origin = originOf(t);
  const destinations = destinationsOf(t);
  return {
    tripId: t.id, purpose: t.purpose, startAt: new Date(t.startAt).toISOString(), endAt: new Date(t.endAt).toISOString(),
    originName: origin.name, destinationName: destinations[destinations.length - 1]?.name ?? origin.name,
    passengers: t.passengers, vehiclesNeeded: t.vehiclesNeeded,
  };
}

export function planModel(p: Planning): PlanModel {
  return {
    instance: p.instance,
    cars: p.instance.vehicles.map((x) => {
      const { v, d } = p.pairs.get(x.id)!;
      return { id: x.id, vehicleId: v.id, plate: v.plate, seats: v.seats, driverId: d.id, driverName: d.name };
    }),
    trips: Object.fromEntries([...p.trips].map(([id, t]) => [id, tripInfo(t)])),
  };
}

/** The solver's plan in the platform's words: routes by plate and driver, each trip unserved with its reason. */
export function presentPlan(p: Planning, result: DayPlanResult, computeMs: number, boundIsLp: boolean, settings: DayPlanSettings): PlanBody {
  const { plan } = result;
  const routeMetres = (a: LatLng, b: LatLng) => haversineMetres(a, b) * ROAD_FACTOR;
  const routes = plan.routes.map((r) => {
    const { v, d } = p.pairs.get(r.vehicleId)!;
    const startAt = p.instance.vehicles.find((x) => x.id === r.vehicleId)!.start;
    let at: LatLng = startAt;
    const stops = r.requestIds.map((rid) => {
      const t = p.trips.get(rid)!;
      const origin = originOf(t);
      const deadheadKm = km(routeMetres(at, origin));
      at = origin;
      return { ...tripInfo(t), deadheadKm };
    });
    return { vehicleId: v.id, plate: v.plate, seats: v.seats, driverId: d.id, driverName: d.name, stops, deadheadKm: km(r.deadheadMetres), dutyMinutes: r.dutyMin };
  }).sort((a, b) => a.stops[0]!.startAt.localeCompare(b.stops[0]!.startAt) || a.plate.localeCompare(b.plate));

  const m = plan.unservedRequestIds.length ? buildDayModel(p.instance) : null;
  const unserved = plan.unservedRequestIds.map((rid) => {
    const t = p.trips.get(rid)!;
    return { tripId: t.id, purpose: t.purpose, startAt: new Date(t.startAt).toISOString(), reason: unservedReason(p, t, settings, m!) };
  });
  const slots = p.instance.requests.reduce((n, r) => n + r.vehiclesNeeded, 0);
  const { cost } = plan;
  return {
    summary: {
      trips: p.trips.size, vehicleSlots: slots, vehiclesAvailable: p.pairs.size, vehiclesUsed: cost.vehiclesUsed, deadheadKm: km(cost.deadheadMetres),
      unservedTrips: unserved.length, cost: cost.total, lowerBound: result.lowerBound,
      gapPercent: result.lowerBound > 0 ? Math.round((1000 * (cost.total - result.lowerBound)) / result.lowerBound) / 10 : 0,
      boundIsLp, greedyCost: result.greedyCost, computeMs: Math.round(computeMs),
    },
    routes,
    unserved,
    excluded: p.excluded,
  };
}

const clock = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/** Why a trip cannot go on a car around one of the car's (or its driver's) bookings outside the plan, in the dispatcher's words. */
export function bookingConflict(block: DayBlock, tripId: string, pickupMin: number, endMin: number, turnaroundMin: number): string {
  const booking = `已派行程 ${block.id}（${clock(block.startMin)}–${clock(block.endMin)}）`;
  if (pickupMin < block.endMin && endMin > block.startMin) return `与${booking}时间重叠`;
  return pickupMin >= block.endMin
    ? `${booking}结束后需间隔 ${turnaroundMin} 分钟并赶到，来不及行程 ${tripId} ${clock(pickupMin)} 上车`
    : `行程 ${tripId} ${clock(endMin)} 结束后需间隔 ${turnaroundMin} 分钟，赶不及${booking}`;
}

function unservedReason(p: Planning, t: TripRow, settings: DayPlanSettings, m: DayModel): string {
  const ri = p.instance.requests.findIndex((x) => x.id === `T${t.id}`);
  const r = p.instance.requests[ri]!;
  const hours = `驾驶员工作时间 ${clock(settings.shiftStartMin)}–${clock(settings.shiftEndMin)}，连续出车最长 ${settings.maxDutyMin / 60} 小时`;
  if (r.pickupMin < settings.shiftStartMin || r.pickupMin + r.durationMin > settings.shiftEndMin || r.durationMin > settings.maxDutyMin) {
    return `超出${hours}`;
  }
  const fit = p.instance.vehicles.filter((v) => v.seats >= t.seatsWanted && (t.category === null || t.category === v.category));
  if (fit.length === 0) return `没有座位（${t.seatsWanted} 座以上）与车型相符的空闲车辆和驾驶员`;
  if (fit.length < t.vehiclesNeeded) return `多车同派需 ${t.vehiclesNeeded} 辆，相符的空闲车辆只有 ${fit.length} 辆`;
  // Cars that fit but whose own bookings (or their drivers') are in the way: named with the booking.
  const clash = p.instance.vehicles.flatMap((v, vi) => {
    const b = m.blockedBy[vi * m.nR + ri]!;
    const block = m.blocks[vi]![b - 1];
    // A booking of the driver paired with the car, not of the car itself, names the driver.
    const who = b > 0 && v.driver.blocked?.includes(block!) && !v.blocked?.some((x) => x.id === block!.id)
      ? `${formatPlate(v.plate)}（驾驶员 ${p.pairs.get(v.id)!.d.name}）` : formatPlate(v.plate);
    return b > 0 ? [`${who} ${bookingConflict(m.blocks[vi]![b - 1]!, String(t.id), r.pickupMin, r.pickupMin + r.durationMin, m.params.turnaroundMin)}`] : [];
  });
  if (fit.length - clash.length < t.vehiclesNeeded) {
    return `${clash.length === fit.length ? '相符的车辆当日均有已派任务' : `相符的 ${fit.length} 辆车中 ${clash.length} 辆与当日已派任务冲突，凑不齐 ${t.vehiclesNeeded} 辆`}：${clash.join('；')}`;
  }
  // Cars clear of their bookings whose driver's day, bookings included, would run past the longest duty.
  const overDuty = p.instance.vehicles.filter((v, vi) => {
    if (m.fits[vi * m.nR + ri] !== 1 || !m.blocks[vi]!.length) return false;
    const departure = r.pickupMin - m.startMinutes[vi * m.nR + ri]!;
    const end = r.pickupMin + r.durationMin;
    const ownHours = departure >= v.driver.shiftStartMin && end <= v.driver.shiftEndMin;
    return ownHours && (departure < m.shiftStart[vi]! || end > m.shiftEnd[vi]!);
  });
  if (fit.length - clash.length - overDuty.length < t.vehiclesNeeded) {
    return `连同当日已派任务，驾驶员当班将超过最长 ${settings.maxDutyMin / 60} 小时：${overDuty.map((v) => formatPlate(v.plate)).join('、')}${clash.length ? `；${clash.join('；')}` : ''}`;
  }
  if (p.instance.vehicles.every((v) => v.driver.shiftStartMin >= r.pickupMin)) return '出发时间已过或来不及到达';
  return t.vehiclesNeeded > 1
    ? `该时段相符的车辆已排满，凑不齐 ${t.vehiclesNeeded} 辆（多车同派不拆分）`
    : '该时段相符的车辆已排满（与其他行程时间冲突或赶不及），请人工派车或转租赁企业';
}
