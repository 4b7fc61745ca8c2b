import type { LatLng } from './geo.rules';

/** One request of the day. Times are whole minutes after local midnight (Asia/Shanghai). */
export interface DayRequest {
  readonly id: string;
  readonly pickupMin: number;
  /** The trip occupies the vehicle from pickupMin to pickupMin + durationMin (≥ 1), ending at destination. */
  readonly durationMin: number;
  readonly origin: LatLng;
  readonly destination: LatLng;
  /** Passengers of the whole request, shared evenly over its vehicles (each needs ⌈passengers / N⌉ seats). */
  readonly passengers: number;
  /** Demanded category, or null for any. */
  readonly category: string | null;
  /** 多车同派: N ≥ 1 distinct vehicles, all or none. */
  readonly vehiclesNeeded: number;
}

/**
 * A time the vehicle or the driver is taken by a booking outside the plan (a trip dispatched by
 * hand). The plan's trips go around it: a trip before it ends in time to reach its origin
 * (turnaround + travel), a trip after it is reached from its destination the same way; without
 * places only the turnaround is needed. Its span counts towards the driver's duty.
 */
export interface DayBlock {
  /** Names the booking in the reasons given (e.g. the trip's id). */
  readonly id: string;
  readonly startMin: number;
  readonly endMin: number;
  readonly origin?: LatLng;
  readonly destination?: LatLng;
}

export interface DayDriver {
  readonly id: string;
  /** The driver's bookings that day outside the plan (none when absent). */
  readonly blocked?: readonly DayBlock[];
  readonly shiftStartMin: number;
  readonly shiftEndMin: number;
  /** Longest duty: from leaving the start position to the end of the last trip. */
  readonly maxDutyMin: number;
}

export interface DayVehicle {
  readonly id: string;
  readonly plate: string;
  readonly start: LatLng;
  /** Passenger seats, the driver's excluded. */
  readonly seats: number;
  readonly category: string;
  readonly driver: DayDriver;
  /** The vehicle's bookings that day outside the plan (none when absent). */
  readonly blocked?: readonly DayBlock[];
}

export interface DayPlanParams {
  /** Average travel speed for deadhead legs, km/h (urban ≈ 40). */
  readonly speedKmh: number;
  /** Road distance ÷ great-circle distance. */
  readonly roadFactor: number;
  /** Minutes between one trip's end and the vehicle leaving for the next pickup. */
  readonly turnaroundMin: number;
  /** Cost of using a vehicle at all, in metres of deadhead. */
  readonly fixedCostPerVehicle: number;
  /** Cost per vehicle-slot left unserved, in metres of deadhead. */
  readonly unservedPenalty: number;
}

export interface DayInstance {
  readonly requests: readonly DayRequest[];
  readonly vehicles: readonly DayVehicle[];
  readonly params?: Partial<DayPlanParams>;
}

export interface DayRoute {
  readonly vehicleId: string;
  readonly driverId: string;
  /** In service order (by pickup time). */
  readonly requestIds: readonly string[];
  /** Start → first pickup plus every destination → next pickup, road metres. */
  readonly deadheadMetres: number;
  /** Minutes from leaving the start position to the end of the last trip. */
  readonly dutyMin: number;
}

export interface DayPlanCost {
  readonly total: number;
  readonly deadheadMetres: number;
  readonly vehiclesUsed: number;
  readonly unservedSlots: number;
}

export interface DayPlan {
  /** Routes of the vehicles used (vehicles without trips are left out). */
  readonly routes: readonly DayRoute[];
  readonly unservedRequestIds: readonly string[];
  readonly cost: DayPlanCost;
}

export interface DayPlanResult {
  readonly plan: DayPlan;
  /** Proven lower bound on the cost of any feasible plan. */
  readonly lowerBound: number;
  readonly greedyCost: number;
  /**
   * 'search' when the local search improved on the greedy plan, else 'greedy' (returned as is);
   * 'lp' (thorough plan only) when the plan from the LP (price-and-dive) beat the quick plan.
   */
  readonly source: 'search' | 'greedy' | 'lp';
  /** Work units the local search spent (dayplan-budget.ts). */
  readonly searchWork?: number;
}

export interface DayPlanOptions {
  /**
   * Work units of the local search (default DEFAULT_SEARCH_WORK, dayplan.solver.ts): the same input
   * then gives the same plan on a quiet or a loaded machine. Ignored when timeBudgetMs is given.
   */
  readonly searchWork?: number;
  /**
   * A time budget instead, ms of `clock` for the whole call (the thorough plan's share): the local
   * search stops when it is spent (model, bound, greedy and construction always run to the end).
   */
  readonly timeBudgetMs?: number;
  /**
   * Milliseconds for timeBudgetMs (default performance.now, wall clock); unused with a work budget.
   * A CPU clock, e.g. from process.cpuUsage, makes a time budget independent of other load.
   */
  readonly clock?: () => number;
  /**
   * Where the local search starts: 'frugal' (default: the greedy order, a car not used yet charged
   * part of its fixed cost), the greedy plan, or the lower bound's chains, repaired.
   */
  readonly start?: 'frugal' | 'greedy' | 'relaxation';
}
