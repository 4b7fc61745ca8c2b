import { z } from 'zod';
import { plateSchema } from './fleet.schemas';

/**
 * 三定 enterprises' records (DOMAIN.md §3): a designated repair shop's work orders, a designated fuel or
 * charging station's fill-ups and charges, a designated insurer's policies — each a cost of the vehicle
 * and, when the unit settles with the enterprise monthly (挂账月结), a billable order on its statement.
 */
export const serviceKinds = ['repair', 'fuel', 'insurance'] as const;
export type ServiceKind = (typeof serviceKinds)[number];
export const serviceKindLabel: Record<ServiceKind, string> = { repair: '维修保养', fuel: '加油充电', insurance: '保险' };
/** monthly: billed to the unit on the enterprise's monthly statement; paid: paid on the spot (fuel card, cash), a cost only. */
export const serviceBillings = ['monthly', 'paid'] as const;
export type ServiceBilling = (typeof serviceBillings)[number];
export const serviceBillingLabel: Record<ServiceBilling, string> = { monthly: '挂账月结', paid: '现场已付' };

/** A day of the calendar as YYYY-MM-DD: 2026-11-31 is refused, not rolled over to December. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为“年-月-日”，如 2026-11-05')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, { message: '没有这一天，请核对日期' });
const fen = z.number().int().min(0).max(100_000_000);
const base = {
  plate: plateSchema,
  occurredOn: isoDate,
  amountFen: fen,
  billing: z.enum(serviceBillings).default('monthly'),
  note: z.string().trim().max(200).default(''),
};

export const repairRecordSchema = z.strictObject({
  ...base,
  kind: z.literal('repair'),
  workOrderNo: z.string().trim().min(1).max(32),
  /** 维修 repair, 保养 maintenance, 年检 annual inspection done for the owner. */
  work: z.enum(['repair', 'maintenance', 'inspection']),
  items: z.string().trim().min(2, '请填写维修项目').max(300),
  odometerKm: z.number().min(0).max(2_000_000).nullable().default(null),
  /** The next maintenance due (保养到期), when the shop sets one. */
  nextMaintenanceDue: isoDate.nullable().default(null),
  /** After a 年检: the next inspection due (年检到期). */
  nextInspectionDue: isoDate.nullable().default(null),
});
export const fuelRecordSchema = z.strictObject({
  ...base,
  kind: z.literal('fuel'),
  energy: z.enum(['gasoline', 'diesel', 'electricity']),
  /** Litres (fuel) or kWh (charging), to 0.01. */
  quantity: z.number().positive().max(10_000),
  odometerKm: z.number().min(0).max(2_000_000).nullable().default(null),
  /** The station's transaction number (交易流水号): the fill-up's key, so the same one is never billed twice. */
  txnNo: z.string().trim().min(1).max(40).nullable().default(null),
  /** The time of the fill-up as the station's statement gives it (HH:mm, Asia/Shanghai), when it does. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为“时:分”，如 08:30').nullable().default(null),
});
export const insuranceRecordSchema = z.strictObject({
  ...base,
  kind: z.literal('insurance'),
  policyNo: z.string().trim().min(4).max(40),
  /** The insurer as the policy names it (a branch of the enterprise), when the statement gives it. */
  insurerName: z.string().trim().max(64).default(''),
  coverage: z.string().trim().min(2).max(200),
  coverFrom: isoDate,
  coverTo: isoDate,
}).refine((v) => v.coverTo > v.coverFrom, { path: ['coverTo'], message: '保险止期应晚于起期' });
export const recordServiceSchema = z.union([repairRecordSchema, fuelRecordSchema, insuranceRecordSchema]);
export type RecordServiceInput = z.infer<typeof recordServiceSchema>;

export const serviceRecordSchema = z.object({
  id: z.number().int(),
  kind: z.enum(serviceKinds),
  kindLabel: z.string(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  vehicleId: z.number().int(),
  plate: z.string(),
  unitId: z.number().int(),
  occurredOn: z.string(),
  amountFen: z.number().int(),
  billing: z.enum(serviceBillings),
  details: z.record(z.string(), z.unknown()),
  recordedByName: z.string(),
  recordedAt: z.string(),
});
export type ServiceRecord = z.infer<typeof serviceRecordSchema>;

export const serviceRecordListQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  kind: z.enum(serviceKinds).optional(),
  vehicleId: z.coerce.number().int().positive().optional(),
});
export type ServiceRecordListQuery = z.infer<typeof serviceRecordListQuerySchema>;

/** A vehicle's costs by kind from 三定 records (fen). */
export const vehicleCostsSchema = z.object({ repairFen: z.number().int(), fuelFen: z.number().int(), insuranceFen: z.number().int(), totalFen: z.number().int() });
export type VehicleCosts = z.infer<typeof vehicleCostsSchema>;

/** The key of a record within its enterprise (工单号, 交易流水号, 保单号): the same key is one record, billed once. */
export function serviceRecordKey(input: RecordServiceInput): string | null {
  if (input.kind === 'repair') return input.workOrderNo;
  if (input.kind === 'insurance') return input.policyNo;
  return input.txnNo;
}

/**
 * 对账单导入 (#17 item 6): a 三定 enterprise's monthly statement as an Excel sheet, one record per row, in the
 * columns of its kind. A money statement is written whole or not at all; a row whose key the enterprise
 * already recorded with the same plate, day and amount is skipped and reported (a re-import bills nothing twice).
 */
export const serviceImportColumns = {
  repair: ['车牌号', '日期', '工单号', '作业类型', '维修项目', '金额(元)', '结算方式', '里程(公里)', '下次保养日期', '下次年检日期', '备注'],
  fuel: ['车牌号', '交易时间', '交易流水号', '品种', '数量(升/千瓦时)', '金额(元)', '结算方式', '里程(公里)', '备注'],
  insurance: ['车牌号', '日期', '保单号', '保险公司', '险种', '起保日期', '终保日期', '保费(元)', '结算方式', '备注'],
} as const satisfies Record<ServiceKind, readonly string[]>;
/** The columns a statement must have (the others may be left out or empty). */
export const serviceImportRequired: Record<ServiceKind, readonly string[]> = {
  repair: ['车牌号', '日期', '工单号', '作业类型', '维修项目', '金额(元)'],
  fuel: ['车牌号', '交易时间', '交易流水号', '品种', '数量(升/千瓦时)', '金额(元)'],
  insurance: ['车牌号', '日期', '保单号', '险种', '起保日期', '终保日期', '保费(元)'],
};
export const repairWorkLabel = { repair: '维修', maintenance: '保养', inspection: '年检' } as const;
export const fuelEnergyLabel = { gasoline: '汽油', diesel: '柴油', electricity: '充电' } as const;

export const serviceImportSchema = z.strictObject({ fileBase64: z.string().min(8).max(1_300_000) });
export type ServiceImportInput = z.infer<typeof serviceImportSchema>;
/** A bad cell of a statement: its row and column in the sheet and why, in Chinese. */
export const serviceImportErrorSchema = z.object({ row: z.number().int(), column: z.string(), subject: z.string(), message: z.string() });
export type ServiceImportError = z.infer<typeof serviceImportErrorSchema>;
export const serviceImportResultSchema = z.object({
  kind: z.enum(serviceKinds),
  written: z.number().int(),
  /** Fen of the records written, and of those billed monthly (on the statement with the unit). */
  writtenFen: z.number().int(),
  billedFen: z.number().int(),
  recordIds: z.array(z.number().int()),
  /** Rows already on the platform under the same key, plate, day and amount: not written again. */
  skipped: z.array(z.object({ row: z.number().int(), key: z.string(), recordId: z.number().int() })),
});
export type ServiceImportResult = z.infer<typeof serviceImportResultSchema>;
