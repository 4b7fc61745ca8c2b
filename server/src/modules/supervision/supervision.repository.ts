import type { Database } from '../../platform/db/database';
import { applyScope } from '../../platform/db/apply-scope';
import type { Scope } from '../../platform/data-scope';
import { WARNING_SCOPE_COLUMNS } from '../../platform/access';
import type { WarningKind, WarningListQuery } from '@shared/supervision/supervision.schemas';
import {
  EvidenceEntity, EvidenceRow, GeofenceEntity, GeofenceRow, ParkingSpotEntity, ParkingSpotRow, PoiEntity, PoiRow, HolidayEntity, HolidayRow, RuleSwitchEntity, RuleSwitchRow, TripFactEntity, TripFactRow, WarningActionEntity, WarningActionRow, WarningEntity, WarningRow,
} from './supervision.entity';

/** The only ORM code of supervision; inside a unit of work it joins the transaction. */
export class SupervisionRepository {
  constructor(private readonly db: Database) {}

  findByKey(dedupeKey: string): Promise<WarningRow | null> {
    return this.db.manager.findOneBy(WarningEntity, { dedupeKey });
  }

  async insertWarning(row: Omit<WarningRow, 'id'>): Promise<WarningRow> {
    return this.db.manager.save(WarningEntity, this.db.manager.create(WarningEntity, row));
  }

  insertAction(row: Omit<WarningActionRow, 'id'>): Promise<WarningActionRow> {
    return this.db.manager.save(WarningActionEntity, this.db.manager.create(WarningActionEntity, row));
  }

  findWarning(id: number): Promise<WarningRow | null> {
    return this.db.manager.findOneBy(WarningEntity, { id });
  }

  /** The warning locked for a change of its state (FOR UPDATE on MariaDB; SQLite serialises transactions). */
  lockWarning(id: number): Promise<WarningRow | null> {
    return this.db.manager.findOne(WarningEntity, { where: { id }, lock: this.db.writeLock });
  }

  async updateWarning(id: number, patch: Partial<WarningRow>): Promise<void> {
    await this.db.manager.update(WarningEntity, { id }, patch);
  }

  actionsOf(warningId: number): Promise<WarningActionRow[]> {
    return this.db.manager.find(WarningActionEntity, { where: { warningId }, order: { id: 'ASC' } });
  }

  /** Earlier warnings of a kind on a car raised since `since` (repetition raises the grade). */
  countEarlier(vehicleId: number, kind: WarningKind, since: Date): Promise<number> {
    return this.db.manager.createQueryBuilder(WarningEntity, 'w')
      .where('w.vehicleId = :vehicleId AND w.kind = :kind AND w.raisedAt >= :since AND w.status <> :revoked', { vehicleId, kind, since, revoked: 'revoked' })
      .getCount();
  }

  /** Earlier warnings of a kind about a unit (not a car: 超编制配备) raised since `since`. */
  countEarlierOfUnit(unitId: number, kind: WarningKind, since: Date): Promise<number> {
    return this.db.manager.createQueryBuilder(WarningEntity, 'w')
      .where('w.unitId = :unitId AND w.vehicleId IS NULL AND w.kind = :kind AND w.raisedAt >= :since AND w.status <> :revoked', { unitId, kind, since, revoked: 'revoked' })
      .getCount();
  }

  list(scope: Scope, q: WarningListQuery): Promise<[WarningRow[], number]> {
    const qb = this.db.manager.createQueryBuilder(WarningEntity, 'w');
    applyScope(qb, 'w', scope, WARNING_SCOPE_COLUMNS);
    if (q.status) qb.andWhere('w.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('w.kind = :kind', { kind: q.kind });
    if (q.grade) qb.andWhere('w.grade = :grade', { grade: q.grade });
    if (q.regionCode) qb.andWhere('w.regionCode LIKE :region', { region: `${q.regionCode}%` });
    if (q.unitId) qb.andWhere('w.unitId = :unitId', { unitId: q.unitId });
    if (q.vehicleId) qb.andWhere('w.vehicleId = :vehicleId', { vehicleId: q.vehicleId });
    return qb.orderBy('w.raisedAt', 'DESC').addOrderBy('w.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
  }

  /** Published warnings announced to one of these region prefixes (通报: the regions at and above a unit's). */
  published(regionPrefixes: string[], limit: number): Promise<WarningRow[]> {
    return this.db.manager.createQueryBuilder(WarningEntity, 'w')
      .where('w.status = :status', { status: 'published' })
      .andWhere('w.publishedTo IN (:...prefixes)', { prefixes: regionPrefixes })
      .orderBy('w.updatedAt', 'DESC').take(limit).getMany();
  }

  insertEvidence(row: Omit<EvidenceRow, 'id'>): Promise<EvidenceRow> {
    return this.db.manager.save(EvidenceEntity, this.db.manager.create(EvidenceEntity, row));
  }

  countEvidence(warningId: number): Promise<number> {
    return this.db.manager.countBy(EvidenceEntity, { warningId });
  }

  /** Evidence rows by id (without their bytes unless `withImage`). */
  evidenceByIds(ids: number[], withImage = false): Promise<EvidenceRow[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = this.db.manager.createQueryBuilder(EvidenceEntity, 'e').where('e.id IN (:...ids)', { ids });
    if (withImage) qb.addSelect('e.data');
    return qb.getMany();
  }

  switches(kind?: WarningKind): Promise<RuleSwitchRow[]> {
    return this.db.manager.find(RuleSwitchEntity, kind ? { where: { kind } } : {});
  }

  async saveSwitch(kind: WarningKind, regionCode: string, enabled: boolean, changedBy: number, changedAt: Date): Promise<void> {
    const found = await this.db.manager.findOneBy(RuleSwitchEntity, { kind, regionCode });
    if (found) await this.db.manager.update(RuleSwitchEntity, { id: found.id }, { enabled, changedBy, changedAt });
    else await this.db.manager.insert(RuleSwitchEntity, { kind, regionCode, enabled, changedBy, changedAt });
  }

  /** Holiday calendar entries for a day: nationwide ones and the unit's own (the unit's win). */
  holidaysOn(day: string, unitId: number): Promise<HolidayRow[]> {
    return this.db.manager.createQueryBuilder(HolidayEntity, 'h')
      .where('h.day = :day AND (h.unitId IS NULL OR h.unitId = :unitId)', { day, unitId }).getMany();
  }

  async addHoliday(row: Omit<HolidayRow, 'id'>): Promise<void> {
    await this.db.manager.insert(HolidayEntity, row);
  }

  findFact(tripId: number): Promise<TripFactRow | null> {
    return this.db.manager.findOneBy(TripFactEntity, { tripId });
  }

  /** Records a trip's facts and moves its unit's month by the difference, in one transaction. */
  async saveFact(row: TripFactRow): Promise<void> {
    const write = async () => {
      const found = await this.db.manager.findOne(TripFactEntity, { where: { tripId: row.tripId }, lock: this.db.writeLock });
      if (found) await this.db.manager.update(TripFactEntity, { tripId: row.tripId }, row);
      else await this.db.manager.insert(TripFactEntity, row);
      if (found && found.day.slice(0, 7) !== row.day.slice(0, 7)) {
        await this.addToMonth(found.unitId, found.day.slice(0, 7), found.regionCode, -1, -found.distanceHm, -found.costFen);
        await this.addToMonth(row.unitId, row.day.slice(0, 7), row.regionCode, 1, row.distanceHm, row.costFen);
      } else {
        await this.addToMonth(row.unitId, row.day.slice(0, 7), row.regionCode, found ? 0 : 1, row.distanceHm - (found?.distanceHm ?? 0), row.costFen - (found?.costFen ?? 0));
      }
    };
    await (this.db.inTransaction ? write() : this.db.transaction(write));
  }

  /** One statement that adds to a unit's month whether or not its row exists yet (no read-then-write race). */
  private async addToMonth(unitId: number, month: string, regionCode: string, trips: number, distanceHm: number, costFen: number): Promise<void> {
    const upsert = this.db.kind === 'mysql'
      ? `INSERT INTO supervision_unit_month (unit_id, month, region_code, trips, distance_hm, cost_fen) VALUES (?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE region_code = VALUES(region_code), trips = trips + VALUES(trips), distance_hm = distance_hm + VALUES(distance_hm), cost_fen = cost_fen + VALUES(cost_fen)`
      : `INSERT INTO supervision_unit_month (unit_id, month, region_code, trips, distance_hm, cost_fen) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (unit_id, month) DO UPDATE SET region_code = excluded.region_code, trips = trips + excluded.trips, distance_hm = distance_hm + excluded.distance_hm, cost_fen = cost_fen + excluded.cost_fen`;
    await this.db.manager.query(upsert, [unitId, month, regionCode, trips, distanceHm, costFen]);
  }

  /** Trip facts per unit between two days (inclusive), for the pool. */
  async factsByUnit(fromDay: string, toDay: string, regionPrefix: string): Promise<Array<{ unitId: number; regionCode: string; trips: number; distanceHm: number; costFen: number }>> {
    const month = fromDay.slice(0, 7);
    if (fromDay === `${month}-01` && toDay.slice(0, 7) === month && Number(toDay.slice(8)) === new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate()) {
      // A whole month: the units' monthly figures, one row each.
      const monthly = await this.db.manager.query(
        'SELECT unit_id AS unitId, region_code AS regionCode, trips, distance_hm AS distanceHm, cost_fen AS costFen FROM supervision_unit_month WHERE month = ? AND region_code LIKE ?',
        [month, `${regionPrefix}%`],
      ) as Array<Record<string, unknown>>;
      return monthly.map((r) => ({ unitId: Number(r.unitId), regionCode: String(r.regionCode), trips: Number(r.trips), distanceHm: Number(r.distanceHm ?? 0), costFen: Number(r.costFen ?? 0) }));
    }
    const rows = await this.db.manager.createQueryBuilder(TripFactEntity, 'f')
      .select('f.unitId', 'unitId').addSelect('f.regionCode', 'regionCode').addSelect('COUNT(*)', 'trips')
      .addSelect('SUM(f.distanceHm)', 'distanceHm').addSelect('SUM(f.costFen)', 'costFen')
      .where('f.day >= :fromDay AND f.day <= :toDay AND f.regionCode LIKE :prefix', { fromDay, toDay, prefix: `${regionPrefix}%` })
      .groupBy('f.unitId').addGroupBy('f.regionCode').getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({ unitId: Number(r.unitId), regionCode: String(r.regionCode), trips: Number(r.trips), distanceHm: Number(r.distanceHm ?? 0), costFen: Number(r.costFen ?? 0) }));
  }

  /** Warnings per unit raised between two instants: all, red, closed. */
  async warningsByUnit(from: Date, to: Date, regionPrefix: string): Promise<Array<{ unitId: number; regionCode: string; warnings: number; red: number; closed: number }>> {
    const rows = await this.db.manager.createQueryBuilder(WarningEntity, 'w')
      .select('w.unitId', 'unitId').addSelect('w.regionCode', 'regionCode').addSelect('COUNT(*)', 'warnings')
      .addSelect("SUM(CASE WHEN w.grade = 'red' THEN 1 ELSE 0 END)", 'red')
      .addSelect("SUM(CASE WHEN w.status IN ('revoked', 'confirmed', 'published') THEN 1 ELSE 0 END)", 'closed')
      .where('w.raisedAt >= :from AND w.raisedAt < :to AND w.regionCode LIKE :prefix', { from, to, prefix: `${regionPrefix}%` })
      .groupBy('w.unitId').addGroupBy('w.regionCode').getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({ unitId: Number(r.unitId), regionCode: String(r.regionCode), warnings: Number(r.warnings), red: Number(r.red ?? 0), closed: Number(r.closed ?? 0) }));
  }

  /** Sensitive places, by name (only the enabled ones when `enabledOnly`). */
  places(enabledOnly = false): Promise<PoiRow[]> {
    return this.db.manager.find(PoiEntity, { where: enabledOnly ? { enabled: true } : {}, order: { regionCode: 'ASC', name: 'ASC' } });
  }

  findPlace(name: string, regionCode: string): Promise<PoiRow | null> {
    return this.db.manager.findOneBy(PoiEntity, { name, regionCode });
  }

  insertPlace(row: Omit<PoiRow, 'id'>): Promise<PoiRow> {
    return this.db.manager.save(PoiEntity, this.db.manager.create(PoiEntity, row));
  }

  /** Geofences in a scope (a unit's own, or a supervisor's region and below), or all of them (the engine). */
  geofences(scope: Scope | null, unitId?: number): Promise<GeofenceRow[]> {
    const qb = this.db.manager.createQueryBuilder(GeofenceEntity, 'g');
    if (scope) applyScope(qb, 'g', scope, { unit: 'unitId', region: 'regionCode' });
    if (unitId) qb.andWhere('g.unitId = :unitId', { unitId });
    return qb.orderBy('g.id', 'ASC').getMany();
  }

  findGeofence(id: number): Promise<GeofenceRow | null> {
    return this.db.manager.findOneBy(GeofenceEntity, { id });
  }

  insertGeofence(row: Omit<GeofenceRow, 'id'>): Promise<GeofenceRow> {
    return this.db.manager.save(GeofenceEntity, this.db.manager.create(GeofenceEntity, row));
  }

  async deleteGeofence(id: number): Promise<void> {
    await this.db.manager.delete(GeofenceEntity, { id });
  }

  parkingSpots(): Promise<ParkingSpotRow[]> {
    return this.db.manager.find(ParkingSpotEntity, { order: { vehicleId: 'ASC' } });
  }

  findParkingSpot(vehicleId: number): Promise<ParkingSpotRow | null> {
    return this.db.manager.findOneBy(ParkingSpotEntity, { vehicleId });
  }

  async deleteParkingSpot(vehicleId: number): Promise<void> {
    await this.db.manager.delete(ParkingSpotEntity, { vehicleId });
  }

  async saveParkingSpot(row: ParkingSpotRow): Promise<void> {
    const found = await this.db.manager.findOne(ParkingSpotEntity, { where: { vehicleId: row.vehicleId }, lock: this.db.writeLock });
    if (found) await this.db.manager.update(ParkingSpotEntity, { vehicleId: row.vehicleId }, row);
    else await this.db.manager.insert(ParkingSpotEntity, row);
  }
}
