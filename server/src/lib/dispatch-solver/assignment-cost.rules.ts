/**
 * Cost and feasibility of one (request, vehicle+driver) pair for 一键派车 (DOMAIN §4: free in the
 * window, fit for seats and category, valid insurance/inspection, balancing use).
 *
 * Infeasible: seats < passengers; the request demands a category the vehicle lacks; insurance or
 * annual inspection (年检) due before the request ends; the driver's licence expires before it ends;
 * the vehicle or the driver is booked in an overlapping window.
 * Cost (integer, unit = one metre): pickup distance (haversine metres, vehicle → origin) × w1
 * + wasted seats × w2 + (special-category car for a request with no category demand) × w3
 * + usage index × w4, each term rounded to an integer so optimal totals compare exactly.
 */
import { haversineWholeMetres } from './geo.rules';
import type {
  AssignmentCostMatrix,
  AssignmentOptions,
  AssignmentRequest,
  AssignmentVehicle,
  AssignmentWeights,
  CostComponents,
  InfeasibleReason,
  PairEvaluation,
  PoolUsage,
  TimeWindow,
} from './assignment.types';

export const DEFAULT_ASSIGNMENT_WEIGHTS: AssignmentWeights = {
  perPickupMetre: 1,
  perWastedSeat: 1_500,
  specialCategoryUse: 8_000,
  perUsageIndex: 4_000,
};

export const DEFAULT_GENERAL_CATEGORY = 'general';

export function resolveWeights(options: AssignmentOptions = {}): AssignmentWeights {
  return { ...DEFAULT_ASSIGNMENT_WEIGHTS, ...options.weights };
}

export function windowsOverlap(a: TimeWindow, b: TimeWindow): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

function overlapsAny(window: TimeWindow, busy: readonly TimeWindow[]): boolean {
  for (const b of busy) if (windowsOverlap(window, b)) return true;
  return false;
}

/** Every rule the pair breaks, in a fixed order; empty when feasible. */
export function infeasibleReasons(
  request: AssignmentRequest,
  vehicle: AssignmentVehicle,
): InfeasibleReason[] {
  const reasons: InfeasibleReason[] = [];
  const end = request.window.endMs;
  if (vehicle.seats < request.passengers) reasons.push('seats');
  if (request.category !== null && request.category !== vehicle.category) reasons.push('category');
  if (vehicle.insuranceDueMs < end) reasons.push('insurance');
  if (vehicle.inspectionDueMs < end) reasons.push('inspection');
  if (vehicle.driver.licenceExpiresMs < end) reasons.push('licence');
  if (overlapsAny(request.window, vehicle.busy)) reasons.push('vehicle-busy');
  if (overlapsAny(request.window, vehicle.driver.busy)) reasons.push('driver-busy');
  return reasons;
}

/** Same rules as infeasibleReasons, without allocating: the hot path of the matrix build. */
function isFeasible(request: AssignmentRequest, vehicle: AssignmentVehicle): boolean {
  const end = request.window.endMs;
  return (
    vehicle.seats >= request.passengers &&
    (request.category === null || request.category === vehicle.category) &&
    vehicle.insuranceDueMs >= end &&
    vehicle.inspectionDueMs >= end &&
    vehicle.driver.licenceExpiresMs >= end &&
    !overlapsAny(request.window, vehicle.busy) &&
    !overlapsAny(request.window, vehicle.driver.busy)
  );
}

export function poolUsage(vehicles: readonly AssignmentVehicle[]): PoolUsage {
  const n = Math.max(1, vehicles.length);
  let vt = 0;
  let vk = 0;
  let dt = 0;
  let dk = 0;
  for (const v of vehicles) {
    vt += v.usage.trips;
    vk += v.usage.km;
    dt += v.driver.usage.trips;
    dk += v.driver.usage.km;
  }
  return { vehicleTrips: vt / n, vehicleKm: vk / n, driverTrips: dt / n, driverKm: dk / n };
}

/** x relative to the pool mean; an all-zero pool counts everyone as exactly average. */
function relative(x: number, mean: number): number {
  return mean > 0 ? x / mean : 1;
}

/** 1.0 = vehicle and driver both used exactly as much as the pool mean this month. */
export function usageIndex(vehicle: AssignmentVehicle, pool: PoolUsage): number {
  return (
    (relative(vehicle.usage.trips, pool.vehicleTrips) +
      relative(vehicle.usage.km, pool.vehicleKm) +
      relative(vehicle.driver.usage.trips, pool.driverTrips) +
      relative(vehicle.driver.usage.km, pool.driverKm)) /
    4
  );
}

export function balanceCost(vehicle: AssignmentVehicle, pool: PoolUsage, w: AssignmentWeights): number {
  return Math.round(usageIndex(vehicle, pool) * w.perUsageIndex);
}

function categoryCost(
  request: AssignmentRequest,
  vehicle: AssignmentVehicle,
  w: AssignmentWeights,
  general: string,
): number {
  return request.category === null && vehicle.category !== general
    ? Math.round(w.specialCategoryUse)
    : 0;
}

/** Cost components of a pair assumed feasible. */
export function pairComponents(
  request: AssignmentRequest,
  vehicle: AssignmentVehicle,
  pool: PoolUsage,
  options: AssignmentOptions = {},
): CostComponents {
  const w = resolveWeights(options);
  const general = options.generalCategory ?? DEFAULT_GENERAL_CATEGORY;
  const pickupMetres = haversineWholeMetres(vehicle.position, request.origin);
  const pickupCost = Math.round(pickupMetres * w.perPickupMetre);
  const wastedSeats = Math.max(0, vehicle.seats - request.passengers);
  const seatCost = Math.round(wastedSeats * w.perWastedSeat);
  const catCost = categoryCost(request, vehicle, w, general);
  const index = usageIndex(vehicle, pool);
  const balance = balanceCost(vehicle, pool, w);
  return {
    pickupMetres,
    pickupCost,
    seats: vehicle.seats,
    passengers: request.passengers,
    wastedSeats,
    seatCost,
    categoryCost: catCost,
    usageIndex: index,
    balanceCost: balance,
    total: pickupCost + seatCost + catCost + balance,
  };
}

export function evaluatePair(
  request: AssignmentRequest,
  vehicle: AssignmentVehicle,
  pool: PoolUsage,
  options: AssignmentOptions = {},
): PairEvaluation {
  const reasons = infeasibleReasons(request, vehicle);
  if (reasons.length > 0) return { feasible: false, reasons };
  return { feasible: true, components: pairComponents(request, vehicle, pool, options) };
}

/** The requests × vehicles cost matrix (Infinity = infeasible), ready for solveLinearAssignment. */
export function buildAssignmentCosts(
  requests: readonly AssignmentRequest[],
  vehicles: readonly AssignmentVehicle[],
  options: AssignmentOptions = {},
): AssignmentCostMatrix {
  const w = resolveWeights(options);
  const general = options.generalCategory ?? DEFAULT_GENERAL_CATEGORY;
  const pool = poolUsage(vehicles);
  const rows = requests.length;
  const cols = vehicles.length;
  const balance = vehicles.map((v) => balanceCost(v, pool, w));
  const costs = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const request = requests[i] as AssignmentRequest;
    for (let j = 0; j < cols; j++) {
      const vehicle = vehicles[j] as AssignmentVehicle;
      if (!isFeasible(request, vehicle)) {
        costs[i * cols + j] = Infinity;
        continue;
      }
      const pickup = Math.round(haversineWholeMetres(vehicle.position, request.origin) * w.perPickupMetre);
      const seat = Math.round((vehicle.seats - request.passengers) * w.perWastedSeat);
      costs[i * cols + j] = pickup + seat + categoryCost(request, vehicle, w, general) + (balance[j] as number);
    }
  }
  return { costs, rows, cols, pool };
}
