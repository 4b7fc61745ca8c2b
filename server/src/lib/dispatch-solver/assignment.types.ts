import type { LatLng } from './geo.rules';

/** Half-open interval [startMs, endMs) in epoch milliseconds (UTC). */
export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** Use so far this calendar month, the basis of 均衡派车 (balancing use). */
export interface MonthlyUsage {
  readonly trips: number;
  readonly km: number;
}

/** An approved official-trip request (公务出行申请) waiting for 一键派车. */
export interface AssignmentRequest {
  readonly id: string;
  readonly origin: LatLng;
  readonly window: TimeWindow;
  readonly passengers: number;
  /** Category the trip demands (e.g. 'law_enforcement'); null: any, the pooled general car preferred. */
  readonly category: string | null;
}

export interface AssignmentDriver {
  readonly id: string;
  readonly name: string;
  readonly licenceExpiresMs: number;
  readonly usage: MonthlyUsage;
  /** Trips already assigned to this driver (any vehicle). */
  readonly busy: readonly TimeWindow[];
}

/** A vehicle together with the driver who would drive it (车+驾驶员 are dispatched as one). */
export interface AssignmentVehicle {
  readonly id: string;
  readonly plate: string;
  readonly position: LatLng;
  /** Passenger seats, the driver's excluded. */
  readonly seats: number;
  readonly category: string;
  readonly insuranceDueMs: number;
  readonly inspectionDueMs: number;
  readonly usage: MonthlyUsage;
  /** Trips already booked on this vehicle. */
  readonly busy: readonly TimeWindow[];
  readonly driver: AssignmentDriver;
}

/** Weights of the pair cost; the unit of cost is "one metre of driving to the pickup". */
export interface AssignmentWeights {
  /** Per metre of great-circle distance from the vehicle to the request origin. */
  readonly perPickupMetre: number;
  /** Per seat left empty (seats − passengers). */
  readonly perWastedSeat: number;
  /** When a request without a category demand takes a car of a special category. */
  readonly specialCategoryUse: number;
  /** Per unit of the usage index (1.0 = exactly the pool mean). */
  readonly perUsageIndex: number;
}

export interface AssignmentOptions {
  readonly weights?: Partial<AssignmentWeights>;
  /** The pooled general-purpose category (一般公务用车); any other is "special". */
  readonly generalCategory?: string;
  /** Display names of categories for the dispatcher's reason text. */
  readonly categoryLabels?: Readonly<Record<string, string>>;
}

export type InfeasibleReason =
  | 'seats'
  | 'category'
  | 'insurance'
  | 'inspection'
  | 'licence'
  | 'vehicle-busy'
  | 'driver-busy';

/** Pool means of monthly use, for the balance component. */
export interface PoolUsage {
  readonly vehicleTrips: number;
  readonly vehicleKm: number;
  readonly driverTrips: number;
  readonly driverKm: number;
}

export interface CostComponents {
  readonly pickupMetres: number;
  readonly pickupCost: number;
  readonly seats: number;
  readonly passengers: number;
  readonly wastedSeats: number;
  readonly seatCost: number;
  readonly categoryCost: number;
  /** Mean of the vehicle's and driver's trips and km, each relative to the pool mean. */
  readonly usageIndex: number;
  readonly balanceCost: number;
  /** Sum of the four costs above: an integer. */
  readonly total: number;
}

export type PairEvaluation =
  | { readonly feasible: true; readonly components: CostComponents }
  | { readonly feasible: false; readonly reasons: readonly InfeasibleReason[] };

export interface AssignmentCostMatrix {
  /** requests.length × vehicles.length, row-major; Infinity marks an infeasible pair. */
  readonly costs: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly pool: PoolUsage;
}

export interface AssignedPair {
  readonly requestId: string;
  readonly vehicleId: string;
  readonly plate: string;
  readonly driverId: string;
  readonly cost: number;
  readonly components: CostComponents;
  /** Short Chinese explanation shown to the dispatcher. */
  readonly reason: string;
}

export interface UnassignedRequest {
  readonly requestId: string;
  /** 'no-feasible-vehicle': no vehicle fits at all; 'vehicles-taken': fitting ones went to others. */
  readonly cause: 'no-feasible-vehicle' | 'vehicles-taken';
}

export interface AssignmentPlan {
  readonly pairs: readonly AssignedPair[];
  readonly unassigned: readonly UnassignedRequest[];
  readonly totalCost: number;
}
