import { formatPlate } from '@shared/common/format';
import { TripErrorCode } from '@shared/trips/trips.errors';
import { ConflictError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import { tripStatusLabel, TripStatus } from '@shared/trips/trips.schemas';
import type { DispatchSource } from '@shared/trips/trips.schemas';
import type { Scope } from '../../platform/data-scope';
import type { AssignmentRow, TripRow } from './trips.entity';
import { isRetryableLock, retried } from '../../platform/db/db-errors';
import type { TripsRepository } from './trips.repository';
import { nextTripStatus, slotsFor, TripAction } from './trips.rules';
import { formatWindow } from './trips.presenter';

export interface Who { userId: number | null; name: string }
export interface ResourcePick { vehicle: { id: number; plate: string }; driver: { id: number; name: string; phone: string } }

export const actionLabel: Record<TripAction, string> = {
  approve: '审批通过', reject: '驳回', return_for_edit: '退回修改', resubmit: '重新提交', dispatch: '派车', dispatch_rental: '转租赁企业',
  rental_filled: '租赁企业派车', release_dispatch: '撤回派车', depart: '出车', return_all: '回场', review: '交车审核', confirm: '确认',
  rate: '评价', cancel: '取消', expire: '过期', no_show: '用车人未到',
};

/**
 * What dispatch (and trips itself) use to move a trip and to book vehicles and drivers: state moves
 * checked by trips.rules, assignments and their resource slots written in the caller's transaction
 * (the repository joins it), and the reads of trips and bookings dispatch plans over.
 */
export class TripBookingService {
  constructor(private readonly db: Database, private readonly repo: TripsRepository, private readonly clock: Clock, readonly slotMinutes: number) {}

  /**
   * One transaction, retried when MariaDB breaks a deadlock between bookings that collide (the loser of
   * a duplicate-key race can deadlock with a third; the retry then sees the winner's slots and says so).
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await retried(() => this.db.transaction(() => work()), isRetryableLock, 30, (attempt) => Math.min(200, 5 * attempt) + Math.floor(Math.random() * 30));
    } catch (err) {
      if (err instanceof SlotTaken) throw await this.slotConflict(err);
      throw err;
    }
  }

  /** The 409 naming the holder, read after the failed transaction rolled back (so it sees the winner's commit). */
  private async slotConflict(e: SlotTaken): Promise<ConflictError> {
    const holder = await this.repo.holderOf(e.kind, e.resourceId, e.slots);
    const when = holder ? formatWindow(holder.startAt, holder.endAt) : formatWindow(e.window.startAt, e.window.endAt);
    const by = holder ? `已被行程 ${holder.tripId} 占用` : '已被其他行程占用';
    return new ConflictError(TripErrorCode.RESOURCE_BOOKED, `${e.label} ${when} ${by}，不能派给行程 ${e.tripId}`, {
      resource: e.kind, resourceId: e.resourceId, holderTripId: holder?.tripId ?? null, tripId: e.tripId,
    });
  }

  /** The trip locked for this transaction, moved by `action`, or a 409 naming it and its state. */
  async move(trip: TripRow, action: TripAction, who: Who, note = '', patch: Partial<TripRow> = {}): Promise<TripStatus> {
    const next = nextTripStatus(trip.status, action);
    if (!next) throw stateConflict(trip, action);
    await this.repo.updateTrip(trip.id, { ...patch, status: next, updatedAt: this.clock.now() });
    await this.event(trip.id, who, action, note);
    trip.status = next;
    return next;
  }

  assertCan(trip: TripRow, action: TripAction): void {
    if (!nextTripStatus(trip.status, action)) throw stateConflict(trip, action);
  }

  async event(tripId: number, who: Who, action: string, note: string): Promise<void> {
    await this.repo.insertEvent({ tripId, at: this.clock.now(), actorId: who.userId, actorName: who.name, action, note: note.slice(0, 500) });
  }

  /** Inside a transaction: the trip, locked FOR UPDATE on MariaDB (SQLite's queue serialises anyway). */
  async lockTrip(id: number): Promise<TripRow | null> {
    return this.repo.findTrip(id, true);
  }

  /** Inside a transaction: the assignment, locked like lockTrip (lock the trip first). */
  lockAssignment(id: number): Promise<AssignmentRow | null> {
    return this.repo.findAssignment(id, true);
  }

  /** A new assignment with vehicle and driver, their slots booked; 409 RESOURCE_BOOKED names the holder. */
  async assign(trip: TripRow, pick: ResourcePick, source: DispatchSource, reason: string, companyId: number | null = null): Promise<AssignmentRow> {
    const a = await this.repo.insertAssignment({
      tripId: trip.id, source, companyId, vehicleId: pick.vehicle.id, driverId: pick.driver.id, plate: pick.vehicle.plate,
      driverName: pick.driver.name, driverPhone: pick.driver.phone, status: 'dispatched', reason, departOdometerHm: null, returnOdometerHm: null,
      departedAt: null, returnedAt: null, rentalFen: 0, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0, note: '', createdAt: this.clock.now(),
    });
    await this.book(trip, a.id, pick);
    return a;
  }

  /** Books the vehicle's and the driver's slots for an existing assignment. */
  async book(trip: TripRow, assignmentId: number, pick: ResourcePick): Promise<void> {
    const slots = slotsFor(new Date(trip.startAt).getTime(), new Date(trip.endAt).getTime(), this.slotMinutes);
    for (const [kind, id, label] of [['vehicle', pick.vehicle.id, `车辆 ${formatPlate(pick.vehicle.plate)}`], ['driver', pick.driver.id, `驾驶员 ${pick.driver.name}`]] as const) {
      if (!(await this.repo.bookSlots(kind, id, slots, assignmentId))) throw new SlotTaken(kind, id, label, slots, trip.id, { startAt: trip.startAt, endAt: trip.endAt });
    }
  }

  /** Releases an assignment and frees its vehicle and driver. */
  async release(a: AssignmentRow, reason: string): Promise<void> {
    await this.repo.releaseSlots(a.id);
    await this.repo.updateAssignment(a.id, { status: 'released', reason: reason.slice(0, 300) });
  }

  /** Orders to a rental company: one assignment per car still wanted (`count`, default all), waiting for the company to fill it. */
  async addRentalOrders(trip: TripRow, companyId: number, reason: string, count = trip.vehiclesNeeded): Promise<void> {
    for (let k = 0; k < count; k++) {
      await this.repo.insertAssignment({
        tripId: trip.id, source: 'rental', companyId, vehicleId: null, driverId: null, plate: null, driverName: null, driverPhone: null,
        status: 'awaiting_company', reason, departOdometerHm: null, returnOdometerHm: null, departedAt: null, returnedAt: null,
        rentalFen: 0, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0, note: '', createdAt: this.clock.now(),
      });
    }
  }

  /** A rental company's car and driver fill its order: written on the assignment and their slots booked. */
  async fillRentalOrder(trip: TripRow, assignmentId: number, pick: ResourcePick): Promise<void> {
    await this.repo.updateAssignment(assignmentId, {
      vehicleId: pick.vehicle.id, driverId: pick.driver.id, plate: pick.vehicle.plate, driverName: pick.driver.name, driverPhone: pick.driver.phone, status: 'dispatched',
    });
    await this.book(trip, assignmentId, pick);
  }

  // Reads dispatch plans over (inside a transaction they join it).

  assignmentsOf(tripIds: number[]): Promise<AssignmentRow[]> {
    return this.repo.assignmentsOf(tripIds);
  }

  findAssignment(id: number): Promise<AssignmentRow | null> {
    return this.repo.findAssignment(id);
  }

  findTrips(ids: number[]): Promise<TripRow[]> {
    return this.repo.findTrips(ids);
  }

  /** Approved trips in scope waiting for dispatch (the board), latest start first, at most `limit`. */
  approvedTrips(scope: Scope, limit: number): Promise<TripRow[]> {
    return this.repo.tripsWithStatus(scope, ['approved'], limit);
  }

  approvedTripsStarting(scope: Scope, from: Date, to: Date, limit: number): Promise<TripRow[]> {
    return this.repo.approvedTripsStarting(scope, from, to, limit);
  }

  unitsWithApprovedTrips(from: Date, to: Date): Promise<number[]> {
    return this.repo.unitsWithApprovedTrips(from, to);
  }

  busyWindows(from: Date, to: Date, except: number[] = []): ReturnType<TripsRepository['busyWindows']> {
    return this.repo.busyWindows(from, to, except);
  }

  monthlyUsage(since: Date): ReturnType<TripsRepository['monthlyUsage']> {
    return this.repo.monthlyUsage(since);
  }

  liveAssignmentsOverlapping(startAt: Date, endAt: Date, vehicleIds: number[], driverIds: number[] = []): Promise<Array<{ a: AssignmentRow; t: TripRow }>> {
    return this.repo.liveAssignmentsOverlapping(startAt, endAt, vehicleIds, driverIds);
  }

  /** A rental company's orders (its assignments not released), newest first. */
  assignmentsOfCompanies(companyIds: number[]): Promise<AssignmentRow[]> {
    return this.repo.assignmentsOfCompanies(companyIds);
  }
}

export function stateConflict(trip: TripRow, action: TripAction): ConflictError {
  return new ConflictError(TripErrorCode.TRIP_STATE_CONFLICT, `行程 ${trip.id} 当前状态为「${tripStatusLabel[trip.status]}」，不能${actionLabel[action]}`, { tripId: trip.id, status: trip.status, action });
}

/** Raised inside a transaction when a slot is taken; transaction() turns it into the 409 after rollback. */
class SlotTaken extends Error {
  constructor(readonly kind: 'vehicle' | 'driver', readonly resourceId: number, readonly label: string, readonly slots: number[], readonly tripId: number, readonly window: { startAt: Date; endAt: Date }) {
    super(`${label} slot taken`);
  }
}
