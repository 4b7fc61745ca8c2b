import type { LineReviewStatus, StatementStatus } from '@shared/settlement/settlement.schemas';
import { SettlementErrorCode as E, statementStatusLabel } from '@shared/settlement/settlement.schemas';
import { shanghaiMonthBounds } from '@shared/common/time';
import { ConflictError } from '../../platform/errors';

/**
 * The monthly statement as a pure state machine (DOMAIN.md §6):
 *   draft ──review: all lines confirmed──▶ confirmed ──approve──▶ approved ──pay──▶ paid
 *   draft ──review: a line disputed──▶ disputed ──correct (new lines)…, resubmit──▶ draft
 * Corrections may be added while draft or disputed; nothing changes once confirmed.
 */
export type StatementAction = 'review' | 'correct' | 'resubmit' | 'approve' | 'pay';

const allowedFrom: Record<StatementAction, readonly StatementStatus[]> = {
  review: ['draft'],
  correct: ['draft', 'disputed'],
  resubmit: ['disputed'],
  approve: ['confirmed'],
  pay: ['approved'],
};

const actionLabel: Record<StatementAction, string> = { review: '确认/提出异议', correct: '补录调整', resubmit: '重新提交确认', approve: '审核', pay: '登记付款' };

export function assertCan(action: StatementAction, status: StatementStatus, statementId: number): void {
  if (!allowedFrom[action].includes(status)) {
    throw new ConflictError(E.STATEMENT_STATE_CONFLICT, `结算单 ${statementId} 当前为「${statementStatusLabel[status]}」，不能${actionLabel[action]}`);
  }
}

/** Status after a review: any disputed line → disputed; every line confirmed → confirmed; else still draft. */
export function statusAfterReview(lines: ReadonlyArray<{ reviewStatus: LineReviewStatus }>): StatementStatus {
  if (lines.some((l) => l.reviewStatus === 'disputed')) return 'disputed';
  if (lines.length > 0 && lines.every((l) => l.reviewStatus === 'confirmed')) return 'confirmed';
  return 'draft';
}

export function nextStatus(action: Exclude<StatementAction, 'review' | 'correct'>): StatementStatus {
  return { resubmit: 'draft', approve: 'approved', pay: 'paid' }[action] as StatementStatus;
}

export interface LineAmount {
  unitId: number;
  amountFen: number;
}

/** Total and per-unit subtotals of a statement's lines (corrections included, with their sign). */
export function summarize(lines: ReadonlyArray<LineAmount>): { totalFen: number; byUnit: Map<number, { amountFen: number; lineCount: number }> } {
  const byUnit = new Map<number, { amountFen: number; lineCount: number }>();
  let totalFen = 0;
  for (const l of lines) {
    totalFen += l.amountFen;
    const u = byUnit.get(l.unitId) ?? { amountFen: 0, lineCount: 0 };
    u.amountFen += l.amountFen;
    u.lineCount += 1;
    byUnit.set(l.unitId, u);
  }
  return { totalFen, byUnit: new Map([...byUnit].sort((a, b) => a[0] - b[0])) };
}

/** The UTC instants bounding a month `YYYY-MM` in Asia/Shanghai. */
export function periodBounds(period: string): { from: Date; to: Date } {
  return shanghaiMonthBounds(period);
}

export interface BillableForStatement {
  id: number;
  companyId: number;
  unitId: number;
  amountFen: number;
  completedAt: Date;
}

/** The orders of one statement: one company, one billed unit. */
export interface StatementGroup<T> {
  companyId: number;
  unitId: number;
  orders: T[];
}

export const statementKey = (companyId: number, unitId: number): string => `${companyId}:${unitId}`;

/**
 * Which orders each statement for `period` takes, keyed by company and billed unit (statementKey):
 * every order completed before the month ends that is on no statement yet. An invoice names one
 * buyer and official use is billed to the unit (DOMAIN.md §6), so a company has one statement per
 * unit it served. An order recorded late (after its month's statement was made) is not lost: it
 * rolls into the next month's statement. Groups come in company, then unit order.
 */
export function ordersForStatement<T extends BillableForStatement>(orders: readonly T[], period: string, alreadyListed: ReadonlySet<number>): Map<string, StatementGroup<T>> {
  const { to } = periodBounds(period);
  const groups = new Map<string, StatementGroup<T>>();
  for (const o of orders) {
    if (alreadyListed.has(o.id) || o.completedAt.getTime() >= to.getTime()) continue;
    const key = statementKey(o.companyId, o.unitId);
    const group = groups.get(key) ?? { companyId: o.companyId, unitId: o.unitId, orders: [] };
    group.orders.push(o);
    groups.set(key, group);
  }
  for (const g of groups.values()) g.orders.sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime() || a.id - b.id);
  return new Map([...groups].sort(([, a], [, b]) => a.companyId - b.companyId || a.unitId - b.unitId));
}

// Who sees and acts on which statement is the access layer's (platform/access statement.policy statementScope).
