import { z } from 'zod';

/**
 * Traffic violations (违章, #21 item 3): imported from a violation supplier (an adapter) or an Excel
 * sheet, matched by plate, time and place to the official trip or the time-share rental that had the
 * car, and sent to that driver or user and their unit; unmatched ones go to the vehicle unit's fleet admin.
 */
export const violationStatuses = ['matched', 'unmatched', 'assigned'] as const;
export type ViolationStatus = (typeof violationStatuses)[number];
export const violationStatusLabel: Record<ViolationStatus, string> = { matched: '已匹配', unmatched: '待指派', assigned: '已指派' };
export const violationSources = ['supplier', 'excel'] as const;
export type ViolationSource = (typeof violationSources)[number];
export const violationSourceLabel: Record<ViolationSource, string> = { supplier: '违章数据接口', excel: 'Excel 导入' };
export const violationMatchKinds = ['trip', 'rental', 'manual'] as const;
export type ViolationMatchKind = (typeof violationMatchKinds)[number];

export const violationSchema = z.object({
  id: z.number().int(),
  archiveNo: z.string(),
  plate: z.string(),
  vehicleId: z.number().int().nullable(),
  occurredAt: z.string(),
  place: z.string(),
  act: z.string(),
  code: z.string(),
  fineFen: z.number().int(),
  points: z.number().int(),
  source: z.enum(violationSources),
  sourceLabel: z.string(),
  status: z.enum(violationStatuses),
  statusLabel: z.string(),
  matchKind: z.enum(violationMatchKinds).nullable(),
  tripId: z.number().int().nullable(),
  rentalId: z.number().int().nullable(),
  userId: z.number().int().nullable(),
  userName: z.string().nullable(),
  unitId: z.number().int(),
  unitName: z.string(),
  /** Why it matched, or why not (shown to the fleet admin). */
  reason: z.string(),
  importedAt: z.string(),
});
export type Violation = z.infer<typeof violationSchema>;

export const violationListQuerySchema = z.object({
  status: z.enum(violationStatuses).optional(),
  mine: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ViolationListQuery = z.infer<typeof violationListQuerySchema>;
export const violationIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** The fleet admin assigns an unmatched violation to the person who drove (a user of the platform). */
export const assignViolationSchema = z.strictObject({
  userId: z.number().int('请选择驾驶人').positive('请选择驾驶人'),
  note: z.string().trim().min(2, '请填写至少 2 个字的说明').max(200, '说明不超过 200 字'),
});
export type AssignViolationInput = z.infer<typeof assignViolationSchema>;

/**
 * The fleet admin assigns an unmatched violation to a trip of that car (a 派车任务 it did not match by
 * time, e.g. a return recorded early): the trip's driver and unit answer for it.
 */
export const assignViolationToTripSchema = z.strictObject({
  assignmentId: z.number().int('请选择行程').positive('请选择行程'),
  note: z.string().trim().min(2, '请填写至少 2 个字的说明').max(200, '说明不超过 200 字'),
});
export type AssignViolationToTripInput = z.infer<typeof assignViolationToTripSchema>;

/** A trip of the violation's car on the same day, offered to the fleet admin for a manual assignment. */
export const violationCandidateSchema = z.object({
  tripId: z.number().int(),
  assignmentId: z.number().int(),
  driverName: z.string().nullable(),
  /** The driver's account, when the driver has one (null: told through the unit only). */
  userId: z.number().int().nullable(),
  departedAt: z.string(),
  returnedAt: z.string().nullable(),
});
export type ViolationCandidate = z.infer<typeof violationCandidateSchema>;
export const violationCandidatesSchema = z.object({ items: z.array(violationCandidateSchema) });

/** An Excel sheet of violations (columns: 决定书编号, 号牌号码, 违法时间, 违法地点, 违法行为, 违法代码, 罚款金额, 记分, 经度, 纬度). */
export const violationImportSchema = z.strictObject({
  fileBase64: z.string().min(8, '请上传违章明细表').max(1_300_000, '违章明细表不超过 1 MB'),
});
export type ViolationImportInput = z.infer<typeof violationImportSchema>;
export const violationImportResultSchema = z.object({
  written: z.number().int(),
  duplicates: z.number().int(),
  matched: z.number().int(),
  unmatched: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
export type ViolationImportResult = z.infer<typeof violationImportResultSchema>;

/** A pull from the violation supplier for the platform's plates over a period (the platform admin, or the daily job). */
export const violationPullSchema = z.strictObject({
  since: z.string().datetime({ offset: true, message: '开始时间格式不正确' }),
  until: z.string().datetime({ offset: true, message: '结束时间格式不正确' }),
});
