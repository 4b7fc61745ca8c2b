import { z } from 'zod';

/** DOMAIN.md §6: personal use and deposits are paid by the person through WeChat Pay (JSAPI in the mini-program). */
export const paymentStatuses = ['pending', 'paid', 'closed'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
export const paymentStatusLabel: Record<PaymentStatus, string> = { pending: '待支付', paid: '已支付', closed: '已关闭' };

export const refundStatuses = ['requested', 'processing', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof refundStatuses)[number];
export const refundStatusLabel: Record<RefundStatus, string> = { requested: '已申请', processing: '退款中', succeeded: '已退款', failed: '退款失败' };

/** Declared in payments.errors.ts. */
export { PaymentErrorCode } from './payments.errors';

const isoTime = z.string();
export const outTradeNoSchema = z.string().regex(/^[A-Za-z0-9_\-|*]{6,32}$/, '商户订单号格式不正确');
export const refundNoSchema = z.string().regex(/^[A-Za-z0-9_\-|*@]{6,64}$/, '退款单号格式不正确');
export const billDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为“年-月-日”，如 2026-11-05');

/** What wx.requestPayment takes (signType RSA for API v3). */
export const jsapiPayParamsSchema = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type JsapiPayParams = z.infer<typeof jsapiPayParamsSchema>;

export const paymentSchema = z.object({
  outTradeNo: z.string(),
  status: z.enum(paymentStatuses),
  amountFen: z.number().int(),
  refundedFen: z.number().int(),
  description: z.string(),
  sourceKind: z.string(),
  sourceId: z.string(),
  payerUserId: z.number().int(),
  transactionId: z.string().nullable(),
  expiresAt: isoTime,
  paidAt: isoTime.nullable(),
  closedAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type Payment = z.infer<typeof paymentSchema>;

export const paymentWithParamsSchema = z.object({ payment: paymentSchema, payParams: jsapiPayParamsSchema });
export type PaymentWithParams = z.infer<typeof paymentWithParamsSchema>;

export const outTradeNoParamsSchema = z.strictObject({ outTradeNo: outTradeNoSchema });

/** A refund request. Send a `refundNo` of your own so a retry after a lost answer is the same refund. */
export const createRefundSchema = z.strictObject({
  amountFen: z.number().int().positive(),
  reason: z.string().trim().min(1).max(80),
  refundNo: refundNoSchema.optional(),
});
export type CreateRefundInput = z.infer<typeof createRefundSchema>;

export const refundSchema = z.object({
  refundNo: z.string(),
  outTradeNo: z.string(),
  amountFen: z.number().int(),
  reason: z.string(),
  status: z.enum(refundStatuses),
  refundId: z.string().nullable(),
  createdAt: isoTime,
  succeededAt: isoTime.nullable(),
});
export type Refund = z.infer<typeof refundSchema>;

export const reconcileSchema = z.strictObject({ billDate: billDateSchema });
export type ReconcileInput = z.infer<typeof reconcileSchema>;

/** missing: we recorded it, the bill does not have it; extra: the bill has it, we do not; amount_differs. */
export const mismatchKinds = ['missing', 'extra', 'amount_differs'] as const;
export type MismatchKind = (typeof mismatchKinds)[number];
export const mismatchKindLabel: Record<MismatchKind, string> = { missing: '我方有、账单无', extra: '账单有、我方无', amount_differs: '金额不一致' };

export const reconciliationMismatchSchema = z.object({
  kind: z.enum(mismatchKinds),
  recordKind: z.enum(['payment', 'refund']),
  reference: z.string(),
  transactionId: z.string().nullable(),
  ourAmountFen: z.number().int().nullable(),
  billAmountFen: z.number().int().nullable(),
});
export type ReconciliationMismatch = z.infer<typeof reconciliationMismatchSchema>;

export const reconciliationSchema = z.object({
  id: z.number().int(),
  billDate: z.string(),
  createdAt: isoTime,
  billRows: z.number().int(),
  ourRecords: z.number().int(),
  matched: z.number().int(),
  mismatches: z.array(reconciliationMismatchSchema),
});
export type Reconciliation = z.infer<typeof reconciliationSchema>;

export const reconciliationIdParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });
