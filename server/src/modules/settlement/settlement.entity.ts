import { EntitySchema } from 'typeorm';
import type { BillableSourceKind, LineKind, LineReviewStatus, StatementStatus } from '@shared/settlement/settlement.schemas';

/** An order fulfilled by a company and billed to a unit; other modules insert these (recordBillableOrder). */
export interface BillableOrderRow {
  id: number;
  sourceKind: BillableSourceKind;
  sourceId: string;
  companyId: number;
  unitId: number;
  amountFen: number;
  /** The amount by kind, as entered where the order was fulfilled (all 0 for orders billed as one sum). */
  rentalFen: number;
  fuelFen: number;
  tollFen: number;
  parkingFen: number;
  otherFen: number;
  description: string;
  completedAt: Date;
  recordedAt: Date;
}

export interface SettlementStatementRow {
  id: number;
  companyId: number;
  /** The billed unit: one statement per (company, unit, period). */
  unitId: number;
  /** The billed unit's region code when the statement was made; finance scope is decided on it. */
  regionCode: string;
  period: string;
  status: StatementStatus;
  createdAt: Date;
  confirmedAt: Date | null;
  confirmedBy: number | null;
  approvedAt: Date | null;
  approvedBy: number | null;
  paidAt: Date | null;
  paidBy: number | null;
  paymentReference: string | null;
}

/** Amounts never change after insert; only the company's review mark does. */
export interface SettlementLineRow {
  id: number;
  statementId: number;
  kind: LineKind;
  billableOrderId: number | null;
  unitId: number;
  sourceKind: string;
  sourceId: string;
  description: string;
  amountFen: number;
  completedAt: Date | null;
  reviewStatus: LineReviewStatus;
  disputeReason: string | null;
  correctsLineId: number | null;
  createdBy: number | null;
  createdAt: Date;
}

const id = { type: 'integer' as const, primary: true, generated: 'increment' as const };

export const BillableOrderEntity = new EntitySchema<BillableOrderRow>({
  name: 'BillableOrder', tableName: 'billable_order',
  columns: {
    id,
    sourceKind: { name: 'source_kind', type: 'varchar', length: 24 },
    sourceId: { name: 'source_id', type: 'varchar', length: 64 },
    companyId: { name: 'company_id', type: 'integer' },
    unitId: { name: 'unit_id', type: 'integer' },
    amountFen: { name: 'amount_fen', type: 'integer' },
    rentalFen: { name: 'rental_fen', type: 'integer', default: 0 },
    fuelFen: { name: 'fuel_fen', type: 'integer', default: 0 },
    tollFen: { name: 'toll_fen', type: 'integer', default: 0 },
    parkingFen: { name: 'parking_fen', type: 'integer', default: 0 },
    otherFen: { name: 'other_fen', type: 'integer', default: 0 },
    description: { type: 'varchar', length: 255 },
    completedAt: { name: 'completed_at', type: 'datetime', precision: 3 },
    recordedAt: { name: 'recorded_at', type: 'datetime', precision: 3 },
  },
});

export const SettlementStatementEntity = new EntitySchema<SettlementStatementRow>({
  name: 'SettlementStatement', tableName: 'settlement_statement',
  columns: {
    id,
    companyId: { name: 'company_id', type: 'integer' },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    period: { type: 'varchar', length: 7 },
    status: { type: 'varchar', length: 16 },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    confirmedAt: { name: 'confirmed_at', type: 'datetime', precision: 3, nullable: true },
    confirmedBy: { name: 'confirmed_by', type: 'integer', nullable: true },
    approvedAt: { name: 'approved_at', type: 'datetime', precision: 3, nullable: true },
    approvedBy: { name: 'approved_by', type: 'integer', nullable: true },
    paidAt: { name: 'paid_at', type: 'datetime', precision: 3, nullable: true },
    paidBy: { name: 'paid_by', type: 'integer', nullable: true },
    paymentReference: { name: 'payment_reference', type: 'varchar', length: 64, nullable: true },
  },
});

export const SettlementLineEntity = new EntitySchema<SettlementLineRow>({
  name: 'SettlementLine', tableName: 'settlement_line',
  columns: {
    id,
    statementId: { name: 'statement_id', type: 'integer' },
    kind: { type: 'varchar', length: 16 },
    billableOrderId: { name: 'billable_order_id', type: 'integer', nullable: true },
    unitId: { name: 'unit_id', type: 'integer' },
    sourceKind: { name: 'source_kind', type: 'varchar', length: 24 },
    sourceId: { name: 'source_id', type: 'varchar', length: 64 },
    description: { type: 'varchar', length: 255 },
    amountFen: { name: 'amount_fen', type: 'integer' },
    completedAt: { name: 'completed_at', type: 'datetime', precision: 3, nullable: true },
    reviewStatus: { name: 'review_status', type: 'varchar', length: 16 },
    disputeReason: { name: 'dispute_reason', type: 'varchar', length: 200, nullable: true },
    correctsLineId: { name: 'corrects_line_id', type: 'integer', nullable: true },
    createdBy: { name: 'created_by', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
  },
});

export const SettlementEntities = [BillableOrderEntity, SettlementStatementEntity, SettlementLineEntity];
