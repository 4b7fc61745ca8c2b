import { z } from 'zod';
import { energyTypes, vehicleCategories, vehicleSchema } from './fleet.schemas';
import { serviceRecordSchema, vehicleCostsSchema } from './service-records.schemas';
import { fleetKinds } from './unit-kind-rules';

/**
 * The vehicle's life after registration (DOMAIN.md §3): 配备更新 renewal and procurement, 报废处置
 * disposal, Appendix B 暂不纳入 exemption — each an application decided in the approval center — and
 * the configurable standards table renewals are checked against.
 */
export const applicationKinds = ['renewal', 'procurement', 'disposal', 'exemption'] as const;
export type ApplicationKind = (typeof applicationKinds)[number];
export const applicationKindLabel: Record<ApplicationKind, string> = {
  renewal: '车辆更新', procurement: '新增配备', disposal: '报废处置', exemption: '暂不纳入平台',
};
export const applicationStatuses = ['pending', 'approved', 'rejected', 'returned', 'completed'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];
export const applicationStatusLabel: Record<ApplicationStatus, string> = {
  pending: '审批中', approved: '已批准', rejected: '已驳回', returned: '已退回', completed: '已办结',
};

export const disposalMethods = ['auction', 'buy_back', 'scrap', 'transfer'] as const;
export type DisposalMethod = (typeof disposalMethods)[number];
export const disposalMethodLabel: Record<DisposalMethod, string> = { auction: '公开拍卖', buy_back: '厂家回收', scrap: '报废', transfer: '调拨' };

/** Appendix B reasons (DOMAIN.md §7): classified investigation, special technical vehicles. */
export const exemptionReasons = ['classified_investigation', 'special_technical'] as const;
export type ExemptionReason = (typeof exemptionReasons)[number];
export const exemptionReasonLabel: Record<ExemptionReason, string> = { classified_investigation: '涉密侦查办案', special_technical: '特种专业技术用车' };

/** What a fuel vehicle needs under the new-energy preference: a reason, or nothing. */
export const newEnergyRules = ['reason_required', 'none'] as const;
export type NewEnergyRule = (typeof newEnergyRules)[number];

const text = (max: number) => z.string().trim().min(2, '至少 2 个字').max(max);
const fen = z.number().int().min(0).max(100_000_000);

/** The new car asked for (renewal and procurement): checked against the category's standard. */
const newCarShape = {
  brandModel: z.string().trim().min(1).max(64),
  energyType: z.enum(energyTypes),
  displacementMl: z.number().int().min(0).max(8000).nullable().default(null),
  priceFen: fen,
  seats: z.number().int().min(1).max(60),
  reason: text(300),
  /** A fuel car under the new-energy preference: why not new energy. */
  fuelReason: z.string().trim().max(300).default(''),
};

/** 更新: replaces a unit's vehicle of the same category. `earlyReason`: a safety reason for renewing before the age or mileage threshold. */
export const renewalApplySchema = z.strictObject({ ...newCarShape, earlyReason: z.string().trim().max(300).default('') });
export type RenewalApplyInput = z.infer<typeof renewalApplySchema>;

/** 新增配备: an additional vehicle; approval raises the unit's 编制 quota of the category by one. */
export const procurementApplySchema = z.strictObject({ ...newCarShape, unitId: z.number().int().positive(), category: z.enum(vehicleCategories) });
export type ProcurementApplyInput = z.infer<typeof procurementApplySchema>;

export const disposalApplySchema = z.strictObject({
  method: z.enum(disposalMethods),
  reason: text(300),
  expectedProceedsFen: fen.default(0),
  /** 调拨: the receiving unit (by name as written on the approval). */
  transferTo: z.string().trim().max(64).default(''),
}).superRefine((v, ctx) => {
  if (v.method === 'transfer' && v.transferTo.length < 2) ctx.addIssue({ code: 'custom', path: ['transferTo'], message: '调拨请填写接收单位' });
});
export type DisposalApplyInput = z.infer<typeof disposalApplySchema>;

/** After an approved disposal: what it brought (0 for a scrapping with no residual value) — 处置收入. */
export const disposalProceedsSchema = z.strictObject({
  proceedsFen: fen,
  counterparty: z.string().trim().min(2, '请填写买受人或接收方').max(64),
  completedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为“年-月-日”'),
});
export type DisposalProceedsInput = z.infer<typeof disposalProceedsSchema>;

export const exemptionApplySchema = z.strictObject({
  reason: z.enum(exemptionReasons),
  detail: text(300),
  unitOpinion: text(200),
});
export type ExemptionApplyInput = z.infer<typeof exemptionApplySchema>;

export const applicationSchema = z.object({
  id: z.number().int(),
  kind: z.enum(applicationKinds),
  kindLabel: z.string(),
  status: z.enum(applicationStatuses),
  statusLabel: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  regionCode: z.string(),
  vehicleId: z.number().int().nullable(),
  plate: z.string().nullable(),
  category: z.enum(vehicleCategories),
  /** The application's own fields (the new car, the disposal method, the exemption reason…). */
  details: z.record(z.string(), z.unknown()),
  /** One line a reader takes in at once (the approval's summary). */
  summary: z.string(),
  applicantName: z.string(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  newVehicleId: z.number().int().nullable(),
  proceedsFen: z.number().int().nullable(),
});
export type Application = z.infer<typeof applicationSchema>;

export const applicationListQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  kind: z.enum(applicationKinds).optional(),
  status: z.enum(applicationStatuses).optional(),
  vehicleId: z.coerce.number().int().positive().optional(),
});
export type ApplicationListQuery = z.infer<typeof applicationListQuerySchema>;

/** One row of the standards table: a category's caps and renewal thresholds, each rule with the document it comes from. */
export const vehicleStandardSchema = z.object({
  /** Whose standard: 党政机关/人民团体, 事业单位 or 国有企业 (unit-kind-rules.ts). */
  fleetKind: z.enum(fleetKinds),
  category: z.enum(vehicleCategories),
  renewalAgeYears: z.number().int().min(1).max(30),
  renewalMileageKm: z.number().int().min(1000).max(2_000_000),
  priceCapFen: fen,
  displacementCapMl: z.number().int().min(0).max(8000).nullable(),
  newEnergy: z.enum(newEnergyRules),
  sources: z.object({ age: z.string(), mileage: z.string(), price: z.string(), displacement: z.string(), newEnergy: z.string() }),
});
export type VehicleStandard = z.infer<typeof vehicleStandardSchema>;
export const setVehicleStandardSchema = vehicleStandardSchema.strict().extend({
  fleetKind: z.enum(fleetKinds).default('organ'),
  sources: z.strictObject({ age: text(200), mileage: text(200), price: text(200), displacement: text(200), newEnergy: text(200) }),
});
export type SetVehicleStandardInput = z.infer<typeof setVehicleStandardSchema>;

/** 编制 use of a unit: per category, the approved number, the vehicles counted against it, and whether it is exceeded (超编). */
export const quotaUseSchema = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  unitKind: z.string(),
  category: z.enum(vehicleCategories),
  categoryLabel: z.string(),
  quota: z.number().int(),
  /** Vehicles held against the quota (not disposed, not replaced by an approved renewal). */
  used: z.number().int(),
  /** Places held for the replacements of approved renewals not yet registered. */
  reserved: z.number().int(),
  /** 超编: more held (and reserved) than approved — existing excess is flagged, new registrations are refused. */
  over: z.boolean(),
});
export type QuotaUse = z.infer<typeof quotaUseSchema>;
export const quotaUseQuerySchema = z.strictObject({ unitId: z.coerce.number().int().positive().optional() });
export const setQuotaSchema = z.strictObject({ unitId: z.number().int().positive(), category: z.enum(vehicleCategories), quota: z.number().int().min(0).max(10_000) });
export type SetQuotaInput = z.infer<typeof setQuotaSchema>;

/** Excel import of vehicles: the workbook as base64, for one owner unit. */
export const vehicleImportSchema = z.strictObject({
  ownerUnitId: z.number().int().positive(),
  fileBase64: z.string().min(8).max(1_300_000),
});
export type VehicleImportInput = z.infer<typeof vehicleImportSchema>;
export const vehicleImportResultSchema = z.object({
  written: z.number().int(),
  vehicleIds: z.array(z.number().int()),
  errors: z.array(z.object({ row: z.number().int(), plate: z.string(), message: z.string() })),
});
export type VehicleImportResult = z.infer<typeof vehicleImportResultSchema>;
/** The columns of the import sheet, in order (a template is served with them). */
export const vehicleImportColumns = [
  '车牌号', '车架号', '品牌型号', '能源类型', '排量(毫升)', '购置价格(元)', '座位数', '车辆类别', '取得方式', '登记日期', '终端手机号', '保险到期', '年检到期',
] as const;

/**
 * 定编 import: the 编制 (approved number of vehicles) of units by category, from the sheet the level above
 * fills in. Validated row by row; one bad row and nothing is written (the rows are listed in the 400's details).
 */
export const quotaImportSchema = z.strictObject({ fileBase64: z.string().min(8).max(1_300_000) });
export type QuotaImportInput = z.infer<typeof quotaImportSchema>;
export const quotaImportColumns = ['单位名称', '车辆类别', '编制数(辆)'] as const;
/** One bad row of an import (vehicles or 编制): the sheet's row number, what it names, and why in Chinese. */
export const importRowErrorSchema = z.object({ row: z.number().int(), subject: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof importRowErrorSchema>;
export const quotaImportResultSchema = z.object({
  written: z.number().int(),
  /** The 编制 use of the units the sheet named, after the import. */
  quotas: z.array(quotaUseSchema),
});
export type QuotaImportResult = z.infer<typeof quotaImportResultSchema>;

export const bindTerminalSchema = z.strictObject({
  terminalPhone: z.string().regex(/^\d{11,20}$/, '终端手机号为 11–20 位数字'),
  deviceModel: z.string().max(32).nullable().default(null),
});
export type BindTerminalInput = z.infer<typeof bindTerminalSchema>;

/** One trip the vehicle was sent on (its assignment), as trips tells it: who drove, the odometer out and back. */
export const vehicleTripLineSchema = z.object({
  tripId: z.number().int(),
  assignmentId: z.number().int(),
  purpose: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  driverName: z.string().nullable(),
  departOdometerKm: z.number().nullable(),
  returnOdometerKm: z.number().nullable(),
  /** Driven on this trip (return − departure), once returned. */
  km: z.number().nullable(),
});
export type VehicleTripLine = z.infer<typeof vehicleTripLineSchema>;
/** 里程: the odometer as recorded, what trips drove this month and this year (Asia/Shanghai), and the last readings. */
export const vehicleMileageSchema = z.object({
  odometerKm: z.number(),
  thisMonthKm: z.number(),
  thisYearKm: z.number(),
  readings: z.array(z.object({ at: z.string(), odometerKm: z.number(), tripId: z.number().int() })),
});
export type VehicleMileage = z.infer<typeof vehicleMileageSchema>;
/** A warning about the vehicle, as supervision tells it. */
export const vehicleWarningLineSchema = z.object({
  id: z.number().int(), kindLabel: z.string(), grade: z.string(), status: z.string(), statusLabel: z.string(), title: z.string(), raisedAt: z.string(),
});
export type VehicleWarningLine = z.infer<typeof vehicleWarningLineSchema>;
/** 证件与到期: insurance, annual inspection, maintenance, and the policies on record, each with its state today. */
export const documentStates = ['ok', 'soon', 'expired'] as const;
export const vehicleDocumentSchema = z.object({
  kind: z.enum(['insurance', 'inspection', 'maintenance', 'policy']),
  label: z.string(),
  /** What the document is (a policy number and insurer), empty for the registry's own due dates. */
  detail: z.string(),
  due: z.string(),
  daysLeft: z.number().int(),
  state: z.enum(documentStates),
});
export type VehicleDocument = z.infer<typeof vehicleDocumentSchema>;

/** The vehicle's life on one page (#17 item 7). */
export const vehicleLifeSchema = z.object({
  vehicle: vehicleSchema,
  applications: z.array(applicationSchema),
  /** 三定 records, newest first, and their sums by kind. */
  serviceRecords: z.array(serviceRecordSchema),
  costs: vehicleCostsSchema,
  /** Recent trips and assignments, newest first (trips' service; only those the reader may see). */
  trips: z.array(vehicleTripLineSchema),
  mileage: vehicleMileageSchema,
  /** Recent warnings (supervision's service; only for those who may see warnings, in their scope). Null: not for this reader. */
  warnings: z.array(vehicleWarningLineSchema).nullable(),
  documents: z.array(vehicleDocumentSchema),
});
export type VehicleLife = z.infer<typeof vehicleLifeSchema>;

export const exemptionListSchema = z.object({
  items: z.array(z.object({ vehicle: vehicleSchema, application: applicationSchema.nullable() })),
});
