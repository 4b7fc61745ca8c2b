import type { AssignmentStatus, TripStatus } from '@shared/trips/trips.schemas';
import { shanghaiDayBounds } from '@shared/common/time';

/**
 * The trip's state machine (DOMAIN.md §4), pure. Each action names the states it may start from and
 * the state it leads to; anything else is a state conflict (409) naming the trip and its state.
 */
export type TripAction =
  | 'approve' | 'reject' | 'return_for_edit' | 'resubmit' | 'dispatch' | 'dispatch_rental' | 'rental_filled'
  | 'release_dispatch' | 'depart' | 'return_all' | 'review' | 'confirm' | 'rate' | 'cancel' | 'expire' | 'no_show';

export const tripTransitions: Record<TripAction, { from: readonly TripStatus[]; to: TripStatus | null }> = {
  approve: { from: ['pending_approval'], to: 'approved' },
  reject: { from: ['pending_approval'], to: 'rejected' },
  return_for_edit: { from: ['pending_approval'], to: 'returned_for_edit' },
  resubmit: { from: ['returned_for_edit'], to: 'pending_approval' },
  dispatch: { from: ['approved', 'awaiting_rental'], to: 'dispatched' },
  dispatch_rental: { from: ['approved'], to: 'awaiting_rental' },
  rental_filled: { from: ['awaiting_rental'], to: null },
  release_dispatch: { from: ['dispatched', 'awaiting_rental'], to: 'approved' },
  depart: { from: ['dispatched', 'in_progress'], to: 'in_progress' },
  return_all: { from: ['in_progress'], to: 'returned' },
  review: { from: ['returned'], to: 'reviewed' },
  confirm: { from: ['reviewed'], to: 'confirmed' },
  rate: { from: ['confirmed'], to: 'completed' },
  cancel: { from: ['pending_approval', 'returned_for_edit', 'approved', 'awaiting_rental', 'dispatched'], to: 'cancelled' },
  expire: { from: ['pending_approval', 'returned_for_edit'], to: 'expired' },
  no_show: { from: ['dispatched'], to: 'no_show' },
};

/** The next state, or null when the action is not allowed from `status`. `to: null` keeps the state. */
export function nextTripStatus(status: TripStatus, action: TripAction): TripStatus | null {
  const t = tripTransitions[action];
  if (!t.from.includes(status)) return null;
  return t.to ?? status;
}

export type AssignmentAction = 'accept' | 'depart' | 'return' | 'fill' | 'release';
export const assignmentTransitions: Record<AssignmentAction, { from: readonly AssignmentStatus[]; to: AssignmentStatus }> = {
  fill: { from: ['awaiting_company'], to: 'dispatched' },
  accept: { from: ['dispatched'], to: 'accepted' },
  depart: { from: ['accepted'], to: 'departed' },
  return: { from: ['departed'], to: 'returned' },
  release: { from: ['awaiting_company', 'dispatched', 'accepted'], to: 'released' },
};

export function nextAssignmentStatus(status: AssignmentStatus, action: AssignmentAction): AssignmentStatus | null {
  return assignmentTransitions[action].from.includes(status) ? assignmentTransitions[action].to : null;
}

/** Live assignments: those that hold (or will hold) a vehicle and driver. */
export const liveAssignment = (s: AssignmentStatus): boolean => s !== 'released';

/**
 * Booking slots: minutes since the epoch bucketed to `slotMinutes`, the window rounded outward, so two
 * windows that overlap by any amount share at least one slot. [start, end) half-open: a trip ending at
 * 11:00 and one starting at 11:00 share none.
 */
export function slotsFor(startMs: number, endMs: number, slotMinutes: number): number[] {
  if (!(endMs > startMs)) throw new RangeError('window must end after it starts');
  const size = slotMinutes * 60_000;
  const first = Math.floor(startMs / size);
  const last = Math.ceil(endMs / size);
  const out: number[] = [];
  for (let i = first; i < last; i++) out.push(i * slotMinutes);
  return out;
}

export interface Window { startMs: number; endMs: number }
export type WindowProblem = 'start_in_past' | 'end_not_after_start' | 'too_long' | 'beyond_horizon';

/**
 * Checks of the request window against the clock (DOMAIN §4: a request is for a future trip, booked at
 * most `horizonDays` ahead (TRIP_BOOKING_HORIZON_DAYS): a car booked three years out blocks its slots for nobody's use).
 */
export function windowProblem(w: Window, nowMs: number, maxDays = 7, horizonDays = Infinity): WindowProblem | null {
  if (w.endMs <= w.startMs) return 'end_not_after_start';
  if (w.startMs <= nowMs) return 'start_in_past';
  if (w.startMs > nowMs + horizonDays * 24 * 3600_000) return 'beyond_horizon';
  if (w.endMs - w.startMs > maxDays * 24 * 3600_000) return 'too_long';
  return null;
}

/** The trip's status from its live assignments once the driver side moves. */
export function aggregateAfterReturn(statuses: readonly AssignmentStatus[]): 'returned' | 'in_progress' {
  const live = statuses.filter(liveAssignment);
  return live.length > 0 && live.every((s) => s === 'returned') ? 'returned' : 'in_progress';
}

/** What a car's trip cost, by kind (租车费 only for a rental company's car). */
export interface Costs { rentalFen: number; fuelFen: number; tollFen: number; parkingFen: number; otherFen: number }
export const costOf = (c: Costs): number => c.rentalFen + c.fuelFen + c.tollFen + c.parkingFen + c.otherFen;
export const costsOf = (c: Costs): Costs => ({ rentalFen: c.rentalFen, fuelFen: c.fuelFen, tollFen: c.tollFen, parkingFen: c.parkingFen, otherFen: c.otherFen });

/** A due date `YYYY-MM-DD` is valid through the end of that day in Asia/Shanghai. */
export function dueDateEndMs(date: string): number {
  return shanghaiDayBounds(date).to.getTime() - 1;
}

/** Fit of a vehicle for a trip: valid insurance and inspection through the trip's end, in use, enough seats. */
export function vehicleProblems(v: { status: string; insuranceDue: string; inspectionDue: string; seats: number; category: string }, trip: { endMs: number; seatsWanted: number; category: string | null }): string[] {
  const out: string[] = [];
  if (v.status !== 'in_use') out.push('车辆不在用');
  if (dueDateEndMs(v.insuranceDue) < trip.endMs) out.push(`保险 ${v.insuranceDue} 到期`);
  if (dueDateEndMs(v.inspectionDue) < trip.endMs) out.push(`年检 ${v.inspectionDue} 到期`);
  if (v.seats - 1 < trip.seatsWanted) out.push(`座位不足（${v.seats - 1} 座 < ${trip.seatsWanted}）`);
  if (trip.category && trip.category !== v.category) out.push('车型不符');
  return out;
}

export function driverProblems(d: { status: string; licenceExpires: string }, trip: { endMs: number }): string[] {
  const out: string[] = [];
  if (d.status !== 'active') out.push('驾驶员已停用');
  if (dueDateEndMs(d.licenceExpires) < trip.endMs) out.push(`驾驶证 ${d.licenceExpires} 到期`);
  return out;
}

/** Emergency pre-emption: only a strictly lower-priority booking that has not departed may be taken. */
const rank = { normal: 0, high: 1, emergency: 2 } as const;
export function mayPreempt(taker: keyof typeof rank, holder: keyof typeof rank, holderAssignment: AssignmentStatus): boolean {
  return rank[taker] > rank[holder] && (holderAssignment === 'dispatched' || holderAssignment === 'accepted');
}

/**
 * What the dispatcher should look at twice at 交车审核 (JOURNEYS.md 调度员: the review checks odometers and
 * times): a car that left long before the trip's start or came back before it, came back before it
 * left, or covered its distance faster than a car on a public road can. Flags, not refusals: the
 * driver may have entered a wrong time, and the dispatcher decides.
 */
export const plausibility = { earlyDepartureMinutes: 120, maxAverageKmh: 120 } as const;
export type Implausibility =
  | { kind: 'departed_early'; minutes: number }
  | { kind: 'returned_before_start'; minutes: number }
  | { kind: 'returned_before_departure' }
  | { kind: 'too_fast'; km: number; minutes: number; kmh: number };

export function implausibilities(
  trip: { startMs: number },
  a: { departedMs: number | null; returnedMs: number | null; departKm: number | null; returnKm: number | null },
): Implausibility[] {
  const out: Implausibility[] = [];
  const minutes = (ms: number) => Math.round(ms / 60_000);
  if (a.departedMs != null && trip.startMs - a.departedMs > plausibility.earlyDepartureMinutes * 60_000) out.push({ kind: 'departed_early', minutes: minutes(trip.startMs - a.departedMs) });
  if (a.returnedMs != null && a.returnedMs < trip.startMs) out.push({ kind: 'returned_before_start', minutes: minutes(trip.startMs - a.returnedMs) });
  if (a.departedMs != null && a.returnedMs != null) {
    const took = a.returnedMs - a.departedMs;
    if (took <= 0) out.push({ kind: 'returned_before_departure' });
    else if (a.departKm != null && a.returnKm != null) {
      const km = Math.round((a.returnKm - a.departKm) * 10) / 10;
      const kmh = km / (took / 3600_000);
      if (kmh > plausibility.maxAverageKmh) out.push({ kind: 'too_fast', km, minutes: Math.max(1, minutes(took)), kmh: Math.round(kmh) });
    }
  }
  return out;
}

/**
 * The distance a car's terminal tracked during its trip against the odometers the driver entered: apart by
 * more than 5 km and by more than a third of the longer one, the review flags it (a mistyped odometer, or
 * a track with gaps; the dispatcher decides which).
 */
export function trackDisagrees(odometerKm: number, trackKm: number): boolean {
  const gap = Math.abs(odometerKm - trackKm);
  return gap > 5 && gap > Math.max(odometerKm, trackKm) / 3;
}
