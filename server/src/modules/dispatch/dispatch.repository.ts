import { In, LessThan, MoreThan, Not } from 'typeorm';
import type { Database } from '../../platform/db/database';
import { applyScope, Scope } from '../../platform/data-scope';
import { DriverEntity, DriverRow, VehicleEntity, VehicleRow } from '../fleet';
import { AssignmentEntity, TripEntity, type TripRow } from '../trips';

/** The only ORM code of dispatch: the dispatcher's pool of vehicles and drivers, and who is busy when. */
export class DispatchRepository {
  constructor(private readonly db: Database) {}

  /** Unit-owned and platform-pool vehicles in scope (rental cars are reached through their company). */
  vehiclesInScope(scope: Scope): Promise<VehicleRow[]> {
    const qb = this.db.manager.createQueryBuilder(VehicleEntity, 'v').where('v.source IN (:...sources)', { sources: ['own', 'pool'] });
    applyScope(qb, 'v', scope, { unit: 'ownerUnitId', region: 'regionCode' });
    return qb.orderBy('v.id', 'ASC').getMany();
  }

  driversInScope(scope: Scope): Promise<DriverRow[]> {
    const qb = this.db.manager.createQueryBuilder(DriverEntity, 'd');
    applyScope(qb, 'd', scope, { unit: 'unitId', region: 'regionCode' });
    return qb.orderBy('d.id', 'ASC').getMany();
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

  findVehicle(id: number): Promise<VehicleRow | null> {
    return this.db.manager.findOne(VehicleEntity, { where: { id } });
  }

  findDriver(id: number): Promise<DriverRow | null> {
    return this.db.manager.findOne(DriverEntity, { where: { id } });
  }

  /** Windows of live assignments per vehicle and per driver overlapping [from, to). */
  async busyWindows(from: Date, to: Date): Promise<{ vehicles: Map<number, Array<{ startMs: number; endMs: number }>>; drivers: Map<number, Array<{ startMs: number; endMs: number }>> }> {
    const trips = await this.db.manager.find(TripEntity, { where: { startAt: LessThan(to), endAt: MoreThan(from) } });
    const vehicles = new Map<number, Array<{ startMs: number; endMs: number }>>();
    const drivers = new Map<number, Array<{ startMs: number; endMs: number }>>();
    if (!trips.length) return { vehicles, drivers };
    const as = await this.db.manager.find(AssignmentEntity, { where: { tripId: In(trips.map((t) => t.id)), status: Not(In(['released', 'returned', 'awaiting_company'])) } });
    for (const a of as) {
      const t = trips.find((x) => x.id === a.tripId)!;
      const w = { startMs: new Date(t.startAt).getTime(), endMs: new Date(t.endAt).getTime() };
      if (a.vehicleId != null) vehicles.set(a.vehicleId, [...(vehicles.get(a.vehicleId) ?? []), w]);
      if (a.driverId != null) drivers.set(a.driverId, [...(drivers.get(a.driverId) ?? []), w]);
    }
    return { vehicles, drivers };
  }
}
