import type { Database } from '../../platform/db/database';
import { Brackets } from 'typeorm';
import type { Scope } from '../../platform/data-scope';
import type { ViolationListQuery } from '@shared/violations/violations.schemas';
import { ViolationEntity, type ViolationRow } from './violations.entity';

/** The only ORM code of violations; inside a unit of work it joins the transaction. */
export class ViolationsRepository {
  constructor(private readonly db: Database) {}

  findByArchiveNos(nos: string[]): Promise<ViolationRow[]> {
    if (!nos.length) return Promise.resolve([]);
    return this.db.manager.createQueryBuilder(ViolationEntity, 'v').where('v.archiveNo IN (:...nos)', { nos }).getMany();
  }

  insert(row: Omit<ViolationRow, 'id'>): Promise<ViolationRow> {
    return this.db.manager.save(ViolationEntity, this.db.manager.create(ViolationEntity, row));
  }

  find(id: number, lock = false): Promise<ViolationRow | null> {
    return this.db.manager.findOne(ViolationEntity, { where: { id }, ...(lock ? { lock: this.db.writeLock } : {}) });
  }

  async update(id: number, patch: Partial<ViolationRow>): Promise<void> {
    await this.db.manager.update(ViolationEntity, { id }, patch);
  }

  /** Violations of the actor's scope (their own, and their unit's or region's as the policy says). */
  list(scope: Scope, userId: number, q: ViolationListQuery): Promise<[ViolationRow[], number]> {
    const qb = this.db.manager.createQueryBuilder(ViolationEntity, 'v');
    if (q.mine === 'true') qb.where('v.userId = :userId', { userId });
    else {
      // One's own, or in the scope the policy gives (the unit's for its fleet admin, a region's for supervision).
      qb.where(new Brackets((w) => {
        w.where('v.userId = :userId', { userId });
        if (scope.all) w.orWhere('1 = 1');
        scope.regionPrefixes.forEach((p, i) => w.orWhere(`v.regionCode LIKE :scopeRegion${i}`, { [`scopeRegion${i}`]: `${p}%` }));
        if (scope.unitIds.length) w.orWhere('v.unitId IN (:...scopeUnits)', { scopeUnits: scope.unitIds });
      }));
    }
    if (q.status) qb.andWhere('v.status = :status', { status: q.status });
    return qb.orderBy('v.occurredAt', 'DESC').addOrderBy('v.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
  }
}
