import type { EntityManager } from 'typeorm';
import {
  AddCorrectionInput, MarkPaidInput, ReviewStatementInput, SettlementErrorCode as E, Statement, StatementListQuery,
  StatementSummary,
} from '@shared/settlement/settlement.schemas';
import type { Page } from '@shared/common/pagination';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { Actor } from '../../platform/data-scope';
import { chargeJournal, LedgerService, settlementPaymentJournal } from '../ledger';
import type { SettlementLineRow, SettlementStatementRow } from './settlement.entity';
import { SettlementRepository } from './settlement.repository';
import { assertCan, nextStatus, ordersForStatement, periodBounds, statusAfterReview, summarize } from './settlement.rules';

/** Names of units and companies (companies are units of a supplier kind); identity provides the real one. */
export interface SettlementDirectory {
  names(unitIds: number[]): Promise<Map<number, string>>;
}

export interface SettlementDeps {
  db: Pick<Database, 'transaction' | 'manager' | 'writeLock'>;
  ledger: LedgerService;
  clock: Clock;
  directory: SettlementDirectory;
  repo?: SettlementRepository;
}

const isFinance = (a: Actor) => a.roles.includes('finance') || a.roles.includes('platform_admin');
const isCompanyOperator = (a: Actor, companyId: number) =>
  (a.roles.includes('rental_operator') || a.roles.includes('supplier_operator')) && a.unitId === companyId;

/** Monthly statements with each company: generate, company review, corrections, approval, payment. */
export class SettlementService {
  private readonly repo: SettlementRepository;

  constructor(private readonly deps: SettlementDeps) {
    this.repo = deps.repo ?? new SettlementRepository();
  }

  /** Makes the month's statement for every company with unlisted orders; existing statements are left alone. */
  async generate(actor: Actor, period: string): Promise<StatementSummary[]> {
    this.assertFinance(actor);
    const { db, clock } = this.deps;
    const created = await db.transaction(async (em) => {
      const out: SettlementStatementRow[] = [];
      const unlisted = await this.repo.unlistedBillableBefore(em, periodBounds(period).to);
      for (const [companyId, orders] of ordersForStatement(unlisted, period, new Set())) {
        if (await this.repo.findStatementFor(em, companyId, period)) continue;
        const now = clock.now();
        const statement = await this.repo.insertStatement(em, {
          companyId, period, status: 'draft', createdAt: now, confirmedAt: null, confirmedBy: null, approvedAt: null,
          approvedBy: null, paidAt: null, paidBy: null, paymentReference: null,
        });
        await this.repo.insertLines(em, orders.map((o) => ({
          statementId: statement.id, kind: 'order' as const, billableOrderId: o.id, unitId: o.unitId, sourceKind: o.sourceKind,
          sourceId: o.sourceId, description: o.description, amountFen: o.amountFen, completedAt: o.completedAt,
          reviewStatus: 'pending' as const, disputeReason: null, correctsLineId: null, createdBy: null, createdAt: now,
        })));
        out.push(statement);
      }
      return out;
    });
    return this.summaries(created);
  }

  async list(actor: Actor, query: StatementListQuery): Promise<Page<StatementSummary>> {
    const scope = isFinance(actor) ? 'all' : (actor.roles.includes('rental_operator') || actor.roles.includes('supplier_operator')) ? [actor.unitId] : [];
    const [rows, total] = await this.repo.listStatements(this.deps.db.manager, query, scope);
    return { items: await this.summaries(rows), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: number): Promise<Statement> {
    const statement = await this.visible(actor, id, this.deps.db.manager);
    return this.view(this.deps.db.manager, statement);
  }

  /** The company confirms or disputes lines; the statement follows (settlement.rules statusAfterReview). */
  async review(actor: Actor, id: number, input: ReviewStatementInput): Promise<Statement> {
    return this.change(actor, id, 'company', async (em, s) => {
      assertCan('review', s.status, s.id);
      const lines = await this.repo.linesOf(em, [s.id]);
      const byId = new Map(lines.map((l) => [l.id, l]));
      for (const d of input.lines) {
        const line = byId.get(d.lineId);
        if (!line) throw new NotFoundError(E.STATEMENT_LINE_NOT_FOUND, `结算单 ${s.id} 没有明细 ${d.lineId}`);
        line.reviewStatus = d.decision === 'confirm' ? 'confirmed' : 'disputed';
        line.disputeReason = d.decision === 'dispute' ? d.reason ?? null : null;
        await this.repo.setReview(em, line.id, line.reviewStatus, line.disputeReason);
      }
      const status = statusAfterReview(lines);
      if (status !== s.status) {
        await this.repo.transition(em, s.id, s.status, status === 'confirmed' ? { status, confirmedAt: this.deps.clock.now(), confirmedBy: actor.userId } : { status });
      }
    });
  }

  /** Finance adds a correction line (never edits one); its charge is posted to the ledger with it. */
  async addCorrection(actor: Actor, id: number, input: AddCorrectionInput): Promise<Statement> {
    return this.change(actor, id, 'finance', async (em, s) => {
      assertCan('correct', s.status, s.id);
      let corrects: SettlementLineRow | undefined;
      if (input.correctsLineId) {
        corrects = (await this.repo.linesOf(em, [s.id])).find((l) => l.id === input.correctsLineId);
        if (!corrects) throw new NotFoundError(E.STATEMENT_LINE_NOT_FOUND, `结算单 ${s.id} 没有明细 ${input.correctsLineId}`);
        if (corrects.unitId !== input.unitId) throw new ValidationError('VALIDATION_FAILED', `调整的单位须与明细 ${corrects.id} 的单位一致`);
      }
      const now = this.deps.clock.now();
      const line = await this.repo.insertLine(em, {
        statementId: s.id, kind: 'correction', billableOrderId: null, unitId: input.unitId, sourceKind: corrects?.sourceKind ?? 'other',
        sourceId: corrects?.sourceId ?? '', description: `调整：${input.reason}`.slice(0, 255), amountFen: input.amountFen, completedAt: null,
        reviewStatus: 'pending', disputeReason: null, correctsLineId: corrects?.id ?? null, createdBy: actor.userId, createdAt: now,
      });
      await this.deps.ledger.post(em, chargeJournal({
        kind: 'charge_correction', reference: `line:${line.id}`, unitId: line.unitId, companyId: s.companyId, amountFen: line.amountFen,
        at: now, memo: `结算单 ${s.id} 调整：${input.reason}`,
      }));
    });
  }

  /** After corrections, the disputed lines go back to the company with the statement. */
  async resubmit(actor: Actor, id: number): Promise<Statement> {
    return this.change(actor, id, 'finance', async (em, s) => {
      assertCan('resubmit', s.status, s.id);
      await this.repo.reopenDisputed(em, s.id);
      await this.repo.transition(em, s.id, s.status, { status: nextStatus('resubmit') });
    });
  }

  async approve(actor: Actor, id: number): Promise<Statement> {
    return this.change(actor, id, 'finance', async (em, s) => {
      assertCan('approve', s.status, s.id);
      await this.repo.transition(em, s.id, s.status, { status: nextStatus('approve'), approvedAt: this.deps.clock.now(), approvedBy: actor.userId });
    });
  }

  /** Paid with a payment reference (bank voucher): each unit's subtotal leaves its payable in the ledger. */
  async markPaid(actor: Actor, id: number, input: MarkPaidInput): Promise<Statement> {
    return this.change(actor, id, 'finance', async (em, s) => {
      assertCan('pay', s.status, s.id);
      const paidAt = input.paidAt ? new Date(input.paidAt) : this.deps.clock.now();
      await this.repo.transition(em, s.id, s.status, { status: nextStatus('pay'), paidAt, paidBy: actor.userId, paymentReference: input.paymentReference });
      const { byUnit } = summarize(await this.repo.linesOf(em, [s.id]));
      const journal = settlementPaymentJournal({
        statementId: s.id, companyId: s.companyId, unitSubtotals: new Map([...byUnit].map(([u, v]) => [u, v.amountFen])), paidAt,
        paymentReference: input.paymentReference,
      });
      if (journal) await this.deps.ledger.post(em, journal);
    });
  }

  private async change(actor: Actor, id: number, who: 'finance' | 'company', work: (em: EntityManager, s: SettlementStatementRow) => Promise<void>): Promise<Statement> {
    const { db } = this.deps;
    await db.transaction(async (em) => {
      const s = await this.visible(actor, id, em, db.writeLock);
      if (who === 'finance' && !isFinance(actor)) throw new ForbiddenError('FORBIDDEN', '该操作需要财务角色');
      if (who === 'company' && !isCompanyOperator(actor, s.companyId)) throw new ForbiddenError('FORBIDDEN', '只有结算单所属企业可以确认或提出异议');
      await work(em, s);
    });
    return this.get(actor, id);
  }

  private async visible(actor: Actor, id: number, em: EntityManager, lock?: { mode: 'pessimistic_write' }): Promise<SettlementStatementRow> {
    const s = await this.repo.findStatement(em, id, lock);
    if (!s || !(isFinance(actor) || isCompanyOperator(actor, s.companyId))) {
      throw new NotFoundError(E.STATEMENT_NOT_FOUND, `结算单 ${id} 不存在`);
    }
    return s;
  }

  private assertFinance(actor: Actor): void {
    if (!isFinance(actor)) throw new ForbiddenError('FORBIDDEN', '该操作需要财务角色');
  }

  private async summaries(rows: SettlementStatementRow[]): Promise<StatementSummary[]> {
    const lines = await this.repo.linesOf(this.deps.db.manager, rows.map((r) => r.id));
    const names = await this.deps.directory.names([...new Set(rows.map((r) => r.companyId))]);
    return rows.map((s) => {
      const own = lines.filter((l) => l.statementId === s.id);
      return toSummary(s, names.get(s.companyId) ?? `企业 ${s.companyId}`, summarize(own).totalFen, own.length);
    });
  }

  private async view(em: EntityManager, s: SettlementStatementRow): Promise<Statement> {
    const lines = await this.repo.linesOf(em, [s.id]);
    const { totalFen, byUnit } = summarize(lines);
    const names = await this.deps.directory.names([s.companyId, ...byUnit.keys()]);
    const name = (id: number) => names.get(id) ?? `单位 ${id}`;
    return {
      ...toSummary(s, names.get(s.companyId) ?? `企业 ${s.companyId}`, totalFen, lines.length),
      units: [...byUnit].map(([unitId, v]) => ({ unitId, unitName: name(unitId), amountFen: v.amountFen, lineCount: v.lineCount })),
      lines: lines.map((l) => ({
        id: l.id, kind: l.kind, unitId: l.unitId, unitName: name(l.unitId), sourceKind: l.sourceKind, sourceId: l.sourceId,
        description: l.description, amountFen: l.amountFen, completedAt: l.completedAt?.toISOString() ?? null, reviewStatus: l.reviewStatus,
        disputeReason: l.disputeReason, correctsLineId: l.correctsLineId, createdAt: l.createdAt.toISOString(),
      })),
    };
  }
}

function toSummary(s: SettlementStatementRow, companyName: string, totalFen: number, lineCount: number): StatementSummary {
  return {
    id: s.id, companyId: s.companyId, companyName, period: s.period, status: s.status, totalFen, lineCount,
    createdAt: s.createdAt.toISOString(), confirmedAt: s.confirmedAt?.toISOString() ?? null, approvedAt: s.approvedAt?.toISOString() ?? null,
    paidAt: s.paidAt?.toISOString() ?? null, paymentReference: s.paymentReference,
  };
}
