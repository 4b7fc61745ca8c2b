import { CommonErrorCode } from '@shared/common/errors';
import {
  AddCorrectionInput, MarkPaidInput, ReviewStatementInput, SettlementErrorCode as E, Statement, StatementListQuery,
  StatementSummary,
} from '@shared/settlement/settlement.schemas';
import type { Page } from '@shared/common/pagination';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import { isDuplicateKey, isRetryableLock, retried } from '../../platform/db/db-errors';
import type { Actor, Scope } from '../../platform/data-scope';
import { assertFinance, statementInScope, statementScope, statementScopeNeedsActorUnit } from '../../platform/access';
import { chargeJournal, LedgerService, settlementPaymentJournal } from '../ledger';
import type { SettlementDirectory } from './settlement.directory';
import type { SettlementLineRow, SettlementStatementRow } from './settlement.entity';
import { SettlementRepository } from './settlement.repository';
import { partsOf, sumOfParts } from './billable-order';
import {
  assertCan, nextStatus, ordersForStatement, periodBounds, statusAfterReview, summarize,
} from './settlement.rules';

export interface SettlementDeps {
  db: Pick<Database, 'transaction' | 'manager' | 'writeLock'>;
  ledger: LedgerService;
  clock: Clock;
  directory: SettlementDirectory;
  repo?: SettlementRepository;
}

type Acting = 'finance' | 'company';

/**
 * Monthly statements, one per company and billed unit: generate, company review, corrections,
 * approval, payment. Who sees and acts on which is the access layer's statementScope (platform/access).
 */
export class SettlementService {
  private readonly repo: SettlementRepository;

  constructor(private readonly deps: SettlementDeps) {
    this.repo = deps.repo ?? new SettlementRepository(deps.db);
  }

  /**
   * Makes the month's statement for every (company, billed unit) with unlisted orders, of the units
   * in the caller's scope; the others stay unlisted for whoever settles them. Existing statements
   * are left alone. All of it commits together or not at all.
   */
  async generate(actor: Actor, period: string): Promise<StatementSummary[]> {
    assertFinance(actor);
    const scope = await this.scopeOf(actor, 'finance');
    const { db, clock } = this.deps;
    // Two finance users generating the same month at once: the second insert meets the unique key
    // (company, unit, period), its transaction rolls back, and the retry finds those statements made.
    const created = await retried(() => db.transaction(async () => {
      const out: SettlementStatementRow[] = [];
      const groups = [...ordersForStatement(await this.repo.unlistedBillableBefore(periodBounds(period).to), period, new Set()).values()];
      const units = await this.deps.directory.units([...new Set(groups.map((g) => g.unitId))]);
      for (const { companyId, unitId, orders } of groups) {
        const unit = units.get(unitId);
        if (!unit) {
          // No region to place it by: only whoever would settle that unit id anyway is told (and nothing is written).
          if (!statementInScope(scope, { unitId, companyId })) continue;
          const o = orders[0]!;
          throw new ConflictError(E.BILLED_UNIT_UNKNOWN, `订单 ${o.sourceKind}/${o.sourceId} 计费的单位 ${unitId} 不在单位表中，无法生成结算单`);
        }
        if (!statementInScope(scope, { unitId, regionCode: unit.regionCode, companyId })) continue;
        if (await this.repo.findStatementFor(companyId, unitId, period)) continue;
        const now = clock.now();
        const statement = await this.repo.insertStatement({
          companyId, unitId, regionCode: unit.regionCode, period, status: 'draft', createdAt: now, confirmedAt: null, confirmedBy: null,
          approvedAt: null, approvedBy: null, paidAt: null, paidBy: null, paymentReference: null,
        });
        await this.repo.insertLines(orders.map((o) => ({
          statementId: statement.id, kind: 'order' as const, billableOrderId: o.id, unitId: o.unitId, sourceKind: o.sourceKind,
          sourceId: o.sourceId, description: o.description, amountFen: o.amountFen, completedAt: o.completedAt,
          reviewStatus: 'pending' as const, disputeReason: null, correctsLineId: null, createdBy: null, createdAt: now,
        })));
        out.push(statement);
      }
      return out;
    }), (err) => isDuplicateKey(err) || isRetryableLock(err), 3);
    return this.summaries(created);
  }

  async list(actor: Actor, query: StatementListQuery): Promise<Page<StatementSummary>> {
    const [rows, total] = await this.repo.listStatements(query, await this.scopeOf(actor));
    return { items: await this.summaries(rows), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: number): Promise<Statement> {
    const statement = await this.visible(await this.scopeOf(actor), id);
    return this.view(statement);
  }

  /** The company confirms or disputes lines; the statement follows (settlement.rules statusAfterReview). */
  async review(actor: Actor, id: number, input: ReviewStatementInput): Promise<Statement> {
    return this.change(actor, id, 'company', async (s) => {
      assertCan('review', s.status, s.id);
      const lines = await this.repo.linesOf([s.id]);
      const byId = new Map(lines.map((l) => [l.id, l]));
      for (const d of input.lines) {
        const line = byId.get(d.lineId);
        if (!line) throw new NotFoundError(E.STATEMENT_LINE_NOT_FOUND, `结算单 ${s.id} 没有明细 ${d.lineId}`);
        line.reviewStatus = d.decision === 'confirm' ? 'confirmed' : 'disputed';
        line.disputeReason = d.decision === 'dispute' ? d.reason ?? null : null;
        await this.repo.setReview(line.id, line.reviewStatus, line.disputeReason);
      }
      const status = statusAfterReview(lines);
      if (status !== s.status) {
        await this.repo.transition(s.id, s.status, status === 'confirmed' ? { status, confirmedAt: this.deps.clock.now(), confirmedBy: actor.userId } : { status });
      }
    });
  }

  /**
   * Finance adds a correction line (never edits one); its charge is posted to the ledger with it.
   * It is billed to the statement's unit (the unit may be omitted; another unit is refused).
   */
  async addCorrection(actor: Actor, id: number, input: AddCorrectionInput): Promise<Statement> {
    return this.change(actor, id, 'finance', async (s) => {
      assertCan('correct', s.status, s.id);
      if (input.unitId !== undefined && input.unitId !== s.unitId) {
        const names = await this.deps.directory.names([s.unitId, input.unitId]);
        const name = (u: number) => `${names.get(u) ?? '单位'}（${u}）`;
        throw new ValidationError(CommonErrorCode.VALIDATION_FAILED, `结算单 ${s.id} 的结算单位是 ${name(s.unitId)}，调整不能记到 ${name(input.unitId)}`);
      }
      let corrects: SettlementLineRow | undefined;
      if (input.correctsLineId) {
        corrects = (await this.repo.linesOf([s.id])).find((l) => l.id === input.correctsLineId);
        if (!corrects) throw new NotFoundError(E.STATEMENT_LINE_NOT_FOUND, `结算单 ${s.id} 没有明细 ${input.correctsLineId}`);
      }
      const now = this.deps.clock.now();
      const line = await this.repo.insertLine({
        statementId: s.id, kind: 'correction', billableOrderId: null, unitId: s.unitId, sourceKind: corrects?.sourceKind ?? 'other',
        sourceId: corrects?.sourceId ?? '', description: `调整：${input.reason}`.slice(0, 255), amountFen: input.amountFen, completedAt: null,
        reviewStatus: 'pending', disputeReason: null, correctsLineId: corrects?.id ?? null, createdBy: actor.userId, createdAt: now,
      });
      await this.deps.ledger.post(chargeJournal({
        kind: 'charge_correction', reference: `line:${line.id}`, unitId: line.unitId, companyId: s.companyId, amountFen: line.amountFen,
        at: now, memo: `结算单 ${s.id} 调整：${input.reason}`,
      }));
    });
  }

  /** After corrections, the disputed lines go back to the company with the statement. */
  async resubmit(actor: Actor, id: number): Promise<Statement> {
    return this.change(actor, id, 'finance', async (s) => {
      assertCan('resubmit', s.status, s.id);
      await this.repo.reopenDisputed(s.id);
      await this.repo.transition(s.id, s.status, { status: nextStatus('resubmit') });
    });
  }

  async approve(actor: Actor, id: number): Promise<Statement> {
    return this.change(actor, id, 'finance', async (s) => {
      assertCan('approve', s.status, s.id);
      await this.repo.transition(s.id, s.status, { status: nextStatus('approve'), approvedAt: this.deps.clock.now(), approvedBy: actor.userId });
    });
  }

  /** Paid with a payment reference (bank voucher): each unit's subtotal leaves its payable in the ledger. */
  async markPaid(actor: Actor, id: number, input: MarkPaidInput): Promise<Statement> {
    return this.change(actor, id, 'finance', async (s) => {
      assertCan('pay', s.status, s.id);
      const paidAt = input.paidAt ? new Date(input.paidAt) : this.deps.clock.now();
      await this.repo.transition(s.id, s.status, { status: nextStatus('pay'), paidAt, paidBy: actor.userId, paymentReference: input.paymentReference });
      const { byUnit } = summarize(await this.repo.linesOf([s.id]));
      const journal = settlementPaymentJournal({
        statementId: s.id, companyId: s.companyId, unitSubtotals: new Map([...byUnit].map(([u, v]) => [u, v.amountFen])), paidAt,
        paymentReference: input.paymentReference,
      });
      if (journal) await this.deps.ledger.post(journal);
    });
  }

  private async change(actor: Actor, id: number, acting: Acting, work: (s: SettlementStatementRow) => Promise<void>): Promise<Statement> {
    if (acting === 'finance') assertFinance(actor);
    const scope = await this.scopeOf(actor, acting);
    const { db } = this.deps;
    await db.transaction(async () => {
      // Locked (FOR UPDATE on MariaDB) before its state is checked.
      await work(await this.visible(scope, id, true));
    });
    // Seen in scope a moment ago, and no action moves a statement out of it.
    return this.view((await this.repo.findStatement(id))!);
  }

  /** The statement, if in scope; outside it answers exactly like a missing one (404). */
  private async visible(scope: Scope, id: number, forUpdate = false): Promise<SettlementStatementRow> {
    const s = await this.repo.findStatement(id, forUpdate);
    if (!s || !statementInScope(scope, s)) throw new NotFoundError(E.STATEMENT_NOT_FOUND, `结算单 ${id} 不存在`);
    return s;
  }

  /** The access layer's statementScope, with the actor's unit kind from the directory when it matters. */
  private async scopeOf(actor: Actor, acting?: Acting): Promise<Scope> {
    const unit = statementScopeNeedsActorUnit(actor, acting) ? (await this.deps.directory.units([actor.unitId])).get(actor.unitId) ?? null : null;
    return statementScope(actor, unit, acting);
  }

  private async summaries(rows: SettlementStatementRow[]): Promise<StatementSummary[]> {
    const lines = await this.repo.linesOf(rows.map((r) => r.id));
    const names = await this.deps.directory.names([...new Set(rows.flatMap((r) => [r.companyId, r.unitId]))]);
    return rows.map((s) => {
      const own = lines.filter((l) => l.statementId === s.id);
      return toSummary(s, names, summarize(own).totalFen, own.length);
    });
  }

  private async view(s: SettlementStatementRow): Promise<Statement> {
    const lines = await this.repo.linesOf([s.id]);
    const { totalFen, byUnit } = summarize(lines);
    const names = await this.deps.directory.names([s.companyId, s.unitId, ...byUnit.keys()]);
    const name = (id: number) => names.get(id) ?? `单位 ${id}`;
    const orders = new Map((await this.repo.billableByIds(lines.map((l) => l.billableOrderId).filter((x): x is number => x != null))).map((o) => [o.id, o]));
    const partsOfLine = (l: SettlementLineRow) => {
      const o = l.billableOrderId != null ? orders.get(l.billableOrderId) : undefined;
      // Orders billed as one sum (before the split, or by a module that has none) show no parts.
      return o && sumOfParts(o) === o.amountFen && o.amountFen > 0 ? partsOf(o) : null;
    };
    return {
      ...toSummary(s, names, totalFen, lines.length),
      units: [...byUnit].map(([unitId, v]) => ({ unitId, unitName: name(unitId), amountFen: v.amountFen, lineCount: v.lineCount })),
      lines: lines.map((l) => ({
        id: l.id, kind: l.kind, unitId: l.unitId, unitName: name(l.unitId), sourceKind: l.sourceKind, sourceId: l.sourceId,
        description: l.description, amountFen: l.amountFen, completedAt: l.completedAt?.toISOString() ?? null, reviewStatus: l.reviewStatus,
        disputeReason: l.disputeReason, correctsLineId: l.correctsLineId, createdAt: l.createdAt.toISOString(), parts: partsOfLine(l),
      })),
    };
  }
}

function toSummary(s: SettlementStatementRow, names: ReadonlyMap<number, string>, totalFen: number, lineCount: number): StatementSummary {
  return {
    id: s.id, companyId: s.companyId, companyName: names.get(s.companyId) ?? `企业 ${s.companyId}`, unitId: s.unitId,
    unitName: names.get(s.unitId) ?? `单位 ${s.unitId}`, period: s.period, status: s.status, totalFen, lineCount,
    createdAt: s.createdAt.toISOString(), confirmedAt: s.confirmedAt?.toISOString() ?? null, approvedAt: s.approvedAt?.toISOString() ?? null,
    paidAt: s.paidAt?.toISOString() ?? null, paymentReference: s.paymentReference,
  };
}
