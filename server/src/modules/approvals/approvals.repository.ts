import { In, IsNull } from 'typeorm';
import type { Database } from '../../platform/db/database';
import { manyRows, pageRows } from '../../platform/db/rows';
import type { ApprovalKind } from '@shared/approvals/approvals.schemas';
import type { Role } from '@shared/identity/identity.schemas';
import {
  ApprovalChainEntity, ApprovalChainRow, ApprovalDecisionEntity, ApprovalDecisionRow, ApprovalHolderEntity, ApprovalHolderRow,
  ApprovalRequestEntity, ApprovalRequestRow,
} from './approvals.entity';

/** The only ORM code of the approval center. */
export class ApprovalsRepository {
  constructor(private readonly db: Database) {}

  /** The unit's own chain for a kind and variant, else the default (unit_id NULL), ordered by level. */
  async chain(unitId: number, kind: ApprovalKind, variant: string): Promise<ApprovalChainRow[]> {
    const rows = await this.db.manager.find(ApprovalChainEntity, { where: [{ unitId, kind, variant }, { unitId: IsNull(), kind, variant }], order: { level: 'ASC' } });
    const own = rows.filter((r) => r.unitId != null);
    return own.length ? own : rows;
  }

  listChains(unitId: number): Promise<ApprovalChainRow[]> {
    return this.db.manager.find(ApprovalChainEntity, { where: [{ unitId }, { unitId: IsNull() }], order: { kind: 'ASC', variant: 'ASC', level: 'ASC' } });
  }

  async replaceChain(unitId: number, kind: ApprovalKind, variant: string, levels: Array<{ approverRole: Role; approverUserId: number | null }>): Promise<void> {
    const em = this.db.manager;
    await em.delete(ApprovalChainEntity, { unitId, kind, variant });
    await em.insert(ApprovalChainEntity, levels.map((l, i) => ({ unitId, kind, variant, level: i + 1, ...l })));
  }

  /**
   * The request of a subject; with `lock`, the row is locked FOR UPDATE by its primary key once found.
   * A locking read by (kind, subject_id) of a subject that has no request yet (every new trip) would take
   * a gap lock at the end of the unique index, and two concurrent submits holding that gap deadlock on
   * their inserts: so look first without a lock, then lock the row that exists. A new subject's request
   * is guarded by the unique key; a returned one's by the subject's own row, which callers lock first.
   */
  async findBySubject(kind: ApprovalKind, subjectId: number, lock = true): Promise<ApprovalRequestRow | null> {
    const row = await this.db.manager.createQueryBuilder(ApprovalRequestEntity, 'a').where('a.kind = :kind AND a.subjectId = :subjectId', { kind, subjectId }).getOne();
    return row && lock && this.db.writeLock ? this.find(row.id, true) : row;
  }

  /** With `lock` (inside a transaction), FOR UPDATE on MariaDB. */
  find(id: number, lock = false): Promise<ApprovalRequestRow | null> {
    const qb = this.db.manager.createQueryBuilder(ApprovalRequestEntity, 'a').where('a.id = :id', { id });
    if (lock && this.db.writeLock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  save(row: Partial<ApprovalRequestRow>): Promise<ApprovalRequestRow> {
    const em = this.db.manager;
    return em.save(ApprovalRequestEntity, em.create(ApprovalRequestEntity, row));
  }

  async update(id: number, patch: Partial<ApprovalRequestRow>): Promise<void> {
    await this.db.manager.update(ApprovalRequestEntity, { id }, patch);
  }

  async insertDecision(row: Omit<ApprovalDecisionRow, 'id'>): Promise<void> {
    await this.db.manager.insert(ApprovalDecisionEntity, row);
  }

  decisions(requestId: number): Promise<ApprovalDecisionRow[]> {
    return this.db.manager.find(ApprovalDecisionEntity, { where: { requestId }, order: { id: 'ASC' } });
  }

  /** Pending requests in scope (the candidates of an inbox; who may decide is a rule applied after). */
  /** The holders of the request's current level (none once decided). */
  holders(requestId: number): Promise<ApprovalHolderRow[]> {
    return this.db.manager.find(ApprovalHolderEntity, { where: { requestId }, order: { userId: 'ASC' } });
  }

  holdersOf(requestIds: number[]): Promise<ApprovalHolderRow[]> {
    if (!requestIds.length) return Promise.resolve([]);
    return manyRows(this.db.manager.createQueryBuilder(ApprovalHolderEntity, 'h').where('h.requestId IN (:...requestIds)', { requestIds }).orderBy('h.userId', 'ASC'));
  }

  /**
   * The request's holders become `rows` (the level moved on, or a new round began; [] once decided).
   * Stored rows are deleted by their primary keys, and only when there are any: a DELETE by request_id
   * that matches nothing (every new request) takes a gap lock at the end of the index on MariaDB, and
   * concurrent submissions holding that gap deadlock on their inserts. Callers hold the request's row
   * (or its subject's) locked, so the rows read here do not change underneath.
   */
  /** `fresh`: the request was created in this transaction, so it has no holders to remove (no read). */
  async replaceHolders(requestId: number, rows: ApprovalHolderRow[], opts: { fresh?: boolean } = {}): Promise<void> {
    const stored = opts.fresh ? [] : await this.db.manager.find(ApprovalHolderEntity, { where: { requestId } });
    if (stored.length) await this.db.manager.delete(ApprovalHolderEntity, stored.map((h) => ({ requestId, userId: h.userId })));
    if (rows.length) await this.db.manager.insert(ApprovalHolderEntity, rows);
  }

  /**
   * One page of what the user holds, oldest first, and how many there are in all, from the holder index
   * alone (holders exist only for pending requests: submit and each level store them, a decision or a
   * withdrawal removes them); then the page's requests by key.
   */
  async pendingHeldPage(userId: number, kind: ApprovalKind | undefined, page: number, pageSize: number): Promise<[ApprovalRequestRow[], number]> {
    const held = this.db.manager.createQueryBuilder(ApprovalHolderEntity, 'h').where('h.userId = :userId', { userId });
    if (kind) held.andWhere('h.kind = :kind', { kind });
    held.orderBy('h.submittedAt', 'ASC').addOrderBy('h.requestId', 'ASC').skip((page - 1) * pageSize).take(pageSize);
    const [ids, total] = await pageRows(held, ['requestId']);
    if (!ids.length) return [[], total];
    const byId = new Map((await manyRows(this.db.manager.createQueryBuilder(ApprovalRequestEntity, 'a')
      .where('a.id IN (:...ids)', { ids: ids.map((h) => h.requestId) }))).map((r) => [r.id, r]));
    const pending = ids.map((h) => byId.get(h.requestId)).filter((r): r is ApprovalRequestRow => r?.status === 'pending');
    return [pending, total];
  }

  /** Pending requests with no holders stored, by id after `afterId` (of one unit when given). */
  pendingWithoutHolders(afterId: number, limit: number, unitId?: number): Promise<ApprovalRequestRow[]> {
    const qb = this.db.manager.createQueryBuilder(ApprovalRequestEntity, 'a').where('a.status = :status', { status: 'pending' })
      .andWhere('a.id > :afterId', { afterId })
      .andWhere('NOT EXISTS (SELECT 1 FROM approval_holder h WHERE h.request_id = a.id)');
    if (unitId != null) qb.andWhere('a.unitId = :unitId', { unitId });
    return qb.orderBy('a.id', 'ASC').take(limit).getMany();
  }

  async decidedBy(userId: number, kind: ApprovalKind | undefined, page: number, pageSize: number): Promise<[ApprovalRequestRow[], number]> {
    const qb = this.db.manager.createQueryBuilder(ApprovalRequestEntity, 'a')
      .where('a.id IN (SELECT d.request_id FROM approval_decision d WHERE d.decider_id = :userId)', { userId });
    if (kind) qb.andWhere('a.kind = :kind', { kind });
    return qb.orderBy('a.id', 'DESC').skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
  }
}
