import { billableSourceKinds, BillableSourceKind, SettlementErrorCode as E } from '@shared/settlement/settlement.schemas';
import { ConflictError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import { chargeJournal, LedgerService } from '../ledger';
import type { BillableOrderRow } from './settlement.entity';
import { SettlementRepository } from './settlement.repository';

/** An amount by kind: rental, fuel/charging, tolls, parking, other (all fen). */
export interface AmountParts { rentalFen: number; fuelFen: number; tollFen: number; parkingFen: number; otherFen: number }
export const noParts: AmountParts = { rentalFen: 0, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0 };
export const sumOfParts = (p: AmountParts): number => p.rentalFen + p.fuelFen + p.tollFen + p.parkingFen + p.otherFen;

export interface BillableOrderInput {
  sourceKind: BillableSourceKind;
  /** The id in the module that owns the order (trip, rental order, reservation). */
  sourceId: string;
  /** The rental company / hotel / restaurant / ticket agent / 三定 enterprise (a unit of that kind). */
  companyId: number;
  /** The unit the order is billed to. */
  unitId: number;
  amountFen: number;
  /** The amount by kind, when the order has one; they must add up to amountFen. */
  parts?: AmountParts;
  description: string;
  completedAt: Date;
}

/** What billing needs; `db` is the unit of work the record joins (or opens, for a caller with none). */
export type BillingDeps = { db: Pick<Database, 'transaction' | 'manager' | 'writeLock'>; ledger: LedgerService; clock: Clock; repo?: SettlementRepository };

function check(input: { sourceKind: string; sourceId: string; amountFen: number; parts?: AmountParts }): void {
  if (!billableSourceKinds.includes(input.sourceKind as BillableSourceKind) || !input.sourceId || input.sourceId.length > 64) {
    throw new ValidationError(E.BILLABLE_ORDER_INVALID, `计费订单来源 ${input.sourceKind}/${input.sourceId} 无效`);
  }
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 0) {
    throw new ValidationError(E.BILLABLE_ORDER_INVALID, `计费订单 ${input.sourceKind}/${input.sourceId} 金额 ${input.amountFen} 分无效`);
  }
  if (input.parts && (Object.values(input.parts).some((f) => !Number.isSafeInteger(f) || f < 0) || sumOfParts(input.parts) !== input.amountFen)) {
    throw new ValidationError(E.BILLABLE_ORDER_INVALID, `计费订单 ${input.sourceKind}/${input.sourceId} 分项金额之和不等于 ${input.amountFen} 分`);
  }
}

/**
 * How trips, rentals and reservations bill a completed order to a unit, joining the caller's unit of
 * work (settlement's event subscribers, or a module's own transaction), so the order and its bill
 * commit together. Idempotent: the same (sourceKind, sourceId) with the same amount returns the first
 * record; a different amount is a conflict (a change after billing is replaceBillableOrder's).
 * The unit's charge is posted to the ledger in the same transaction.
 */
export async function recordBillableOrder(input: BillableOrderInput, deps: BillingDeps): Promise<BillableOrderRow> {
  const repo = deps.repo ?? new SettlementRepository(deps.db);
  check(input);
  return deps.db.transaction(async () => {
    const existing = await repo.findBillable(input.sourceKind, input.sourceId);
    if (existing) {
      if (existing.amountFen !== input.amountFen || existing.companyId !== input.companyId || existing.unitId !== input.unitId) {
        throw new ConflictError(E.BILLABLE_ORDER_CONFLICT, `订单 ${input.sourceKind}/${input.sourceId} 已计费 ${existing.amountFen} 分，变更须通过结算调整`);
      }
      return existing;
    }
    const row = await repo.insertBillable({
      sourceKind: input.sourceKind, sourceId: input.sourceId, companyId: input.companyId, unitId: input.unitId,
      amountFen: input.amountFen, ...(input.parts ?? noParts), description: input.description.slice(0, 255), completedAt: input.completedAt, recordedAt: deps.clock.now(),
    });
    if (row.amountFen > 0) {
      await deps.ledger.post(chargeJournal({
        reference: `${row.sourceKind}:${row.sourceId}`, unitId: row.unitId, companyId: row.companyId, amountFen: row.amountFen,
        at: row.completedAt, memo: `${row.description}`.slice(0, 255),
      }));
    }
    return row;
  });
}

export type Replacement =
  | { kind: 'replaced'; order: BillableOrderRow }
  | { kind: 'correction_line'; statementId: number; lineId: number }
  | { kind: 'next_statement'; order: BillableOrderRow }
  | { kind: 'unchanged' | 'not_billed' }
  /** A reduction after the statement was confirmed: posted to the ledger; finance credits it on a statement. */
  | { kind: 'credit_for_finance'; statementId: number; deltaFen: number };

/**
 * New amounts for a billed order (a correction made where it was fulfilled, `reference` naming it):
 * - not yet on a statement: the order's amounts are replaced, so the statement lists the new ones;
 * - on a statement finance can still correct (draft, disputed): a correction line of the difference
 *   against the order's line, so the statement's total is the corrected one (lines never change);
 * - on a statement past that (confirmed, approved, paid): the difference is a new order billed now,
 *   on the next statement.
 * The difference is posted to the ledger as a charge correction in every case.
 */
export async function replaceBillableOrder(
  input: { sourceKind: BillableSourceKind; sourceId: string; parts: AmountParts; reason: string; reference: string },
  deps: BillingDeps,
): Promise<Replacement> {
  const repo = deps.repo ?? new SettlementRepository(deps.db);
  const amountFen = sumOfParts(input.parts);
  check({ ...input, amountFen });
  return deps.db.transaction(async (): Promise<Replacement> => {
    // The order and its statement locked (FOR UPDATE on MariaDB) before they are checked.
    const order = await repo.findBillable(input.sourceKind, input.sourceId, true);
    if (!order) return { kind: 'not_billed' };
    const delta = amountFen - order.amountFen;
    const now = deps.clock.now();
    const post = async (reference: string, memo: string) => {
      if (delta === 0) return;
      await deps.ledger.post(chargeJournal({ kind: 'charge_correction', reference, unitId: order.unitId, companyId: order.companyId, amountFen: delta, at: now, memo: memo.slice(0, 255) }));
    };
    const line = await repo.lineOfBillable(order.id);
    if (!line) {
      if (delta === 0 && JSON.stringify(partsOf(order)) === JSON.stringify(input.parts)) return { kind: 'unchanged' };
      await repo.replaceBillable(order.id, { amountFen, ...input.parts, description: order.description });
      await post(input.reference, `${order.description} 更正：${input.reason}`);
      return { kind: 'replaced', order: { ...order, amountFen, ...input.parts } };
    }
    if (delta === 0) return { kind: 'unchanged' };
    const statement = (await repo.findStatement(line.statementId, true))!;
    if (statement.status === 'draft' || statement.status === 'disputed') {
      const added = await repo.insertLine({
        statementId: statement.id, kind: 'correction', billableOrderId: null, unitId: line.unitId, sourceKind: line.sourceKind, sourceId: line.sourceId,
        description: `费用更正：${input.reason}`.slice(0, 255), amountFen: delta, completedAt: null, reviewStatus: 'pending', disputeReason: null,
        correctsLineId: line.id, createdBy: null, createdAt: now,
      });
      await post(input.reference, `结算单 ${statement.id} 费用更正：${input.reason}`);
      return { kind: 'correction_line', statementId: statement.id, lineId: added.id };
    }
    if (delta < 0) {
      await post(input.reference, `${order.description} 更正（结算单 ${statement.id} 已确认，待财务冲减）：${input.reason}`);
      return { kind: 'credit_for_finance', statementId: statement.id, deltaFen: delta };
    }
    // The statement is settled or being settled: the difference is billed now and lands on the next one.
    const next = await repo.insertBillable({
      sourceKind: order.sourceKind, sourceId: `${order.sourceId}/更正${now.getTime().toString(36)}`.slice(0, 64), companyId: order.companyId, unitId: order.unitId,
      amountFen: delta, ...noParts, otherFen: delta,
      description: `${order.description} 费用更正（结算单 ${statement.id} 之后）：${input.reason}`.slice(0, 255), completedAt: now, recordedAt: now,
    });
    await post(input.reference, `${order.description} 更正：${input.reason}`);
    return { kind: 'next_statement', order: next };
  });
}

export const partsOf = (o: AmountParts): AmountParts => ({ rentalFen: o.rentalFen, fuelFen: o.fuelFen, tollFen: o.tollFen, parkingFen: o.parkingFen, otherFen: o.otherFen });
