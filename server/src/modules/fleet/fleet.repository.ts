import type { VehicleCategory } from '@shared/fleet/fleet.schemas';
import { In, LessThan } from 'typeorm';
import type { Database } from '../../platform/db/database';
import type { Scope } from '../../platform/data-scope';
import { applyScope } from '../../platform/db/apply-scope';
import { DRIVER_SCOPE_COLUMNS, VEHICLE_SCOPE_COLUMNS } from '../../platform/access';
import type { VehicleListQuery } from '@shared/fleet/fleet.schemas';
import type { PageQuery } from '@shared/common/pagination';
import { DriverEntity, DriverRow, VehicleEntity, VehicleQuotaEntity, VehicleRow } from './fleet.entity';
import { VehicleApplicationEntity } from './lifecycle.entity';

/**
 * Ids per IN list: under MariaDB's in_predicate_conversion_threshold (1,000), above which the list
 * becomes a derived table joined through a temporary table and a sort (0.6 s for a province's 5,000
 * units, against a few ms per chunk read in index order).
 */
const IN_CHUNK = 900;

export class FleetRepository {
  constructor(private readonly db: Database) {}

  findVehicle(id: number): Promise<VehicleRow | null> {
    return this.db.manager.findOne(VehicleEntity, { where: { id } });
  }

  findVehicleByTerminal(terminalPhone: string): Promise<VehicleRow | null> {
    return this.db.manager.findOne(VehicleEntity, { where: { terminalPhone } });
  }

  /** Vehicles fitted with a JT/T 808 terminal (the gateway's directory and the demo fleet). */
  listWithTerminals(): Promise<VehicleRow[]> {
    return this.db.manager.createQueryBuilder(VehicleEntity, 'v')
      .where('v.terminalPhone IS NOT NULL AND v.status <> :disposed', { disposed: 'disposed' }).orderBy('v.id', 'ASC').getMany();
  }

  /** Vehicles not disposed with an insurance, inspection or maintenance due date on or before `day` (YYYY-MM-DD). */
  listDueBy(day: string): Promise<VehicleRow[]> {
    return this.db.manager.createQueryBuilder(VehicleEntity, 'v')
      .where('v.status <> :disposed', { disposed: 'disposed' })
      .andWhere('(v.insuranceDue <= :day OR v.inspectionDue <= :day OR v.maintenanceDue <= :day)', { day })
      .orderBy('v.id', 'ASC').getMany();
  }

  /**
   * Vehicles not disposed nor exempted, of a region prefix and below, counted per owner unit (and per
   * category when asked): all of them and those fitted with a terminal. One range of the census index,
   * read in its order (no temporary table); a vehicle sits in its owner unit's region (registerVehicle).
   */
  async censusUnder(regionPrefix: string, byCategory: boolean): Promise<Array<{ ownerUnitId: number; category: VehicleCategory | null; vehicles: number; withTerminal: number }>> {
    const qb = this.db.manager.createQueryBuilder(VehicleEntity, 'v')
      .select('v.ownerUnitId', 'ownerUnitId').addSelect('COUNT(*)', 'vehicles')
      .addSelect('SUM(CASE WHEN v.terminalPhone IS NULL THEN 0 ELSE 1 END)', 'withTerminal')
      .where('v.regionCode LIKE :prefix', { prefix: `${regionPrefix}%` })
      // An approved Appendix B exemption (暂不纳入) takes the vehicle out of coverage figures, not out of the registry.
      .andWhere('v.status <> :disposed AND v.exemptedOn IS NULL', { disposed: 'disposed' })
      .groupBy('v.regionCode').addGroupBy('v.ownerUnitId');
    if (byCategory) qb.addSelect('v.category', 'category').addGroupBy('v.category');
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      ownerUnitId: Number(r.ownerUnitId), category: byCategory ? String(r.category) as VehicleCategory : null, vehicles: Number(r.vehicles), withTerminal: Number(r.withTerminal),
    }));
  }

  /** These units' approved 编制 quota, summed over categories (the chunks side by side). */
  async quotaTotals(unitIds: number[]): Promise<Map<number, number>> {
    const chunks: number[][] = [];
    for (let i = 0; i < unitIds.length; i += IN_CHUNK) chunks.push(unitIds.slice(i, i + IN_CHUNK));
    const parts = await Promise.all(chunks.map((ids) => this.db.manager.createQueryBuilder(VehicleQuotaEntity, 'q').select('q.unitId', 'unitId').addSelect('SUM(q.quota)', 'quota')
      .where('q.unitId IN (:...ids)', { ids }).groupBy('q.unitId').getRawMany<Record<string, unknown>>()));
    return new Map(parts.flat().map((r) => [Number(r.unitId), Number(r.quota)]));
  }

  /** `ownerUnitIds`: only vehicles of these owners (an empty list matches none). */
  async listVehicles(scope: Scope, q: VehicleListQuery, ownerUnitIds?: number[]): Promise<[VehicleRow[], number]> {
    const qb = this.db.manager.createQueryBuilder(VehicleEntity, 'v');
    if (ownerUnitIds) {
      if (!ownerUnitIds.length) return [[], 0];
      qb.andWhere('v.ownerUnitId IN (:...ownerUnitIds)', { ownerUnitIds });
    }
    // Vehicles are placed by their owner unit; for a rental company's car the owner is the company.
    applyScope(qb, 'v', scope, VEHICLE_SCOPE_COLUMNS);
    if (q.category) qb.andWhere('v.category = :category', { category: q.category });
    if (q.status) qb.andWhere('v.status = :status', { status: q.status });
    if (q.unitId) qb.andWhere('v.ownerUnitId = :unitId', { unitId: q.unitId });
    if (q.acquisition) qb.andWhere('v.acquisition = :acquisition', { acquisition: q.acquisition });
    return qb.orderBy('v.id', 'ASC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
  }

  findDriver(id: number): Promise<DriverRow | null> {
    return this.db.manager.findOne(DriverEntity, { where: { id } });
  }

  /** The driver locked for a change (FOR UPDATE on MariaDB; SQLite serialises transactions). */
  lockDriver(id: number): Promise<DriverRow | null> {
    return this.db.manager.findOne(DriverEntity, { where: { id }, ...(this.db.kind === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  insertDriver(row: Omit<DriverRow, 'id' | 'createdAt'>): Promise<DriverRow> {
    const em = this.db.manager;
    return em.save(DriverEntity, em.create(DriverEntity, row));
  }

  async updateDriver(id: number, patch: Partial<Pick<DriverRow, 'licenceClass' | 'licenceExpires' | 'status'>>): Promise<void> {
    await this.db.manager.update(DriverEntity, { id }, patch);
  }

  async listDrivers(scope: Scope, page: PageQuery): Promise<[DriverRow[], number]> {
    const qb = this.db.manager.createQueryBuilder(DriverEntity, 'd');
    applyScope(qb, 'd', scope, DRIVER_SCOPE_COLUMNS);
    return qb.orderBy('d.id', 'ASC').skip((page.page - 1) * page.pageSize).take(page.pageSize).getManyAndCount();
  }

  /**
   * Inside a transaction: the quota row locked, then the places taken in that category — the unit's vehicles
   * (not disposed, not replaced by an approved renewal) and the places approved renewals hold for their
   * replacements (`exceptRenewal`: the renewal being fulfilled, whose place is the caller's).
   */
  async lockQuota(unitId: number, category: string, exceptRenewal?: number): Promise<{ quota: number | null; used: number }> {
    const em = this.db.manager;
    const qb = em.createQueryBuilder(VehicleQuotaEntity, 'q')
      .where('q.unitId = :unitId AND q.category = :category', { unitId, category });
    if (this.db.writeLock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    const used = await em.createQueryBuilder(VehicleEntity, 'v')
      .where('v.ownerUnitId = :unitId AND v.category = :category AND v.status <> :disposed AND v.replacedByApplicationId IS NULL', { unitId, category, disposed: 'disposed' })
      .getCount();
    const rq = em.createQueryBuilder(VehicleApplicationEntity, 'a')
      .where('a.unitId = :unitId AND a.category = :category AND a.kind = :kind AND a.status = :approved', { unitId, category, kind: 'renewal', approved: 'approved' });
    if (exceptRenewal) rq.andWhere('a.id <> :exceptRenewal', { exceptRenewal });
    const reserved = await rq.getCount();
    return { quota: row ? row.quota : null, used: used + reserved };
  }

  async findClash(plate: string, vin: string, terminalPhone: string | null): Promise<VehicleRow | null> {
    const qb = this.db.manager.createQueryBuilder(VehicleEntity, 'v').where('v.plate = :plate OR v.vin = :vin', { plate, vin });
    if (terminalPhone) qb.orWhere('v.terminalPhone = :terminalPhone', { terminalPhone });
    return qb.getOne();
  }

  insertVehicle(row: Omit<VehicleRow, 'id' | 'createdAt'>): Promise<VehicleRow> {
    const em = this.db.manager;
    return em.save(VehicleEntity, em.create(VehicleEntity, row));
  }

  vehiclesByPlates(plates: string[]): Promise<VehicleRow[]> {
    return plates.length ? this.db.manager.find(VehicleEntity, { where: { plate: In([...new Set(plates)]) } }) : Promise.resolve([]);
  }

  vehiclesByIds(ids: number[]): Promise<VehicleRow[]> {
    return ids.length ? this.db.manager.find(VehicleEntity, { where: { id: In([...new Set(ids)]) } }) : Promise.resolve([]);
  }

  driversByIds(ids: number[]): Promise<DriverRow[]> {
    return ids.length ? this.db.manager.find(DriverEntity, { where: { id: In([...new Set(ids)]) } }) : Promise.resolve([]);
  }

  findDriverOfUser(userId: number): Promise<DriverRow | null> {
    return this.db.manager.findOne(DriverEntity, { where: { userId } });
  }

  /** Unit-owned and platform-pool vehicles in scope (rental cars are reached through their company). */
  poolVehicles(scope: Scope): Promise<VehicleRow[]> {
    const qb = this.db.manager.createQueryBuilder(VehicleEntity, 'v').where('v.source IN (:...sources)', { sources: ['own', 'pool'] });
    applyScope(qb, 'v', scope, { unit: 'ownerUnitId', region: 'regionCode' });
    return qb.orderBy('v.id', 'ASC').getMany();
  }

  poolDrivers(scope: Scope): Promise<DriverRow[]> {
    const qb = this.db.manager.createQueryBuilder(DriverEntity, 'd');
    applyScope(qb, 'd', scope, { unit: 'unitId', region: 'regionCode' });
    return qb.orderBy('d.id', 'ASC').getMany();
  }

  /** The odometer moves forward only (a lower reading changes nothing); in the caller's transaction. */
  async raiseOdometer(vehicleId: number, odometerHm: number): Promise<void> {
    await this.db.manager.update(VehicleEntity, { id: vehicleId, odometerHm: LessThan(odometerHm) }, { odometerHm });
  }
}
