import { EntityManager, In, LessThan, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import type { Database } from '../../platform/db/database';
import { applyScope, Scope } from '../../platform/data-scope';
import { canWorkOnAssignment, TRIP_SCOPE_COLUMNS } from '../../platform/access';
import type { TripListQuery, TripStatus } from '@shared/trips/trips.schemas';
import type { Role } from '@shared/identity/identity.schemas';
import { activeUsersWithRole } from '../identity';
import { DriverEntity, VehicleEntity } from '../fleet';
import { AssignmentEntity, AssignmentRow, ResourceSlotEntity, TripEntity, TripEventEntity, TripEventRow, TripRow } from './trips.entity';

export interface SlotHolder { assignmentId: number; tripId: number; startAt: Date; endAt: Date }

import { isDuplicateKey } from '../../platform/db/db-errors';

/** The only ORM code of trips. */
export class TripsRepository {
  constructor(private readonly db: Database) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  findTrip(id: number, em: EntityManager = this.db.manager, lock = false): Promise<TripRow | null> {
    const qb = em.createQueryBuilder(TripEntity, 't').where('t.id = :id', { id });
    if (lock && this.db.writeLock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  insertTrip(em: EntityManager, row: Omit<TripRow, 'id'>): Promise<TripRow> {
    return em.save(TripEntity, em.create(TripEntity, row));
  }

  async updateTrip(em: EntityManager, id: number, patch: Partial<TripRow>): Promise<void> {
    await em.update(TripEntity, { id }, patch);
  }

  async listTrips(scope: Scope, q: TripListQuery, userId: number, extra?: { statuses?: TripStatus[] }): Promise<[TripRow[], number]> {
    const qb = this.db.manager.createQueryBuilder(TripEntity, 't');
    applyScope(qb, 't', scope, TRIP_SCOPE_COLUMNS);
    if (q.status) qb.andWhere('t.status = :status', { status: q.status });
    if (extra?.statuses) qb.andWhere('t.status IN (:...statuses)', { statuses: extra.statuses });
    if (q.mine) qb.andWhere('(t.applicantId = :me OR t.bookedById = :me)', { me: userId });
    return qb.orderBy('t.startAt', 'DESC').addOrderBy('t.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
  }

  assignmentsOf(tripIds: number[], em: EntityManager = this.db.manager): Promise<AssignmentRow[]> {
    return tripIds.length ? em.find(AssignmentEntity, { where: { tripId: In(tripIds) }, order: { id: 'ASC' } }) : Promise.resolve([]);
  }

  findAssignment(id: number, em: EntityManager = this.db.manager, lock = false): Promise<AssignmentRow | null> {
    const qb = em.createQueryBuilder(AssignmentEntity, 'a').where('a.id = :id', { id });
    if (lock && this.db.writeLock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  insertAssignment(em: EntityManager, row: Omit<AssignmentRow, 'id'>): Promise<AssignmentRow> {
    return em.save(AssignmentEntity, em.create(AssignmentEntity, row));
  }

  async updateAssignment(em: EntityManager, id: number, patch: Partial<AssignmentRow>): Promise<void> {
    await em.update(AssignmentEntity, { id }, patch);
  }

  /** The assignment when `userId` is its driver (access canWorkOnAssignment), else null (the caller answers 404, as for anything out of reach). */
  async assignmentOfDriver(userId: number, assignmentId: number): Promise<AssignmentRow | null> {
    const driverId = await this.driverIdOfUser(userId);
    const a = driverId == null ? null : await this.findAssignment(assignmentId);
    return a && canWorkOnAssignment(driverId, a) ? a : null;
  }

  /** Recorded odometers (0.1 km) of vehicles. */
  async vehicleOdometers(vehicleIds: number[], em: EntityManager = this.db.manager): Promise<Map<number, number>> {
    if (!vehicleIds.length) return new Map();
    const rows = await em.find(VehicleEntity, { where: { id: In([...new Set(vehicleIds)]) }, select: { id: true, odometerHm: true } });
    return new Map(rows.map((v) => [v.id, Number(v.odometerHm)]));
  }

  /** The vehicle's odometer moves forward to a reading returned from a trip (never backwards). */
  async recordOdometer(em: EntityManager, vehicleId: number, odometerHm: number): Promise<void> {
    await em.update(VehicleEntity, { id: vehicleId, odometerHm: LessThan(odometerHm) }, { odometerHm });
  }

  async insertEvent(em: EntityManager, row: Omit<TripEventRow, 'id'>): Promise<void> {
    await em.insert(TripEventEntity, row);
  }

  eventsOf(tripId: number): Promise<TripEventRow[]> {
    return this.db.manager.find(TripEventEntity, { where: { tripId }, order: { id: 'ASC' } });
  }

  /**
   * Books `slots` of one resource for an assignment, in the caller's transaction. The primary key
   * (resource_kind, resource_id, slot_start) refuses an overlap even when two transactions checked
   * at the same moment. false: taken (the caller rolls back, then asks holderOf outside the transaction).
   */
  async bookSlots(em: EntityManager, kind: 'vehicle' | 'driver', resourceId: number, slots: number[], assignmentId: number): Promise<boolean> {
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

  async releaseSlots(em: EntityManager, assignmentId: number, fromSlot?: number): Promise<void> {
    await em.delete(ResourceSlotEntity, fromSlot == null ? { assignmentId } : { assignmentId, slotStart: MoreThan(fromSlot - 1) });
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

  /** Inside a transaction pass its manager: a second pooled connection per transaction starves the pool under load. */
  /** Active users of a unit holding a role (who to tell: the unit's dispatchers, a company's operators). */
  usersWithRole(unitId: number, role: Role, em: EntityManager = this.db.manager): Promise<number[]> {
    return activeUsersWithRole(em, unitId, role);
  }

  /** The user accounts of drivers (a driver without an account is told through the dispatcher). */
  async driverUserIds(driverIds: number[], em: EntityManager = this.db.manager): Promise<number[]> {
    if (!driverIds.length) return [];
    const rows = await em.find(DriverEntity, { where: { id: In(driverIds) } });
    return rows.map((d) => d.userId).filter((id): id is number => id != null);
  }

  async driverIdOfUser(userId: number): Promise<number | null> {
    const d = await this.db.manager.findOne(DriverEntity, { where: { userId } });
    return d ? d.id : null;
  }
}
