import { In } from 'typeorm';
import type { Database } from '../../platform/db/database';
import type { StatementListQuery, StatementStatus } from '@shared/settlement/settlement.schemas';
import type { Scope } from '../../platform/data-scope';
import { applyScope } from '../../platform/db/apply-scope';
import { STATEMENT_SCOPE_COLUMNS } from '../../platform/access';
import {
  BillableOrderEntity, BillableOrderRow, SettlementLineEntity, SettlementLineRow, SettlementStatementEntity,
  SettlementStatementRow,
} from './settlement.entity';

/** The only code that touches settlement tables. */
export class SettlementRepository {
  constructor(private readonly db: Pick<Database, 'manager' | 'writeLock'>) {}

  /** The current unit of work's manager (or the database's outside one). */
  private get em() {
    return this.db.manager;
  }

  /** FOR UPDATE on MariaDB when asked (inside the caller's transaction); SQLite's queue already serialises. */
  private lock(forUpdate: boolean) {
    return forUpdate && this.db.writeLock ? { lock: this.db.writeLock } : {};
  }

  findBillable(sourceKind: string, sourceId: string, forUpdate = false): Promise<BillableOrderRow | null> {
    return this.em.getRepository(BillableOrderEntity).findOne({ where: { sourceKind: sourceKind as BillableOrderRow['sourceKind'], sourceId }, ...this.lock(forUpdate) });
  }

  /** A correction replaces what an order not yet on a statement bills. */
  async replaceBillable(id: number, patch: Pick<BillableOrderRow, 'amountFen' | 'rentalFen' | 'fuelFen' | 'tollFen' | 'parkingFen' | 'otherFen' | 'description'>): Promise<void> {
    await this.em.getRepository(BillableOrderEntity).update({ id }, patch);
  }

  /** The statement line that lists an order, if any (an order is listed at most once). */
  lineOfBillable(billableOrderId: number): Promise<SettlementLineRow | null> {
    return this.em.getRepository(SettlementLineEntity).findOne({ where: { billableOrderId } });
  }

  insertBillable(row: Omit<BillableOrderRow, 'id'>): Promise<BillableOrderRow> {
    return this.em.getRepository(BillableOrderEntity).save(row);
  }

  /** Orders completed before `to` that no statement lists yet. */
  unlistedBillableBefore(to: Date): Promise<BillableOrderRow[]> {
    return this.em.getRepository(BillableOrderEntity).createQueryBuilder('b')
      .leftJoin(SettlementLineEntity.options.name, 'l', 'l.billableOrderId = b.id')
      .where('l.id IS NULL').andWhere('b.completedAt < :to', { to })
      .orderBy('b.id', 'ASC').getMany();
  }

  billableByIds(ids: number[]): Promise<BillableOrderRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.em.getRepository(BillableOrderEntity).find({ where: { id: In(ids) } });
  }

  findStatement(id: number, forUpdate = false): Promise<SettlementStatementRow | null> {
    return this.em.getRepository(SettlementStatementEntity).findOne({ where: { id }, ...this.lock(forUpdate) });
  }

  findStatementFor(companyId: number, unitId: number, period: string): Promise<SettlementStatementRow | null> {
    return this.em.getRepository(SettlementStatementEntity).findOne({ where: { companyId, unitId, period } });
  }

  insertStatement(row: Omit<SettlementStatementRow, 'id'>): Promise<SettlementStatementRow> {
    return this.em.getRepository(SettlementStatementEntity).save(row);
  }

  /** Moves a statement from `from` to the new state; 1 when this call made the move. */
  async transition(id: number, from: StatementStatus, patch: Partial<SettlementStatementRow>): Promise<number> {
    const r = await this.em.getRepository(SettlementStatementEntity).update({ id, status: from }, patch);
    return r.affected ?? 0;
  }

  /** A page of the statements in `scope` (access statementScope), filtered in SQL. */
  async listStatements(q: StatementListQuery, scope: Scope): Promise<[SettlementStatementRow[], number]> {
    const qb = applyScope(this.em.getRepository(SettlementStatementEntity).createQueryBuilder('s'), 's', scope, STATEMENT_SCOPE_COLUMNS);
    if (q.period) qb.andWhere('s.period = :period', { period: q.period });
    if (q.companyId) qb.andWhere('s.companyId = :companyId', { companyId: q.companyId });
    if (q.unitId) qb.andWhere('s.unitId = :unitId', { unitId: q.unitId });
    if (q.status) qb.andWhere('s.status = :status', { status: q.status });
    return qb.orderBy('s.period', 'DESC').addOrderBy('s.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
  }

  insertLines(rows: Array<Omit<SettlementLineRow, 'id'>>): Promise<unknown> {
    return rows.length ? this.em.getRepository(SettlementLineEntity).insert(rows) : Promise.resolve();
  }

  insertLine(row: Omit<SettlementLineRow, 'id'>): Promise<SettlementLineRow> {
    return this.em.getRepository(SettlementLineEntity).save(row);
  }

  linesOf(statementIds: number[]): Promise<SettlementLineRow[]> {
    if (statementIds.length === 0) return Promise.resolve([]);
    return this.em.getRepository(SettlementLineEntity).find({ where: { statementId: In(statementIds) }, order: { unitId: 'ASC', id: 'ASC' } });
  }

  /** The review mark is the one thing about a line that changes; amounts never do. */
  setReview(lineId: number, reviewStatus: SettlementLineRow['reviewStatus'], disputeReason: string | null): Promise<unknown> {
    return this.em.getRepository(SettlementLineEntity).update({ id: lineId }, { reviewStatus, disputeReason });
  }

  reopenDisputed(statementId: number): Promise<unknown> {
    return this.em.getRepository(SettlementLineEntity).update({ statementId, reviewStatus: 'disputed' }, { reviewStatus: 'pending' });
  }

}
