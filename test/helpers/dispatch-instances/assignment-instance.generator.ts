/**
 * Seeded batches for 一键派车 around Shijiazhuang: requests in one day's 07:00–20:00, vehicles with
 * a few existing bookings, some insurance / inspection / licence lapsing, mixed use this month.
 */
import {
  CATEGORIES,
  DEMAND_CATEGORY_WEIGHTS,
  FLEET_CATEGORY_WEIGHTS,
  randomPlace,
  randomSeats,
} from './instance-geography';
import { createSeededRandom, type SeededRandom } from './seeded-random';
import type { AssignmentRequest, AssignmentVehicle, TimeWindow } from '../../../server/src/lib/dispatch-solver';

export interface AssignmentInstance {
  readonly requests: AssignmentRequest[];
  readonly vehicles: AssignmentVehicle[];
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** 2026-03-02 00:00 Asia/Shanghai (UTC+8), in epoch ms. */
const DAY_START_MS = Date.UTC(2026, 2, 1, 16, 0);

function windowAt(rnd: SeededRandom, minMinute: number, maxMinute: number): TimeWindow {
  const durationMin = rnd.pick([20, 30, 45, 60, 90, 120, 180], [14, 25, 24, 17, 10, 6, 4]);
  const startMin = Math.round(rnd.between(minMinute, maxMinute - durationMin) / 5) * 5;
  return { startMs: DAY_START_MS + startMin * MINUTE, endMs: DAY_START_MS + (startMin + durationMin) * MINUTE };
}

/** Due date: mostly months ahead, sometimes today (before the trips end) or already past. */
function dueDate(rnd: SeededRandom, lapseShare: number): number {
  const u = rnd.next();
  if (u < lapseShare / 2) return DAY_START_MS - rnd.int(1, 30) * DAY;
  if (u < lapseShare) return DAY_START_MS + rnd.int(8, 14) * 60 * MINUTE;
  return DAY_START_MS + rnd.int(2, 330) * DAY;
}

export function generateAssignmentInstance(
  seed: number,
  options: { readonly requests: number; readonly vehicles: number },
): AssignmentInstance {
  const rnd = createSeededRandom(seed);
  const vehicles: AssignmentVehicle[] = [];
  for (let i = 0; i < options.vehicles; i++) {
    const category = rnd.pick(CATEGORIES, FLEET_CATEGORY_WEIGHTS);
    const busy = Array.from({ length: rnd.pick([0, 1, 2], [50, 35, 15]) }, () => windowAt(rnd, 7 * 60, 20 * 60));
    const driverBusy = Array.from({ length: rnd.pick([0, 1], [80, 20]) }, () => windowAt(rnd, 7 * 60, 20 * 60));
    vehicles.push({
      id: `V${i + 1}`,
      plate: `冀A${String(10000 + i).padStart(5, '0')}`,
      position: randomPlace(rnd, 0.9),
      seats: randomSeats(rnd, category),
      category,
      insuranceDueMs: dueDate(rnd, 0.03),
      inspectionDueMs: dueDate(rnd, 0.03),
      usage: { trips: rnd.int(0, 24), km: rnd.int(0, 2400) },
      busy,
      driver: {
        id: `D${i + 1}`,
        name: `驾驶员${i + 1}`,
        licenceExpiresMs: dueDate(rnd, 0.02),
        usage: { trips: rnd.int(0, 24), km: rnd.int(0, 2400) },
        busy: driverBusy,
      },
    });
  }
  const requests: AssignmentRequest[] = [];
  for (let i = 0; i < options.requests; i++) {
    requests.push({
      id: `R${i + 1}`,
      origin: randomPlace(rnd),
      window: windowAt(rnd, 7 * 60, 20 * 60),
      passengers: rnd.pick([1, 2, 3, 4, 5, 6, 8], [28, 28, 18, 14, 6, 4, 2]),
      category: rnd.pick([null, ...CATEGORIES.slice(1)], DEMAND_CATEGORY_WEIGHTS),
    });
  }
  return { requests, vehicles };
}
