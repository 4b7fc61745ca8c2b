import { EntitySchema } from 'typeorm';
import type { MismatchKind, PaymentStatus, RefundStatus } from '@shared/payments/payments.schemas';

export interface PaymentOrderRow {
  id: number;
  outTradeNo: string;
  payerUserId: number;
  payerOpenid: string;
  sourceKind: string;
  sourceId: string;
  description: string;
  amountFen: number;
  refundedFen: number;
  status: PaymentStatus;
  prepayId: string | null;
  transactionId: string | null;
  expiresAt: Date;
  paidAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
}

/** 微信支付分 service order (免押): requested → doing → completing → completed → paid; or refused / cancelled. */
export type PayScoreState = 'requested' | 'doing' | 'refused' | 'completing' | 'completed' | 'paid' | 'cancelled';
export interface PayScoreOrderRow {
  id: number;
  outOrderNo: string;
  payerUserId: number;
  payerOpenid: string;
  sourceKind: string;
  sourceId: string;
  riskFundFen: number;
  state: PayScoreState;
  /** The completed total (fen) and its items as JSON; null until completion. */
  totalFen: number | null;
  items: string | null;
  wxOrderId: string | null;
  transactionId: string | null;
  /** Why WeChat refused, or why it was cancelled. */
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
  paidAt: Date | null;
}

export interface PaymentRefundRow {
  id: number;
  outRefundNo: string;
  paymentOrderId: number;
  amountFen: number;
  reason: string;
  status: RefundStatus;
  refundId: string | null;
  requestedBy: number;
  createdAt: Date;
  succeededAt: Date | null;
}

export interface ReconciliationRunRow {
  id: number;
  billDate: string;
  billRows: number;
  ourRecords: number;
  matched: number;
  mismatchCount: number;
  createdAt: Date;
}

export interface ReconciliationMismatchRow {
  id: number;
  runId: number;
  kind: MismatchKind;
  recordKind: 'payment' | 'refund';
  reference: string;
  transactionId: string | null;
  ourAmountFen: number | null;
  billAmountFen: number | null;
}

const id = { type: 'integer' as const, primary: true, generated: 'increment' as const };

export const PaymentOrderEntity = new EntitySchema<PaymentOrderRow>({
  name: 'PaymentOrder', tableName: 'payment_order',
  columns: {
    id,
    outTradeNo: { name: 'out_trade_no', type: 'varchar', length: 32 },
    payerUserId: { name: 'payer_user_id', type: 'integer' },
    payerOpenid: { name: 'payer_openid', type: 'varchar', length: 64 },
    sourceKind: { name: 'source_kind', type: 'varchar', length: 32 },
    sourceId: { name: 'source_id', type: 'varchar', length: 64 },
    description: { type: 'varchar', length: 127 },
    amountFen: { name: 'amount_fen', type: 'integer' },
    refundedFen: { name: 'refunded_fen', type: 'integer', default: 0 },
    status: { type: 'varchar', length: 16 },
    prepayId: { name: 'prepay_id', type: 'varchar', length: 64, nullable: true },
    transactionId: { name: 'transaction_id', type: 'varchar', length: 32, nullable: true },
    expiresAt: { name: 'expires_at', type: 'datetime', precision: 3 },
    paidAt: { name: 'paid_at', type: 'datetime', precision: 3, nullable: true },
    closedAt: { name: 'closed_at', type: 'datetime', precision: 3, nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
  },
});

export const PayScoreOrderEntity = new EntitySchema<PayScoreOrderRow>({
  name: 'PayScoreOrder', tableName: 'payscore_order',
  columns: {
    id,
    outOrderNo: { name: 'out_order_no', type: 'varchar', length: 32 },
    payerUserId: { name: 'payer_user_id', type: 'integer' },
    payerOpenid: { name: 'payer_openid', type: 'varchar', length: 64 },
    sourceKind: { name: 'source_kind', type: 'varchar', length: 32 },
    sourceId: { name: 'source_id', type: 'varchar', length: 64 },
    riskFundFen: { name: 'risk_fund_fen', type: 'integer' },
    state: { type: 'varchar', length: 16 },
    totalFen: { name: 'total_fen', type: 'integer', nullable: true },
    items: { type: 'text', nullable: true },
    wxOrderId: { name: 'wx_order_id', type: 'varchar', length: 64, nullable: true },
    transactionId: { name: 'transaction_id', type: 'varchar', length: 32, nullable: true },
    reason: { type: 'varchar', length: 128, nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
    paidAt: { name: 'paid_at', type: 'datetime', precision: 3, nullable: true },
  },
});

export const PaymentRefundEntity = new EntitySchema<PaymentRefundRow>({
  name: 'PaymentRefund', tableName: 'payment_refund',
  columns: {
    id,
    outRefundNo: { name: 'out_refund_no', type: 'varchar', length: 64 },
    paymentOrderId: { name: 'payment_order_id', type: 'integer' },
    amountFen: { name: 'amount_fen', type: 'integer' },
    reason: { type: 'varchar', length: 80 },
    status: { type: 'varchar', length: 16 },
    refundId: { name: 'refund_id', type: 'varchar', length: 64, nullable: true },
    requestedBy: { name: 'requested_by', type: 'integer' },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    succeededAt: { name: 'succeeded_at', type: 'datetime', precision: 3, nullable: true },
  },
});

export const ReconciliationRunEntity = new EntitySchema<ReconciliationRunRow>({
  name: 'ReconciliationRun', tableName: 'reconciliation_run',
  columns: {
    id,
    billDate: { name: 'bill_date', type: 'varchar', length: 10 },
    billRows: { name: 'bill_rows', type: 'integer' },
    ourRecords: { name: 'our_records', type: 'integer' },
    matched: { type: 'integer' },
    mismatchCount: { name: 'mismatch_count', type: 'integer' },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
  },
});

export const ReconciliationMismatchEntity = new EntitySchema<ReconciliationMismatchRow>({
  name: 'ReconciliationMismatch', tableName: 'reconciliation_mismatch',
  columns: {
    id,
    runId: { name: 'run_id', type: 'integer' },
    kind: { type: 'varchar', length: 16 },
    recordKind: { name: 'record_kind', type: 'varchar', length: 8 },
    reference: { type: 'varchar', length: 64 },
    transactionId: { name: 'transaction_id', type: 'varchar', length: 32, nullable: true },
    ourAmountFen: { name: 'our_amount_fen', type: 'integer', nullable: true },
    billAmountFen: { name: 'bill_amount_fen', type: 'integer', nullable: true },
  },
});

export const PaymentsEntities = [PaymentOrderEntity, PayScoreOrderEntity, PaymentRefundEntity, ReconciliationRunEntity, ReconciliationMismatchEntity];
