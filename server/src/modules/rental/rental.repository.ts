import { In, LessThan } from 'typeorm';
import type { Database } from '../../platform/db/database';
import {
  CarEntity, ClaimEntity, EvidenceEntity, FaultEntity, LicenceEntity, PlanEntity, RentalEntity, StationEntity,
  type CarRow, type ClaimRow, type EvidenceRow, type FaultRow, type LicenceRow, type PlanRow, type RentalRow, type StationRow,
} from './rental.entity';

/** The only ORM code of rental; joins the caller's unit of work through db.manager. */
export class RentalRepository {
  constructor(private readonly db: Pick<Database, 'manager' | 'writeLock'>) {}

  private get em() {
    return this.db.manager;
  }

  /** FOR UPDATE on MariaDB when asked (inside the caller's transaction); SQLite's queue already serialises. */
  private lock(forUpdate: boolean) {
    return forUpdate && this.db.writeLock ? { lock: this.db.writeLock } : {};
  }

  /** Rentals of a vehicle that started (unlocked) before `to` and had not ended by `from`. */
  rentalsOfVehicleBetween(vehicleId: number, from: Date, to: Date): Promise<RentalRow[]> {
    return this.db.manager.createQueryBuilder(RentalEntity, 'r')
      .where('r.vehicleId = :vehicleId AND r.startedAt IS NOT NULL AND r.startedAt <= :to', { vehicleId, to })
      .andWhere('(r.endedAt IS NULL OR r.endedAt >= :from)', { from })
      .orderBy('r.startedAt', 'ASC').getMany();
  }

  insertStation(row: Omit<StationRow, 'id'>): Promise<StationRow> {
    return this.em.getRepository(StationEntity).save({ ...row });
  }
  stations(companyId?: number): Promise<StationRow[]> {
    return this.em.getRepository(StationEntity).find({ where: companyId != null ? { companyId } : {}, order: { id: 'ASC' } });
  }
  station(id: number): Promise<StationRow | null> {
    return this.em.getRepository(StationEntity).findOneBy({ id });
  }
  stationsByIds(ids: number[]): Promise<StationRow[]> {
    return ids.length ? this.em.getRepository(StationEntity).findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  insertPlan(row: Omit<PlanRow, 'id'>): Promise<PlanRow> {
    return this.em.getRepository(PlanEntity).save({ ...row });
  }
  plans(companyId?: number): Promise<PlanRow[]> {
    return this.em.getRepository(PlanEntity).find({ where: companyId != null ? { companyId } : {}, order: { id: 'ASC' } });
  }
  plan(id: number): Promise<PlanRow | null> {
    return this.em.getRepository(PlanEntity).findOneBy({ id });
  }
  plansByIds(ids: number[]): Promise<PlanRow[]> {
    return ids.length ? this.em.getRepository(PlanEntity).findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  insertCar(row: Omit<CarRow, 'id'>): Promise<CarRow> {
    return this.em.getRepository(CarEntity).save({ ...row });
  }
  car(id: number, forUpdate = false): Promise<CarRow | null> {
    return this.em.getRepository(CarEntity).findOne({ where: { id }, ...this.lock(forUpdate) });
  }
  carByVehicle(vehicleId: number): Promise<CarRow | null> {
    return this.em.getRepository(CarEntity).findOneBy({ vehicleId });
  }
  cars(where: { companyId?: number; stationId?: number; status?: CarRow['status'] } = {}): Promise<CarRow[]> {
    const w: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(where)) if (v != null) w[k] = v;
    return this.em.getRepository(CarEntity).find({ where: w, order: { id: 'ASC' } });
  }
  /** Available cars per station, counted by the database (not loaded). */
  async availableByStation(where: { companyId?: number; stationId?: number } = {}): Promise<Map<number, number>> {
    const q = this.em.getRepository(CarEntity).createQueryBuilder('c').select('c.stationId', 'stationId').addSelect('COUNT(*)', 'n')
      .where('c.status = :status', { status: 'available' });
    if (where.companyId != null) q.andWhere('c.companyId = :companyId', { companyId: where.companyId });
    if (where.stationId != null) q.andWhere('c.stationId = :stationId', { stationId: where.stationId });
    const rows = await q.groupBy('c.stationId').getRawMany<{ stationId: number | string; n: number | string }>();
    return new Map(rows.map((r) => [Number(r.stationId), Number(r.n)]));
  }
  carsByIds(ids: number[]): Promise<CarRow[]> {
    return ids.length ? this.em.getRepository(CarEntity).findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }
  updateCar(id: number, patch: Partial<CarRow>): Promise<unknown> {
    return this.em.getRepository(CarEntity).update({ id }, patch);
  }
  /** Moves a car from one status to another only if it is still in it; true if this call did. */
  async moveCar(id: number, from: CarRow['status'], to: CarRow['status'], patch: Partial<CarRow> = {}): Promise<boolean> {
    const r = await this.em.getRepository(CarEntity).update({ id, status: from }, { ...patch, status: to });
    return (r.affected ?? 0) === 1;
  }

  insertRental(row: Omit<RentalRow, 'id'>): Promise<RentalRow> {
    return this.em.getRepository(RentalEntity).save({ ...row });
  }
  rental(id: number, forUpdate = false): Promise<RentalRow | null> {
    return this.em.getRepository(RentalEntity).findOne({ where: { id }, ...this.lock(forUpdate) });
  }
  openRentalOf(userId: number): Promise<RentalRow | null> {
    return this.em.getRepository(RentalEntity).findOneBy({ openUserKey: userId });
  }
  rentalOfTrip(tripId: number): Promise<RentalRow | null> {
    return this.em.getRepository(RentalEntity).findOneBy({ tripId });
  }
  rentalByTradeNo(outTradeNo: string): Promise<RentalRow | null> {
    return this.em.getRepository(RentalEntity).findOneBy({ outTradeNo });
  }
  rentals(where: { userId?: number; companyId?: number; status?: RentalRow['status'] }, limit = 100): Promise<RentalRow[]> {
    const w: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(where)) if (v != null) w[k] = v;
    return this.em.getRepository(RentalEntity).find({ where: w, order: { id: 'DESC' }, take: limit });
  }
  /** Moves a rental only from the statuses given; true if this call did (the database decides, not a read before). */
  async moveRental(id: number, from: RentalRow['status'][], patch: Partial<RentalRow>): Promise<boolean> {
    const r = await this.em.getRepository(RentalEntity).update({ id, status: In(from) }, patch);
    return (r.affected ?? 0) === 1;
  }
  /** Pay Score rentals whose service order still has to be completed or cancelled at WeChat. */
  payscoreUnsettled(limit: number): Promise<RentalRow[]> {
    return this.em.getRepository(RentalEntity).find({ where: { payWith: 'payscore', payment: In(['score_charging', 'score_releasing']) }, order: { id: 'ASC' }, take: limit });
  }
  /** Sets the payment state only if it is still `from`; true if this call did. */
  async movePayment(id: number, from: RentalRow['payment'][], to: RentalRow['payment'], patch: Partial<RentalRow> = {}): Promise<boolean> {
    const r = await this.em.getRepository(RentalEntity).update({ id, payment: In(from) }, { ...patch, payment: to });
    return (r.affected ?? 0) === 1;
  }

  /** The photo of one side at one stage, replaced when taken again. */
  async saveEvidence(row: Omit<EvidenceRow, 'id'>): Promise<EvidenceRow> {
    const repo = this.em.getRepository(EvidenceEntity);
    const existing = await repo.findOne({ where: { rentalId: row.rentalId, stage: row.stage, side: row.side } });
    if (existing) {
      await repo.update({ id: existing.id }, row);
      return { ...existing, ...row };
    }
    return repo.save({ ...row });
  }
  evidenceOf(rentalId: number): Promise<EvidenceRow[]> {
    return this.em.getRepository(EvidenceEntity).find({ where: { rentalId }, order: { stage: 'DESC', id: 'ASC' } });
  }
  evidenceByIds(ids: number[], withImage = false): Promise<EvidenceRow[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = this.em.createQueryBuilder(EvidenceEntity, 'e').where('e.id IN (:...ids)', { ids: [...new Set(ids)] });
    if (withImage) qb.addSelect('e.data');
    return qb.getMany();
  }

  insertClaim(row: Omit<ClaimRow, 'id'>): Promise<ClaimRow> {
    return this.em.getRepository(ClaimEntity).save({ ...row });
  }
  claim(id: number, forUpdate = false): Promise<ClaimRow | null> {
    return this.em.getRepository(ClaimEntity).findOne({ where: { id }, ...this.lock(forUpdate) });
  }
  claims(where: { companyId?: number; userId?: number; rentalId?: number }): Promise<ClaimRow[]> {
    const w: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(where)) if (v != null) w[k] = v;
    return this.em.getRepository(ClaimEntity).find({ where: w, order: { id: 'DESC' }, take: 200 });
  }
  /** Claims charged through 微信支付分 that WeChat has not deducted yet (their order is completed again, idempotently). */
  claimsAwaitingPayscore(limit: number): Promise<ClaimRow[]> {
    return this.em.getRepository(ClaimEntity).find({ where: { status: 'charged', chargeRef: 'payscore' }, order: { id: 'ASC' }, take: limit });
  }
  /** Claims whose appeal window has passed without an appeal. */
  dueClaims(now: Date, limit: number): Promise<ClaimRow[]> {
    return this.em.getRepository(ClaimEntity).find({ where: { status: 'open', appealDeadline: LessThan(now) }, order: { appealDeadline: 'ASC' }, take: limit });
  }
  /** Moves a claim between states only if it is still in one of `from`; true if this call did. */
  async moveClaim(id: number, from: ClaimRow['status'][], patch: Partial<ClaimRow>): Promise<boolean> {
    const r = await this.em.getRepository(ClaimEntity).update({ id, status: In(from) }, patch);
    return (r.affected ?? 0) === 1;
  }

  expiredReservations(now: Date, limit: number): Promise<RentalRow[]> {
    return this.em.getRepository(RentalEntity).find({ where: { status: 'reserved', holdUntil: LessThan(now) }, order: { holdUntil: 'ASC' }, take: limit });
  }

  insertFault(row: Omit<FaultRow, 'id'>): Promise<FaultRow> {
    return this.em.getRepository(FaultEntity).save({ ...row });
  }
  fault(id: number, forUpdate = false): Promise<FaultRow | null> {
    return this.em.getRepository(FaultEntity).findOne({ where: { id }, ...this.lock(forUpdate) });
  }
  faults(companyId: number | null): Promise<FaultRow[]> {
    return this.em.getRepository(FaultEntity).find({ where: companyId != null ? { companyId } : {}, order: { id: 'DESC' }, take: 200 });
  }
  async updateFault(id: number, patch: Partial<FaultRow>): Promise<void> {
    await this.em.getRepository(FaultEntity).update({ id }, patch);
  }

  licence(userId: number): Promise<LicenceRow | null> {
    return this.em.getRepository(LicenceEntity).findOneBy({ userId });
  }
  async saveLicence(row: LicenceRow): Promise<void> {
    await this.em.getRepository(LicenceEntity).save(row);
  }
}
