import { In, LessThan, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import type { Database } from '../../platform/db/database';
import type { Scope } from '../../platform/data-scope';
import { applyScope } from '../../platform/db/apply-scope';
import { manyRows, pageRows } from '../../platform/db/rows';
import { canWorkOnAssignment, TRIP_SCOPE_COLUMNS } from '../../platform/access';
import type { TripListQuery, TripStatus } from '@shared/trips/trips.schemas';
import { isDuplicateKey } from '../../platform/db/db-errors';
import {
  ASSIGNMENT_LIST_COLUMNS, AssignmentEntity, AssignmentListRow, AssignmentRow, ReceiptEntity, ReceiptRow, ResourceSlotEntity, TripEntity, TripEventEntity, TripEventRow, TRIP_LIST_COLUMNS, TripListRow, TripRow,
} from './trips.entity';

export interface SlotHolder { assignmentId: number; tripId: number; startAt: Date; endAt: Date }
/** A booked car or driver: the trip's window, and (for the day plan) the trip and where it starts and ends (its origin). */
export interface BusyWindow { startMs: number; endMs: number; tripId?: number; place?: { lat: number; lng: number } }

/**
 * The only ORM code of trips. Every method runs on `db.manager`: inside a unit of work it joins that
 * transaction. `lock` reads take the row FOR UPDATE on MariaDB (call them inside a transaction).
 */
export class TripsRepository {
  constructor(private readonly db: Database) {}

  findTrip(id: number, lock = false): Promise<TripRow | null> {
    const qb = this.db.manager.createQueryBuilder(TripEntity, 't').where('t.id = :id', { id });
    if (lock && this.db.writeLock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  insertTrip(row: Omit<TripRow, 'id'>): Promise<TripRow> {
    const em = this.db.manager;
    return em.save(TripEntity, em.create(TripEntity, row));
  }

  async updateTrip(id: number, patch: Partial<TripRow>): Promise<void> {
    await this.db.manager.update(TripEntity, { id }, patch);
  }

  /** A page of the trips in scope, newest start first, with the columns a list line shows. */
  listTrips(scope: Scope, q: TripListQuery, userId: number): Promise<[TripListRow[], number]> {
    return pageRows(this.tripPage(scope, q, userId), TRIP_LIST_COLUMNS);
  }

  /** Whole rows of the trips in scope with one of these statuses, newest start first, at most `limit`. */
  tripsWithStatus(scope: Scope, statuses: TripStatus[], limit: number): Promise<TripRow[]> {
    return manyRows(this.tripPage(scope, { page: 1, pageSize: limit }, 0).andWhere('t.status IN (:...statuses)', { statuses }));
  }

  private tripPage(scope: Scope, q: Pick<TripListQuery, 'page' | 'pageSize'> & Partial<TripListQuery>, userId: number) {
    const qb = this.db.manager.createQueryBuilder(TripEntity, 't');
    applyScope(qb, 't', scope, TRIP_SCOPE_COLUMNS);
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (q.mine) qb.andWhere('(t.applicantId = :me OR t.bookedById = :me)', { me: userId });
    return qb.orderBy('t.startAt', 'DESC').addOrderBy('t.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize);
  }

  /** A user's latest trips (theirs or booked by them), newest first: where they went, for recent and frequent places. */
  latestTripsOf(userId: number, limit: number): Promise<TripRow[]> {
    return this.db.manager.createQueryBuilder(TripEntity, 't')
      .where('(t.applicantId = :me OR t.bookedById = :me)', { me: userId })
      .orderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'DESC').take(limit).getMany();
  }

  /** The cars of these trips as a list shows them (ASSIGNMENT_LIST_COLUMNS). */
  carsOfTrips(tripIds: number[]): Promise<AssignmentListRow[]> {
    return tripIds.length ? manyRows(this.assignmentsOfQuery(tripIds), ASSIGNMENT_LIST_COLUMNS) : Promise.resolve([]);
  }

  assignmentsOf(tripIds: number[]): Promise<AssignmentRow[]> {
    return tripIds.length ? manyRows(this.assignmentsOfQuery(tripIds)) : Promise.resolve([]);
  }

  private assignmentsOfQuery(tripIds: number[]) {
    return this.db.manager.createQueryBuilder(AssignmentEntity, 'a').where('a.tripId IN (:...tripIds)', { tripIds }).orderBy('a.id', 'ASC');
  }

  findAssignment(id: number, lock = false): Promise<AssignmentRow | null> {
    const qb = this.db.manager.createQueryBuilder(AssignmentEntity, 'a').where('a.id = :id', { id });
    if (lock && this.db.writeLock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  insertAssignment(row: Omit<AssignmentRow, 'id'>): Promise<AssignmentRow> {
    const em = this.db.manager;
    return em.save(AssignmentEntity, em.create(AssignmentEntity, row));
  }

  async updateAssignment(id: number, patch: Partial<AssignmentRow>): Promise<void> {
    await this.db.manager.update(AssignmentEntity, { id }, patch);
  }

  /** The assignment when `driverId` is its driver (access canWorkOnAssignment), else null (the caller answers 404, as for anything out of reach). */
  async assignmentOfDriver(driverId: number | null, assignmentId: number): Promise<AssignmentRow | null> {
    const a = driverId == null ? null : await this.findAssignment(assignmentId);
    return a && canWorkOnAssignment(driverId, a) ? a : null;
  }

  async insertEvent(row: Omit<TripEventRow, 'id'>): Promise<void> {
    await this.db.manager.insert(TripEventEntity, row);
  }

  eventsOf(tripId: number): Promise<TripEventRow[]> {
    return manyRows(this.db.manager.createQueryBuilder(TripEventEntity, 'e').where('e.tripId = :tripId', { tripId }).orderBy('e.id', 'ASC'));
  }

  /**
   * Books `slots` of one resource for an assignment, in the caller's transaction. The primary key
   * (resource_kind, resource_id, slot_start) refuses an overlap even when two transactions checked
   * at the same moment. false: taken (the caller rolls back, then asks holderOf outside the transaction).
   */
  async bookSlots(kind: 'vehicle' | 'driver', resourceId: number, slots: number[], assignmentId: number): Promise<boolean> {
    const em = this.db.manager;
    const rows = slots.map((slotStart) => ({ resourceKind: kind, resourceId, slotStart, assignmentId }));
    try {
      for (let i = 0; i < rows.length; i += 500) await em.insert(ResourceSlotEntity, rows.slice(i, i + 500));
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return false;
    }
  }

  /** Who holds a resource in any of the slots; read after the failed transaction rolled back, so it sees the winner. */
  async holderOf(kind: 'vehicle' | 'driver', resourceId: number, slots: number[]): Promise<SlotHolder | null> {
    const em = this.db.manager;
    const slot = await em.findOne(ResourceSlotEntity, { where: { resourceKind: kind, resourceId, slotStart: In(slots.slice(0, 2000)) } });
    if (!slot) return null;
    const a = await em.findOne(AssignmentEntity, { where: { id: slot.assignmentId } });
    const t = a ? await em.findOne(TripEntity, { where: { id: a.tripId } }) : null;
    return t && a ? { assignmentId: a.id, tripId: t.id, startAt: t.startAt, endAt: t.endAt } : null;
  }

  async releaseSlots(assignmentId: number, fromSlot?: number): Promise<void> {
    await this.db.manager.delete(ResourceSlotEntity, fromSlot == null ? { assignmentId } : { assignmentId, slotStart: MoreThan(fromSlot - 1) });
  }

  /** Vehicles or drivers holding any slot in [fromSlot, toSlot): the busy ones of a window. */
  async busyResources(kind: 'vehicle' | 'driver', slots: number[]): Promise<Set<number>> {
    if (!slots.length) return new Set();
    const rows = await this.db.manager.createQueryBuilder(ResourceSlotEntity, 's').select('DISTINCT s.resource_id', 'id')
      .where('s.resource_kind = :kind AND s.slot_start >= :from AND s.slot_start <= :to', { kind, from: slots[0], to: slots[slots.length - 1] })
      .getRawMany<{ id: number }>();
    return new Set(rows.map((r) => Number(r.id)));
  }

  /** Live, not yet departed assignments overlapping a window that hold one of the vehicles or drivers: what pre-emption may take. */
  async liveAssignmentsOverlapping(startAt: Date, endAt: Date, vehicleIds: number[], driverIds: number[] = []): Promise<Array<{ a: AssignmentRow; t: TripRow }>> {
    const trips = await this.db.manager.find(TripEntity, { where: { startAt: LessThan(endAt), endAt: MoreThan(startAt), status: 'dispatched' } });
    if (!trips.length) return [];
    const base = { tripId: In(trips.map((t) => t.id)), status: In(['dispatched', 'accepted']) };
    const where = [{ ...base, vehicleId: In(vehicleIds.length ? vehicleIds : [-1]) }, { ...base, driverId: In(driverIds.length ? driverIds : [-1]) }];
    const as = await this.db.manager.find(AssignmentEntity, { where, order: { id: 'DESC' } });
    return as.map((a) => ({ a, t: trips.find((t) => t.id === a.tripId)! }));
  }

  /** Cars out on a trip now (departed, not yet returned). */
  /** Assignments of a car that left (出车) before `to` and had not returned by `from`. */
  assignmentsOfVehicleBetween(vehicleId: number, from: Date, to: Date): Promise<AssignmentRow[]> {
    return this.db.manager.createQueryBuilder(AssignmentEntity, 'a')
      .where('a.vehicleId = :vehicleId AND a.departedAt IS NOT NULL AND a.departedAt <= :to', { vehicleId, to })
      .andWhere('(a.returnedAt IS NULL OR a.returnedAt >= :from)', { from })
      .orderBy('a.departedAt', 'ASC').getMany();
  }

  departedAssignments(): Promise<AssignmentRow[]> {
    return this.db.manager.find(AssignmentEntity, { where: { status: 'departed' }, order: { id: 'ASC' }, take: 2000 });
  }

  liveAssignmentsOfDriver(driverIds: number[]): Promise<AssignmentRow[]> {
    return driverIds.length
      ? this.db.manager.find(AssignmentEntity, { where: { driverId: In(driverIds), status: In(['dispatched', 'accepted', 'departed']) }, order: { id: 'ASC' } })
      : Promise.resolve([]);
  }

  assignmentsOfCompanies(companyIds: number[]): Promise<AssignmentRow[]> {
    return companyIds.length
      ? this.db.manager.find(AssignmentEntity, { where: { companyId: In(companyIds), source: 'rental', status: Not('released') }, order: { id: 'DESC' }, take: 200 })
      : Promise.resolve([]);
  }

  /** A vehicle's assignments, newest first (the vehicle page). */
  recentAssignmentsOfVehicle(vehicleId: number, limit: number): Promise<AssignmentRow[]> {
    return this.db.manager.find(AssignmentEntity, { where: { vehicleId }, order: { id: 'DESC' }, take: limit });
  }

  /** A vehicle's assignments returned at or after `since`, with both odometer readings (its mileage). */
  returnedAssignmentsOfVehicle(vehicleId: number, since: Date): Promise<AssignmentRow[]> {
    return this.db.manager.createQueryBuilder(AssignmentEntity, 'a')
      .where('a.vehicleId = :vehicleId AND a.returnedAt >= :since', { vehicleId, since })
      .andWhere('a.departOdometerHm IS NOT NULL AND a.returnOdometerHm IS NOT NULL')
      .orderBy('a.returnedAt', 'DESC').getMany();
  }

  findTrips(ids: number[]): Promise<TripRow[]> {
    return ids.length ? this.db.manager.find(TripEntity, { where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /** Trips in a status whose start (or end) is at or before `before`. */
  tripsStartingBefore(statuses: TripStatus[], before: Date): Promise<TripRow[]> {
    return this.db.manager.find(TripEntity, { where: { status: In(statuses), startAt: LessThanOrEqual(before) }, take: 500 });
  }

  tripsEndingBefore(statuses: TripStatus[], before: Date): Promise<TripRow[]> {
    return this.db.manager.find(TripEntity, { where: { status: In(statuses), endAt: LessThan(before), returnOverdue: false }, take: 500 });
  }

  upcomingUnreminded(from: Date, to: Date): Promise<TripRow[]> {
    return this.db.manager.find(TripEntity, { where: { status: In(['dispatched']), reminded: false, startAt: LessThanOrEqual(to) }, take: 500 })
      .then((rows) => rows.filter((r) => new Date(r.startAt) >= from));
  }

  backfillOverdue(now: Date): Promise<TripRow[]> {
    return this.db.manager.find(TripEntity, { where: { approvalStatus: 'pending', backfillOverdue: false, backfillDueAt: LessThan(now) }, take: 500 });
  }

  /** Trips and km this month per vehicle and per driver (balancing use, 均衡派车). */
  async monthlyUsage(since: Date): Promise<{ vehicles: Map<number, { trips: number; km: number }>; drivers: Map<number, { trips: number; km: number }> }> {
    const rows = await this.db.manager.createQueryBuilder(AssignmentEntity, 'a')
      .where('a.createdAt >= :since AND a.status <> :released', { since, released: 'released' }).getMany();
    const vehicles = new Map<number, { trips: number; km: number }>();
    const drivers = new Map<number, { trips: number; km: number }>();
    for (const a of rows) {
      const km = a.returnOdometerHm != null && a.departOdometerHm != null ? (a.returnOdometerHm - a.departOdometerHm) / 10 : 0;
      for (const [map, id] of [[vehicles, a.vehicleId], [drivers, a.driverId]] as const) {
        if (id == null) continue;
        const u = map.get(id) ?? { trips: 0, km: 0 };
        map.set(id, { trips: u.trips + 1, km: u.km + km });
      }
    }
    return { vehicles, drivers };
  }

  /** Approved trips (waiting for dispatch) in scope starting in [from, to), earliest first. */
  approvedTripsStarting(scope: Scope, from: Date, to: Date, limit: number): Promise<TripRow[]> {
    const qb = this.db.manager.createQueryBuilder(TripEntity, 't').where('t.status = :status', { status: 'approved' })
      .andWhere('t.startAt >= :from AND t.startAt < :to', { from, to });
    applyScope(qb, 't', scope, { unit: 'unitId', region: 'regionCode' });
    return qb.orderBy('t.startAt', 'ASC').addOrderBy('t.id', 'ASC').take(limit).getMany();
  }

  /** Units having approved trips starting in [from, to). */
  async unitsWithApprovedTrips(from: Date, to: Date): Promise<number[]> {
    const rows = await this.db.manager.createQueryBuilder(TripEntity, 't').select('DISTINCT t.unitId', 'unitId').where('t.status = :status', { status: 'approved' })
      .andWhere('t.startAt >= :from AND t.startAt < :to', { from, to }).getRawMany<{ unitId: number | string }>();
    return rows.map((r) => Number(r.unitId)).sort((a, b) => a - b);
  }

  /** Windows of live assignments per vehicle and per driver overlapping [from, to). */
  /** `except`: assignments whose own bookings do not count (改派 of that car must not find its driver busy because of it). */
  /** Bookings of cars and drivers overlapping [from, to): the trip's window (a trip ends back at its origin). */
  async busyWindows(from: Date, to: Date, except: number[] = []): Promise<{ vehicles: Map<number, BusyWindow[]>; drivers: Map<number, BusyWindow[]> }> {
    const trips = await this.db.manager.find(TripEntity, { where: { startAt: LessThan(to), endAt: MoreThan(from) } });
    const vehicles = new Map<number, BusyWindow[]>();
    const drivers = new Map<number, BusyWindow[]>();
    if (!trips.length) return { vehicles, drivers };
    const as = await this.db.manager.find(AssignmentEntity, { where: { tripId: In(trips.map((t) => t.id)), status: Not(In(['released', 'returned', 'awaiting_company'])) } });
    for (const a of as.filter((x) => !except.includes(x.id))) {
      const t = trips.find((x) => x.id === a.tripId)!;
      const w: BusyWindow = { startMs: new Date(t.startAt).getTime(), endMs: new Date(t.endAt).getTime(), tripId: t.id, place: placeOf(t.originJson) };
      if (a.vehicleId != null) vehicles.set(a.vehicleId, [...(vehicles.get(a.vehicleId) ?? []), w]);
      if (a.driverId != null) drivers.set(a.driverId, [...(drivers.get(a.driverId) ?? []), w]);
    }
    return { vehicles, drivers };
  }

  countReceipts(assignmentId: number): Promise<number> {
    return this.db.manager.count(ReceiptEntity, { where: { assignmentId } });
  }

  insertReceipt(row: Omit<ReceiptRow, 'id'>): Promise<ReceiptRow> {
    return this.db.manager.save(ReceiptEntity, row);
  }

  receiptsOf(assignmentId: number): Promise<ReceiptRow[]> {
    return this.db.manager.find(ReceiptEntity, { where: { assignmentId }, order: { id: 'ASC' } });
  }

  /** The receipt; `withImage` also reads its bytes (left out of every other read). */
  findReceipt(id: number, withImage = false): Promise<ReceiptRow | null> {
    const qb = this.db.manager.createQueryBuilder(ReceiptEntity, 'r').where('r.id = :id', { id });
    if (withImage) qb.addSelect('r.data');
    return qb.getOne();
  }

  async deleteReceipt(id: number): Promise<void> {
    await this.db.manager.delete(ReceiptEntity, { id });
  }
}

/** A trip's origin as coordinates, or none when its JSON has no usable ones. */
function placeOf(json: string | null | undefined): { lat: number; lng: number } | undefined {
  try {
    const p = JSON.parse(json ?? '') as { lat?: unknown; lng?: unknown };
    return typeof p.lat === 'number' && typeof p.lng === 'number' && Number.isFinite(p.lat) && Number.isFinite(p.lng) ? { lat: p.lat, lng: p.lng } : undefined;
  } catch {
    return undefined;
  }
}
