import { In } from 'typeorm';
import type { Database } from '../../../platform/db/database';
import { DayPlanEntity, type DayPlanRow } from './day-plan.entity';

/** The only ORM code of day plans; every method joins the caller's transaction (db.manager). */
export class DayPlanRepository {
  constructor(private readonly db: Database) {}

  insert(row: Omit<DayPlanRow, 'id'>): Promise<DayPlanRow> {
    const em = this.db.manager;
    return em.save(DayPlanEntity, em.create(DayPlanEntity, row));
  }

  find(id: number): Promise<DayPlanRow | null> {
    return this.db.manager.findOne(DayPlanEntity, { where: { id } });
  }

  /**
   * The plan; `lock` (inside a transaction) takes its row FOR UPDATE on MariaDB, so applying and
   * adjusting serialise on it; `withModel` also reads model_json (left out of every other read).
   */
  findForEdit(id: number, lock: boolean, withModel: boolean): Promise<DayPlanRow | null> {
    const qb = this.db.manager.createQueryBuilder(DayPlanEntity, 'p').where('p.id = :id', { id });
    if (withModel) qb.addSelect('p.modelJson');
    if (lock && this.db.writeLock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async update(id: number, patch: Partial<DayPlanRow>): Promise<void> {
    await this.db.manager.update(DayPlanEntity, { id }, patch);
  }

  running(unitId: number, date: string): Promise<DayPlanRow[]> {
    return this.db.manager.find(DayPlanEntity, { where: { unitId, date, status: 'running' } });
  }

  /** Thorough plans of a unit for `date` asked for since `since`. */
  countThoroughSince(unitId: number, date: string, since: Date): Promise<number> {
    return this.db.manager.createQueryBuilder(DayPlanEntity, 'p')
      .where('p.unitId = :unitId AND p.date = :date AND p.mode = :mode AND p.createdAt >= :since', { unitId, date, mode: 'thorough', since })
      .getCount();
  }

  /** The latest plans of some units (of one date), newest first. */
  latestOfUnits(unitIds: number[], date: string | undefined, limit: number): Promise<DayPlanRow[]> {
    return this.db.manager.find(DayPlanEntity, { where: date ? { unitId: In(unitIds), date } : { unitId: In(unitIds) }, order: { id: 'DESC' }, take: limit });
  }
}
