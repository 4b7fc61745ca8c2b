/**
 * Seeded, realistic day instances: trips 07:00–20:00 around Shijiazhuang, 10 % of requests needing
 * 2–3 vehicles, mixed categories and seats, drivers on early/day/late shifts. Same seed, same day.
 */
import {
  CATEGORIES,
  DEMAND_CATEGORY_WEIGHTS,
  FLEET_CATEGORY_WEIGHTS,
  randomPlace,
  randomSeats,
} from './instance-geography';
import { createSeededRandom } from './seeded-random';
import type { DayInstance, DayPlanParams, DayRequest, DayVehicle } from '../../../server/src/lib/dispatch-solver';

export interface DayInstanceOptions {
  readonly requests: number;
  readonly vehicles: number;
  /** Share of requests needing 2–3 vehicles (default 0.1). */
  readonly multiVehicleShare?: number;
  readonly params?: Partial<DayPlanParams>;
}

const DAY_START = 7 * 60;
const DAY_END = 20 * 60;
const DURATIONS = [20, 30, 45, 60, 90, 120, 180] as const;
const DURATION_WEIGHTS = [20, 30, 24, 13, 7, 4, 2] as const;
/** Early, day and late shifts: [start, end, max duty] in minutes. */
const SHIFTS: readonly (readonly [number, number, number])[] = [
  [6.5 * 60, 19.5 * 60, 660],
  [7.5 * 60, 20.5 * 60, 660],
  [8 * 60, 18 * 60, 540],
];
const SHIFT_WEIGHTS = [30, 40, 30] as const;

export function generateDayInstance(seed: number, options: DayInstanceOptions): DayInstance {
  const rnd = createSeededRandom(seed);
  const multiShare = options.multiVehicleShare ?? 0.1;
  const vehicles: DayVehicle[] = [];
  for (let i = 0; i < options.vehicles; i++) {
    const category = rnd.pick(CATEGORIES, FLEET_CATEGORY_WEIGHTS);
    const [shiftStartMin, shiftEndMin, maxDutyMin] = rnd.pick(SHIFTS, SHIFT_WEIGHTS);
    vehicles.push({
      id: `V${i + 1}`,
      plate: `冀A${String(10000 + i).padStart(5, '0')}`,
      start: randomPlace(rnd, 0.9),
      seats: randomSeats(rnd, category),
      category,
      driver: { id: `D${i + 1}`, shiftStartMin, shiftEndMin, maxDutyMin },
    });
  }
  const requests: DayRequest[] = [];
  for (let i = 0; i < options.requests; i++) {
    const durationMin = rnd.pick(DURATIONS, DURATION_WEIGHTS);
    // Morning and afternoon peaks over a uniform base, as office trips go.
    const peak = rnd.pick([9 * 60, 14.5 * 60, -1], [25, 20, 55]);
    const raw = peak < 0 ? rnd.between(DAY_START, DAY_END) : peak + rnd.normal() * 60;
    const latest = DAY_END - durationMin;
    const pickupMin = Math.round(Math.max(DAY_START, Math.min(latest, raw)) / 5) * 5;
    const vehiclesNeeded = rnd.next() < multiShare ? rnd.int(2, 3) : 1;
    const perVehicle = rnd.pick([1, 2, 3, 4, 5, 6], [30, 28, 18, 14, 6, 4]);
    const demanded = rnd.pick([null, ...CATEGORIES.slice(1)], DEMAND_CATEGORY_WEIGHTS);
    requests.push({
      id: `R${i + 1}`,
      pickupMin,
      durationMin,
      origin: randomPlace(rnd),
      destination: randomPlace(rnd),
      passengers: vehiclesNeeded > 1 ? vehiclesNeeded * rnd.int(2, 4) : perVehicle,
      // A delegation rides in general-purpose cars; special categories come one at a time.
      category: vehiclesNeeded > 1 ? null : demanded,
      vehiclesNeeded,
    });
  }
  return { requests, vehicles, params: options.params ?? {} };
}
