import { z } from 'zod';

/**
 * DOMAIN.md §6: official use is billed to the unit and settled monthly with each rental company,
 * hotel, restaurant, ticket agent and 三定 enterprise: statement → company confirms (or disputes
 * lines) → finance approves → paid. Corrections are new lines, never edits. A statement is one per
 * (company, billed unit, month): the invoice (发票) it leads to names one buyer, the billed unit.
 */
export const billableSourceKinds = ['trip', 'rental', 'timeshare', 'hotel', 'dining', 'ticket', 'repair', 'fuel', 'insurance', 'other'] as const;
export type BillableSourceKind = (typeof billableSourceKinds)[number];
export const billableSourceKindLabel: Record<BillableSourceKind, string> = {
  trip: '公务出行', rental: '车辆租赁', timeshare: '分时租赁', hotel: '住宿', dining: '用餐', ticket: '票务',
  repair: '定点维修', fuel: '定点加油', insurance: '定点保险', other: '其他',
};

export const statementStatuses = ['draft', 'disputed', 'confirmed', 'approved', 'paid'] as const;
export type StatementStatus = (typeof statementStatuses)[number];
export const statementStatusLabel: Record<StatementStatus, string> = {
  draft: '待企业确认', disputed: '企业有异议', confirmed: '企业已确认', approved: '财务已审核', paid: '已付款',
};

export const lineKinds = ['order', 'correction'] as const;
export type LineKind = (typeof lineKinds)[number];
export const lineReviewStatuses = ['pending', 'confirmed', 'disputed'] as const;
export type LineReviewStatus = (typeof lineReviewStatuses)[number];

/** Declared in settlement.errors.ts. */
export { SettlementErrorCode } from './settlement.errors';

export const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为“年-月”，如 2026-11');

export const generateStatementsSchema = z.strictObject({ period: periodSchema });
export type GenerateStatementsInput = z.infer<typeof generateStatementsSchema>;

export const statementListQuerySchema = z.strictObject({
  period: periodSchema.optional(),
  companyId: z.coerce.number().int().positive().optional(),
  /** The billed unit. */
  unitId: z.coerce.number().int().positive().optional(),
  status: z.enum(statementStatuses).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type StatementListQuery = z.infer<typeof statementListQuerySchema>;

export const statementIdParamsSchema = z.strictObject({ id: z.coerce.number().int().positive() });

export const statementLineSchema = z.object({
  id: z.number().int(),
  kind: z.enum(lineKinds),
  unitId: z.number().int(),
  unitName: z.string(),
  sourceKind: z.string(),
  sourceId: z.string(),
  description: z.string(),
  amountFen: z.number().int(),
  completedAt: z.string().nullable(),
  reviewStatus: z.enum(lineReviewStatuses),
  disputeReason: z.string().nullable(),
  correctsLineId: z.number().int().nullable(),
  createdAt: z.string(),
  /** The order's amount by kind, as entered where it was fulfilled; null for an order billed as one sum, and for corrections. */
  parts: z.object({
    rentalFen: z.number().int(), fuelFen: z.number().int(), tollFen: z.number().int(), parkingFen: z.number().int(), otherFen: z.number().int(),
  }).nullable(),
});
export type StatementLine = z.infer<typeof statementLineSchema>;

export const unitSubtotalSchema = z.object({ unitId: z.number().int(), unitName: z.string(), amountFen: z.number().int(), lineCount: z.number().int() });
export type UnitSubtotal = z.infer<typeof unitSubtotalSchema>;

export const statementSummarySchema = z.object({
  id: z.number().int(),
  companyId: z.number().int(),
  companyName: z.string(),
  /** The billed unit (the buyer on the invoice); every line of the statement is billed to it. */
  unitId: z.number().int(),
  unitName: z.string(),
  period: z.string(),
  status: z.enum(statementStatuses),
  totalFen: z.number().int(),
  lineCount: z.number().int(),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  paymentReference: z.string().nullable(),
});
export type StatementSummary = z.infer<typeof statementSummarySchema>;

export const statementSchema = statementSummarySchema.extend({
  units: z.array(unitSubtotalSchema),
  lines: z.array(statementLineSchema),
});
export type Statement = z.infer<typeof statementSchema>;

export const reviewStatementSchema = z.strictObject({
  lines: z.array(z.strictObject({
    lineId: z.number().int().positive(),
    decision: z.enum(['confirm', 'dispute']),
    reason: z.string().trim().min(1).max(200).optional(),
  })).min(1).max(1000),
}).refine((v) => v.lines.every((l) => l.decision === 'confirm' || l.reason), { message: '有异议的明细须写明原因', path: ['lines'] });
export type ReviewStatementInput = z.infer<typeof reviewStatementSchema>;

export const addCorrectionSchema = z.strictObject({
  /** Defaults to the statement's unit; any other unit is refused. */
  unitId: z.number().int().positive().optional(),
  /** At most ¥1,000,000 either way (a typo of extra digits is refused, not billed). */
  amountFen: z.number().int('调整金额最多两位小数').min(-100_000_000, '调整金额不超过 100 万元').max(100_000_000, '调整金额不超过 100 万元').refine((v) => v !== 0, '调整金额不能为 0'),
  reason: z.string().trim().min(1, '请填写调整原因').max(200, '调整原因不超过 200 字'),
  correctsLineId: z.number().int().positive().optional(),
});
export type AddCorrectionInput = z.infer<typeof addCorrectionSchema>;

export const markPaidSchema = z.strictObject({
  paymentReference: z.string().trim().min(1).max(64),
  paidAt: z.iso.datetime().optional(),
});
export type MarkPaidInput = z.infer<typeof markPaidSchema>;

/** Names of an order's amount by kind (statement lines, the Excel export, the mini-program). */
export const amountPartLabel = { rentalFen: '租车费', fuelFen: '油费/充电费', tollFen: '通行费', parkingFen: '停车费', otherFen: '其他' } as const;
export type AmountPartKey = keyof typeof amountPartLabel;

/** 「租车费 150.00、通行费 25.00」: the non-zero parts of an amount, in yuan. */
export function describeParts(parts: Record<AmountPartKey, number> | null): string {
  if (!parts) return '';
  return (Object.keys(amountPartLabel) as AmountPartKey[]).filter((k) => parts[k] > 0).map((k) => `${amountPartLabel[k]} ${(parts[k] / 100).toFixed(2)}`).join('、');
}
