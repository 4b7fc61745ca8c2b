/**
 * An oracle for the day plan written apart from the solver (distances, rules and cost from the
 * model's definition in the README), and tiny days it can solve by exhaustive search. Used by
 * dayplan-optimality.test.ts and dayplan-thorough.test.ts.
 */
import {
  type DayInstance,
  type DayPlan,
  type DayRequest,
  type DayVehicle,
} from '../../../server/src/lib/dispatch-solver';
import { createSeededRandom } from '../../helpers/dispatch-instances';
import { haversineMetres } from '../../../shared/src/common/geo';

const SPEED_KMH = 40;
const ROAD_FACTOR = 1.3;
const TURNAROUND = 5;
const PENALTY = 100_000;
function roadMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  return Math.round(haversineMetres(a, b) * ROAD_FACTOR);
}
const minutes = (metres: number): number => Math.ceil(metres / ((SPEED_KMH * 1000) / 60));

/** Cost of one vehicle's trips (any order given; sorted here), or null if it breaks a rule. */
function routeCost(v: DayVehicle, trips: readonly DayRequest[], fixed: number): number | null {
  if (trips.length === 0) return 0;
  const sorted = [...trips].sort((a, b) => a.pickupMin - b.pickupMin);
  let metres = 0;
  let departure = 0;
  for (let k = 0; k < sorted.length; k++) {
    const r = sorted[k] as DayRequest;
    if (v.seats < Math.ceil(r.passengers / r.vehiclesNeeded)) return null;
    if (r.category !== null && r.category !== v.category) return null;
    if (k === 0) {
      const m = roadMetres(v.start, r.origin);
      metres += m;
      departure = r.pickupMin - minutes(m);
      if (departure < v.driver.shiftStartMin) return null;
    } else {
      const p = sorted[k - 1] as DayRequest;
      const m = roadMetres(p.destination, r.origin);
      if (p.pickupMin + p.durationMin + TURNAROUND + minutes(m) > r.pickupMin) return null;
      metres += m;
    }
    const end = r.pickupMin + r.durationMin;
    if (end > v.driver.shiftEndMin || end - departure > v.driver.maxDutyMin) return null;
  }
  return fixed + metres;
}

/** Checks every rule of a plan and returns its cost (throws on a violation). */
export function checkedCost(inst: DayInstance, plan: DayPlan, fixed: number): number {
  const byId = new Map(inst.requests.map((r) => [r.id, r]));
  const vehicles = new Set<string>();
  const served = new Map<string, number>();
  let total = 0;
  for (const route of plan.routes) {
    const v = inst.vehicles.find((x) => x.id === route.vehicleId);
    if (!v || vehicles.has(v.id)) throw new Error(`bad vehicle ${route.vehicleId}`);
    vehicles.add(v.id);
    if (new Set(route.requestIds).size !== route.requestIds.length) throw new Error('a vehicle twice on one request');
    const trips = route.requestIds.map((id) => byId.get(id) as DayRequest);
    const pickups = trips.map((t) => t.pickupMin);
    if (pickups.some((p, k) => k > 0 && p < (pickups[k - 1] as number))) throw new Error('route not in time order');
    const cost = routeCost(v, trips, fixed);
    if (cost === null) throw new Error(`route of ${v.id} breaks a rule`);
    total += cost;
    for (const id of route.requestIds) served.set(id, (served.get(id) ?? 0) + 1);
  }
  for (const r of inst.requests) {
    const n = served.get(r.id) ?? 0;
    if (n !== 0 && n !== r.vehiclesNeeded) throw new Error(`request ${r.id} partly served`);
    if ((n === 0) !== plan.unservedRequestIds.includes(r.id)) throw new Error(`unserved list wrong for ${r.id}`);
    total += (r.vehiclesNeeded - n) * PENALTY;
  }
  return total;
}

/** Exhaustive optimum: every slot to one of the vehicles or unserved. */
export function optimum(inst: DayInstance, fixed: number): number {
  const slots = inst.requests.flatMap((r) => Array.from({ length: r.vehiclesNeeded }, () => r));
  const nV = inst.vehicles.length;
  let best = Infinity;
  const choice = new Array<number>(slots.length).fill(-1);
  const visit = (k: number): void => {
    if (k === slots.length) {
      let total = 0;
      for (const r of inst.requests) {
        const vs = slots.map((s, i) => (s === r ? choice[i] : -2)).filter((x) => x !== -2) as number[];
        const used = vs.filter((x) => x >= 0);
        if (used.length !== 0 && used.length !== r.vehiclesNeeded) return;
        if (new Set(used).size !== used.length) return;
        total += (r.vehiclesNeeded - used.length) * PENALTY;
      }
      for (let v = 0; v < nV; v++) {
        const trips = slots.filter((_, i) => choice[i] === v);
        const cost = routeCost(inst.vehicles[v] as DayVehicle, trips, fixed);
        if (cost === null) return;
        total += cost;
      }
      best = Math.min(best, total);
      return;
    }
    for (let v = -1; v < nV; v++) {
      choice[k] = v;
      visit(k + 1);
    }
  };
  visit(0);
  return best;
}

export function smallInstance(seed: number): { instance: DayInstance; fixed: number } {
  const rnd = createSeededRandom(seed);
  const place = () => ({ lat: 38.04 + rnd.between(-0.15, 0.15), lng: 114.51 + rnd.between(-0.15, 0.15) });
  const requests: DayRequest[] = [];
  let slots = 0;
  for (let i = 0; i < 5; i++) {
    const need = Math.min(rnd.pick([1, 1, 2, 3]), 6 - slots);
    if (need <= 0) break;
    slots += need;
    requests.push({
      id: `R${i + 1}`,
      pickupMin: 420 + 5 * rnd.int(0, 60),
      durationMin: rnd.pick([20, 30, 45, 60, 90, 120]),
      origin: place(),
      destination: place(),
      passengers: need * rnd.int(1, 5),
      category: rnd.pick([null, null, 'law_enforcement']),
      vehiclesNeeded: need,
    });
  }
  const vehicles: DayVehicle[] = Array.from({ length: 3 }, (_, i) => ({
    id: `V${i + 1}`,
    plate: `冀A0000${i + 1}`,
    start: place(),
    seats: rnd.pick([4, 6]),
    category: rnd.pick(['general', 'general', 'law_enforcement']),
    driver: { id: `D${i + 1}`, shiftStartMin: rnd.int(380, 480), shiftEndMin: rnd.int(560, 800), maxDutyMin: rnd.int(90, 400) },
  }));
  const fixed = rnd.pick([0, 5_000, 20_000]);
  const params = { speedKmh: SPEED_KMH, roadFactor: ROAD_FACTOR, turnaroundMin: TURNAROUND, fixedCostPerVehicle: fixed, unservedPenalty: PENALTY };
  return { instance: { requests, vehicles, params }, fixed };
}
