import type { FleetKind } from '@shared/fleet/unit-kind-rules';
import type { VehicleCategory } from '@shared/fleet/fleet.schemas';
import type { ApplicationKind, ApplicationListQuery, ApplicationStatus } from '@shared/fleet/lifecycle.schemas';
import type { Database } from '../../platform/db/database';
import type { Scope } from '../../platform/data-scope';
import { applyScope } from '../../platform/db/apply-scope';
import { APPLICATION_SCOPE_COLUMNS } from '../../platform/access';
import { VehicleEntity, VehicleQuotaEntity, type VehicleQuotaRow, type VehicleRow } from './fleet.entity';
import { VehicleApplicationEntity, VehicleStandardEntity, type VehicleApplicationRow, type VehicleStandardRow } from './lifecycle.entity';

/** The only ORM code of the vehicle's life: applications, the standards table, quota rows and the vehicle changes they make. */
export class LifecycleRepository {
  constructor(private readonly db: Database) {}

  standards(): Promise<VehicleStandardRow[]> {
    return this.db.manager.find(VehicleStandardEntity, { order: { fleetKind: 'ASC', category: 'ASC' } });
  }

  standard(fleetKind: FleetKind, category: VehicleCategory): Promise<VehicleStandardRow | null> {
    return this.db.manager.findOne(VehicleStandardEntity, { where: { fleetKind, category } });
  }

  async saveStandard(row: VehicleStandardRow): Promise<void> {
    await this.db.manager.save(VehicleStandardEntity, row);
  }

  vehicle(id: number): Promise<VehicleRow | null> {
    return this.db.manager.findOne(VehicleEntity, { where: { id } });
  }

  /** The vehicle row locked for the rest of the transaction (FOR UPDATE on MariaDB). */
  lockVehicle(id: number): Promise<VehicleRow | null> {
    const qb = this.db.manager.createQueryBuilder(VehicleEntity, 'v').where('v.id = :id', { id });
    if (this.db.writeLock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async updateVehicle(id: number, patch: Partial<Pick<VehicleRow, 'status' | 'terminalPhone' | 'deviceModel' | 'exemptedOn' | 'replacedByApplicationId'>>): Promise<void> {
    await this.db.manager.update(VehicleEntity, { id }, patch);
  }

  find(id: number, lock = false): Promise<VehicleApplicationRow | null> {
    const qb = this.db.manager.createQueryBuilder(VehicleApplicationEntity, 'a').where('a.id = :id', { id });
    if (lock && this.db.writeLock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** An open application (pending, or approved and not yet done) of a kind for a vehicle. */
  openFor(vehicleId: number, kinds: ApplicationKind[]): Promise<VehicleApplicationRow | null> {
    return this.db.manager.createQueryBuilder(VehicleApplicationEntity, 'a')
      .where('a.vehicleId = :vehicleId AND a.kind IN (:...kinds) AND a.status IN (:...open)', { vehicleId, kinds, open: ['pending', 'approved'] })
      .getOne();
  }

  insert(row: Omit<VehicleApplicationRow, 'id'>): Promise<VehicleApplicationRow> {
    const em = this.db.manager;
    return em.save(VehicleApplicationEntity, em.create(VehicleApplicationEntity, row));
  }

  /** Moves an application from one of `from` (a conditional update: a second decision changes nothing). */
  async move(id: number, from: ApplicationStatus[], patch: Partial<VehicleApplicationRow>): Promise<boolean> {
    const res = await this.db.manager.createQueryBuilder().update(VehicleApplicationEntity).set(patch)
      .where('id = :id AND status IN (:...from)', { id, from }).execute();
    return (res.affected ?? 0) > 0;
  }

  async list(scope: Scope, q: ApplicationListQuery): Promise<[VehicleApplicationRow[], number]> {
    const qb = this.db.manager.createQueryBuilder(VehicleApplicationEntity, 'a');
    applyScope(qb, 'a', scope, APPLICATION_SCOPE_COLUMNS);
    if (q.kind) qb.andWhere('a.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.vehicleId) qb.andWhere('a.vehicleId = :vehicleId', { vehicleId: q.vehicleId });
    return qb.orderBy('a.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
  }

  ofVehicle(vehicleId: number): Promise<VehicleApplicationRow[]> {
    return this.db.manager.find(VehicleApplicationEntity, { where: { vehicleId }, order: { id: 'ASC' } });
  }

  /** Vehicles with an approved exemption, in scope (supervisors' Appendix B list). */
  exemptVehicles(scope: Scope): Promise<VehicleRow[]> {
    const qb = this.db.manager.createQueryBuilder(VehicleEntity, 'v').where('v.exemptedOn IS NOT NULL AND v.status <> :disposed', { disposed: 'disposed' });
    applyScope(qb, 'v', scope, { unit: 'ownerUnitId', region: 'regionCode' });
    return qb.orderBy('v.id', 'ASC').getMany();
  }

  /** Quota rows of units (all units when `unitIds` is null). */
  quotas(unitIds: number[] | null): Promise<VehicleQuotaRow[]> {
    if (unitIds && !unitIds.length) return Promise.resolve([]);
    const qb = this.db.manager.createQueryBuilder(VehicleQuotaEntity, 'q');
    if (unitIds) qb.where('q.unitId IN (:...unitIds)', { unitIds });
    return qb.orderBy('q.unitId', 'ASC').addOrderBy('q.category', 'ASC').getMany();
  }

  /** Vehicles counted against quotas (not disposed, not replaced by an approved renewal) per unit and category. */
  async quotaCounts(unitIds: number[] | null): Promise<Array<{ unitId: number; category: VehicleCategory; used: number }>> {
    if (unitIds && !unitIds.length) return [];
    const qb = this.db.manager.createQueryBuilder(VehicleEntity, 'v')
      .select('v.ownerUnitId', 'unitId').addSelect('v.category', 'category').addSelect('COUNT(*)', 'used')
      .where('v.status <> :disposed AND v.replacedByApplicationId IS NULL', { disposed: 'disposed' });
    if (unitIds) qb.andWhere('v.ownerUnitId IN (:...unitIds)', { unitIds });
    const rows = await qb.groupBy('v.ownerUnitId').addGroupBy('v.category').getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({ unitId: Number(r.unitId), category: String(r.category) as VehicleCategory, used: Number(r.used) }));
  }

  /** Places approved renewals hold for their replacements, per unit and category. */
  async reservedCounts(unitIds: number[]): Promise<Array<{ unitId: number; category: VehicleCategory; count: number }>> {
    if (!unitIds.length) return [];
    const rows = await this.db.manager.createQueryBuilder(VehicleApplicationEntity, 'a')
      .select('a.unitId', 'unitId').addSelect('a.category', 'category').addSelect('COUNT(*)', 'count')
      .where('a.kind = :kind AND a.status = :approved AND a.unitId IN (:...unitIds)', { kind: 'renewal', approved: 'approved', unitIds })
      .groupBy('a.unitId').addGroupBy('a.category').getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({ unitId: Number(r.unitId), category: String(r.category) as VehicleCategory, count: Number(r.count) }));
  }

  /** Inside a transaction: the quota row locked, then set (created when missing). */
  async setQuota(unitId: number, category: VehicleCategory, quota: number): Promise<void> {
    const em = this.db.manager;
    const qb = em.createQueryBuilder(VehicleQuotaEntity, 'q').where('q.unitId = :unitId AND q.category = :category', { unitId, category });
    if (this.db.writeLock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (row) await em.update(VehicleQuotaEntity, { unitId, category }, { quota });
    else await em.insert(VehicleQuotaEntity, { unitId, category, quota });
  }

  /** Inside a transaction: one more place in the unit's quota of the category (an approved procurement). */
  async raiseQuota(unitId: number, category: VehicleCategory): Promise<number> {
    const em = this.db.manager;
    const qb = em.createQueryBuilder(VehicleQuotaEntity, 'q').where('q.unitId = :unitId AND q.category = :category', { unitId, category });
    if (this.db.writeLock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    const quota = (row?.quota ?? 0) + 1;
    if (row) await em.update(VehicleQuotaEntity, { unitId, category }, { quota });
    else await em.insert(VehicleQuotaEntity, { unitId, category, quota });
    return quota;
  }
}
