import { EntityManager, In } from 'typeorm';
import type { StatementListQuery, StatementStatus } from '@shared/settlement/settlement.schemas';
import { applyScope, type Scope } from '../../platform/data-scope';
import { STATEMENT_SCOPE_COLUMNS } from '../../platform/access';
import {
  BillableOrderEntity, BillableOrderRow, SettlementLineEntity, SettlementLineRow, SettlementStatementEntity,
  SettlementStatementRow,
} from './settlement.entity';

type Lock = { mode: 'pessimistic_write' } | undefined;

/** The only code that touches settlement tables. */
export class SettlementRepository {
  findBillable(em: EntityManager, sourceKind: string, sourceId: string, lock?: Lock): Promise<BillableOrderRow | null> {
    return em.getRepository(BillableOrderEntity).findOne({ where: { sourceKind: sourceKind as BillableOrderRow['sourceKind'], sourceId }, ...(lock ? { lock } : {}) });
  }

  /** A correction replaces what an order not yet on a statement bills. */
  async replaceBillable(em: EntityManager, id: number, patch: Pick<BillableOrderRow, 'amountFen' | 'rentalFen' | 'fuelFen' | 'tollFen' | 'parkingFen' | 'otherFen' | 'description'>): Promise<void> {
    await em.getRepository(BillableOrderEntity).update({ id }, patch);
  }

  /** The statement line that lists an order, if any (an order is listed at most once). */
  lineOfBillable(em: EntityManager, billableOrderId: number): Promise<SettlementLineRow | null> {
    return em.getRepository(SettlementLineEntity).findOne({ where: { billableOrderId } });
  }

  insertBillable(em: EntityManager, row: Omit<BillableOrderRow, 'id'>): Promise<BillableOrderRow> {
    return em.getRepository(BillableOrderEntity).save(row);
  }

  /** Orders completed before `to` that no statement lists yet. */
  unlistedBillableBefore(em: EntityManager, to: Date): Promise<BillableOrderRow[]> {
    return em.getRepository(BillableOrderEntity).createQueryBuilder('b')
      .leftJoin(SettlementLineEntity.options.name, 'l', 'l.billableOrderId = b.id')
      .where('l.id IS NULL').andWhere('b.completedAt < :to', { to })
      .orderBy('b.id', 'ASC').getMany();
  }

  billableByIds(em: EntityManager, ids: number[]): Promise<BillableOrderRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em.getRepository(BillableOrderEntity).find({ where: { id: In(ids) } });
  }

  findStatement(em: EntityManager, id: number, lock?: Lock): Promise<SettlementStatementRow | null> {
    return em.getRepository(SettlementStatementEntity).findOne({ where: { id }, ...(lock ? { lock } : {}) });
  }

  findStatementFor(em: EntityManager, companyId: number, unitId: number, period: string): Promise<SettlementStatementRow | null> {
    return em.getRepository(SettlementStatementEntity).findOne({ where: { companyId, unitId, period } });
  }

  insertStatement(em: EntityManager, row: Omit<SettlementStatementRow, 'id'>): Promise<SettlementStatementRow> {
    return em.getRepository(SettlementStatementEntity).save(row);
  }

  /** Moves a statement from `from` to the new state; 1 when this call made the move. */
  async transition(em: EntityManager, id: number, from: StatementStatus, patch: Partial<SettlementStatementRow>): Promise<number> {
    const r = await em.getRepository(SettlementStatementEntity).update({ id, status: from }, patch);
    return r.affected ?? 0;
  }

  /** A page of the statements in `scope` (access statementScope), filtered in SQL. */
  async listStatements(em: EntityManager, q: StatementListQuery, scope: Scope): Promise<[SettlementStatementRow[], number]> {
    const qb = applyScope(em.getRepository(SettlementStatementEntity).createQueryBuilder('s'), 's', scope, STATEMENT_SCOPE_COLUMNS);
    if (q.period) qb.andWhere('s.period = :period', { period: q.period });
    if (q.companyId) qb.andWhere('s.companyId = :companyId', { companyId: q.companyId });
    if (q.unitId) qb.andWhere('s.unitId = :unitId', { unitId: q.unitId });
    if (q.status) qb.andWhere('s.status = :status', { status: q.status });
    return qb.orderBy('s.period', 'DESC').addOrderBy('s.id', 'DESC').skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
  }

  insertLines(em: EntityManager, rows: Array<Omit<SettlementLineRow, 'id'>>): Promise<unknown> {
    return rows.length ? em.getRepository(SettlementLineEntity).insert(rows) : Promise.resolve();
  }

  insertLine(em: EntityManager, row: Omit<SettlementLineRow, 'id'>): Promise<SettlementLineRow> {
    return em.getRepository(SettlementLineEntity).save(row);
  }

  linesOf(em: EntityManager, statementIds: number[]): Promise<SettlementLineRow[]> {
    if (statementIds.length === 0) return Promise.resolve([]);
    return em.getRepository(SettlementLineEntity).find({ where: { statementId: In(statementIds) }, order: { unitId: 'ASC', id: 'ASC' } });
  }

  /** The review mark is the one thing about a line that changes; amounts never do. */
  setReview(em: EntityManager, lineId: number, reviewStatus: SettlementLineRow['reviewStatus'], disputeReason: string | null): Promise<unknown> {
    return em.getRepository(SettlementLineEntity).update({ id: lineId }, { reviewStatus, disputeReason });
  }

  reopenDisputed(em: EntityManager, statementId: number): Promise<unknown> {
    return em.getRepository(SettlementLineEntity).update({ statementId, reviewStatus: 'disputed' }, { reviewStatus: 'pending' });
  }

}
