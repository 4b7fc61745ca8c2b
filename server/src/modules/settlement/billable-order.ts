import type { EntityManager } from 'typeorm';
import { billableSourceKinds, BillableSourceKind, SettlementErrorCode as E } from '@shared/settlement/settlement.schemas';
import { ConflictError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import { chargeJournal, LedgerService } from '../ledger';
import type { BillableOrderRow } from './settlement.entity';
import { SettlementRepository } from './settlement.repository';

export interface BillableOrderInput {
  sourceKind: BillableSourceKind;
  /** The id in the module that owns the order (trip, rental order, reservation). */
  sourceId: string;
  /** The rental company / hotel / restaurant / ticket agent / 三定 enterprise (a unit of that kind). */
  companyId: number;
  /** The unit the order is billed to. */
  unitId: number;
  amountFen: number;
  description: string;
  completedAt: Date;
}

/**
 * How trips, rentals and reservations bill a completed order to a unit. Call it inside your own
 * transaction (pass its EntityManager) when the order completes, so the order and its bill commit
 * together. Idempotent: the same (sourceKind, sourceId) with the same amount returns the first
 * record; a different amount is a conflict (a change after billing is a settlement correction).
 * The unit's charge is posted to the ledger in the same transaction.
 */
export async function recordBillableOrder(
  em: EntityManager,
  input: BillableOrderInput,
  deps: { ledger: LedgerService; clock: Clock; repo?: SettlementRepository },
): Promise<BillableOrderRow> {
  const repo = deps.repo ?? new SettlementRepository();
  if (!billableSourceKinds.includes(input.sourceKind) || !input.sourceId || input.sourceId.length > 64) {
    throw new ValidationError(E.BILLABLE_ORDER_INVALID, `计费订单来源 ${input.sourceKind}/${input.sourceId} 无效`);
  }
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 0) {
    throw new ValidationError(E.BILLABLE_ORDER_INVALID, `计费订单 ${input.sourceKind}/${input.sourceId} 金额 ${input.amountFen} 分无效`);
  }
  const existing = await repo.findBillable(em, input.sourceKind, input.sourceId);
  if (existing) {
    if (existing.amountFen !== input.amountFen || existing.companyId !== input.companyId || existing.unitId !== input.unitId) {
      throw new ConflictError(E.BILLABLE_ORDER_CONFLICT, `订单 ${input.sourceKind}/${input.sourceId} 已计费 ${existing.amountFen} 分，变更须通过结算调整`);
    }
    return existing;
  }
  const row = await repo.insertBillable(em, {
    sourceKind: input.sourceKind, sourceId: input.sourceId, companyId: input.companyId, unitId: input.unitId,
    amountFen: input.amountFen, description: input.description.slice(0, 255), completedAt: input.completedAt, recordedAt: deps.clock.now(),
  });
  if (row.amountFen > 0) {
    await deps.ledger.post(em, chargeJournal({
      reference: `${row.sourceKind}:${row.sourceId}`, unitId: row.unitId, companyId: row.companyId, amountFen: row.amountFen,
      at: row.completedAt, memo: `${row.description}`.slice(0, 255),
    }));
  }
  return row;
}
