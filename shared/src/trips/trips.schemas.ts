import { z } from 'zod';
import { vehicleCategories } from '../fleet/fleet.schemas';

/** The official trip (DOMAIN.md §4): 申请 → 审批 → 调度 → 司机确认 → 出车 → 回场 → 交车审核 → 用车人确认 → 评价. */
export const tripStatuses = [
  'pending_approval', 'returned_for_edit', 'rejected', 'approved', 'awaiting_rental', 'dispatched',
  'in_progress', 'returned', 'reviewed', 'confirmed', 'completed', 'cancelled', 'expired', 'no_show',
] as const;
export type TripStatus = (typeof tripStatuses)[number];
export const tripStatusLabel: Record<TripStatus, string> = {
  pending_approval: '审批中', returned_for_edit: '退回修改', rejected: '已驳回', approved: '待派车',
  awaiting_rental: '待租赁企业接单', dispatched: '已派车', in_progress: '行程中', returned: '已回场',
  reviewed: '待确认', confirmed: '待评价', completed: '已完成', cancelled: '已取消', expired: '已过期',
  no_show: '用车人未到',
};

export const assignmentStatuses = ['awaiting_company', 'dispatched', 'accepted', 'departed', 'returned', 'released'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];
export const assignmentStatusLabel: Record<AssignmentStatus, string> = {
  awaiting_company: '待租赁企业接单', dispatched: '待司机确认', accepted: '司机已确认', departed: '已出车',
  returned: '已回场', released: '已释放',
};

export const tripKinds = ['in_city', 'out_of_city'] as const;
export type TripKind = (typeof tripKinds)[number];
export const tripKindLabel: Record<TripKind, string> = { in_city: '市内', out_of_city: '市外' };

export const tripPriorities = ['normal', 'high', 'emergency'] as const;
export type TripPriority = (typeof tripPriorities)[number];
export const tripPriorityLabel: Record<TripPriority, string> = { normal: '普通', high: '优先', emergency: '紧急' };

export const dispatchSources = ['own', 'pool', 'rental'] as const;
export type DispatchSource = (typeof dispatchSources)[number];

/** Declared with the other codes of trips in trips.errors.ts. */
export { TripErrorCode } from './trips.errors';

const coord = { lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) };
/**
 * A trip's place (#14 item 1): its name, the address text when known, GCJ-02 coordinates. The start needs
 * coordinates (dispatch measures from it: the unit's address, a search result or the phone's position);
 * a destination typed as a free address keeps its text without them.
 */
const placeName = z.string().trim().min(1, '请填写地点名称').max(100, '地点名称最多 100 个字');
const placeAddress = z.string().trim().max(100, '地址最多 100 个字').optional();
export const placeSchema = z.strictObject({ name: placeName, address: placeAddress, ...coord });
export type Place = z.infer<typeof placeSchema>;
export const destinationSchema = z.strictObject({ name: placeName, address: placeAddress, lat: coord.lat.optional(), lng: coord.lng.optional() })
  .refine((p) => (p.lat === undefined) === (p.lng === undefined), '地点坐标应同时含纬度与经度');
export type Destination = z.infer<typeof destinationSchema>;

/** Checks that need no clock; "in the future" is checked by the server against its clock. */
const tripFields = {
  purpose: z.string().trim().min(2, '用车事由至少 2 个字').max(200),
  passengers: z.number().int().min(1, '乘车人数至少 1 人').max(200),
  passengerNames: z.string().trim().max(200).default(''),
  startAt: z.iso.datetime({ offset: true, message: '开始时间格式有误（应含日期、时间与时区）' }),
  endAt: z.iso.datetime({ offset: true, message: '结束时间格式有误（应含日期、时间与时区）' }),
  origin: placeSchema,
  destinations: z.array(destinationSchema).min(1, '至少一个目的地').max(10),
  category: z.enum(vehicleCategories).nullable().default(null),
  seatsWanted: z.number().int().min(1).max(60).describe('每辆车至少的乘客座位数（不含驾驶员）'),
  vehiclesNeeded: z.number().int().min(1, '至少需要 1 辆车').max(20).default(1),
  kind: z.enum(tripKinds),
  /** Booking on someone's behalf: the user (same unit) who travels; default the caller. */
  applicantId: z.number().int().positive().optional(),
};

/** The names in a passenger list (王建国、李明 / 王建国,李明 / one a line): what the passenger count is checked against. */
export function passengerNameList(text: string): string[] {
  return text.split(/[、,，;；\s]+/).map((n) => n.trim()).filter(Boolean);
}

function refineTrip(v: { startAt: string; endAt: string; passengers: number; passengerNames: string; seatsWanted: number; vehiclesNeeded: number }, ctx: z.RefinementCtx): void {
  if (Date.parse(v.endAt) <= Date.parse(v.startAt)) ctx.addIssue({ code: 'custom', path: ['endAt'], message: '结束时间必须晚于开始时间' });
  if (Date.parse(v.endAt) - Date.parse(v.startAt) > 7 * 24 * 3600_000) ctx.addIssue({ code: 'custom', path: ['endAt'], message: '单次用车不超过 7 天' });
  if (v.passengers > v.seatsWanted * v.vehiclesNeeded) {
    ctx.addIssue({ code: 'custom', path: ['seatsWanted'], message: `座位不足：${v.vehiclesNeeded} 辆 × ${v.seatsWanted} 座 < ${v.passengers} 人` });
  }
  // The list may name only some of those travelling, never more: 47 names on a "1 人" trip books one seat for 47.
  const named = passengerNameList(v.passengerNames).length;
  if (named > v.passengers) {
    ctx.addIssue({ code: 'custom', path: ['passengers'], message: `乘车人名单有 ${named} 人，乘车人数只填了 ${v.passengers} 人` });
  }
}

export const createTripSchema = z.strictObject(tripFields).superRefine(refineTrip);
export type CreateTripInput = z.infer<typeof createTripSchema>;

export const emergencyTripSchema = z.strictObject({
  ...tripFields,
  /** Optional explicit pick; otherwise the system chooses and may pre-empt a lower-priority booking. */
  vehicleId: z.number().int().positive().optional(),
  driverId: z.number().int().positive().optional(),
  /** The dispatcher's picks, one per car the trip needs (all or nothing); overrides vehicleId/driverId. */
  picks: z.array(z.strictObject({ vehicleId: z.number().int().positive(), driverId: z.number().int().positive() })).min(1).max(20).optional(),
}).superRefine(refineTrip).superRefine((v, ctx) => {
  if (v.picks && v.picks.length !== v.vehiclesNeeded) ctx.addIssue({ code: 'custom', path: ['picks'], message: `需要 ${v.vehiclesNeeded} 辆车，已选 ${v.picks.length} 辆` });
});
export type EmergencyTripInput = z.infer<typeof emergencyTripSchema>;

export const tripListQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(tripStatuses).optional(),
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type TripListQuery = z.infer<typeof tripListQuerySchema>;

export const reasonSchema = z.strictObject({ reason: z.string().trim().min(2, '请说明原因（至少 2 个字）').max(200) });
export type ReasonInput = z.infer<typeof reasonSchema>;

/** 用车人未到: the vehicle waited at the pickup and nobody came. */
export const noShowSchema = z.strictObject({ note: z.string().trim().max(200).optional() });
export type NoShowInput = z.infer<typeof noShowSchema>;

/** A blank reading asks for it (not "below the record"); the rest as the locale says. */
const odometerKm = z.number({ error: (iss) => (iss.input == null || iss.input === '' || Number.isNaN(iss.input) ? '请填写里程' : undefined) }).min(0).max(9_999_999);

export const departSchema = z.strictObject({
  odometerKm,
  at: z.iso.datetime({ offset: true }).optional(),
});
export type DepartInput = z.infer<typeof departSchema>;

const fen = z.number().int('金额以分为单位的整数').min(0).max(100_000_000);
export const returnSchema = z.strictObject({
  odometerKm,
  at: z.iso.datetime({ offset: true }).optional(),
  /** 租车费: only a rental company's car has one. */
  rentalFen: fen.default(0),
  fuelFen: fen.default(0), tollFen: fen.default(0), parkingFen: fen.default(0), otherFen: fen.default(0),
  note: z.string().max(200).default(''),
});
export type ReturnInput = z.infer<typeof returnSchema>;

/** The dispatcher corrects a car's recorded costs after review (the new amounts replace the old ones). */
export const correctCostsSchema = z.strictObject({
  rentalFen: fen, fuelFen: fen, tollFen: fen, parkingFen: fen, otherFen: fen,
  reason: z.string().trim().min(1, '请填写更正原因').max(200, '更正原因不超过 200 字'),
});
export type CorrectCostsInput = z.infer<typeof correctCostsSchema>;
export const assignmentParamsSchema = z.object({
  id: z.coerce.number().int().positive('行程编号须为正整数'),
  assignmentId: z.coerce.number().int().positive('任务编号须为正整数'),
});

export const reviewSchema = z.strictObject({ comment: z.string().max(200).default('') });
export const rateSchema = z.strictObject({ rating: z.number().int().min(1, '评分 1–5').max(5, '评分 1–5'), comment: z.string().max(200).default('') });
export type RateInput = z.infer<typeof rateSchema>;

export const assignmentSchema = z.object({
  id: z.number().int(),
  tripId: z.number().int(),
  source: z.enum(dispatchSources),
  companyId: z.number().int().nullable(),
  vehicleId: z.number().int().nullable(),
  plate: z.string().nullable(),
  driverId: z.number().int().nullable(),
  driverName: z.string().nullable(),
  driverPhoneMasked: z.string().nullable(),
  status: z.enum(assignmentStatuses),
  statusLabel: z.string(),
  reason: z.string().nullable(),
  departOdometerKm: z.number().nullable(),
  returnOdometerKm: z.number().nullable(),
  departedAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  costFen: z.number().int(),
  rentalFen: z.number().int(), fuelFen: z.number().int(), tollFen: z.number().int(), parkingFen: z.number().int(), otherFen: z.number().int(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const tripEventSchema = z.object({
  at: z.string(), actorId: z.number().int().nullable(), actorName: z.string(), action: z.string(), note: z.string(),
});
export type TripEvent = z.infer<typeof tripEventSchema>;

export const tripListItemSchema = z.object({
  id: z.number().int(),
  purpose: z.string(),
  applicantName: z.string(),
  unitId: z.number().int(),
  startAt: z.string(),
  endAt: z.string(),
  originName: z.string(),
  destinationNames: z.array(z.string()),
  passengers: z.number().int(),
  vehiclesNeeded: z.number().int(),
  kind: z.enum(tripKinds),
  priority: z.enum(tripPriorities),
  status: z.enum(tripStatuses),
  statusLabel: z.string(),
  plates: z.array(z.string()),
  driverNames: z.array(z.string()),
  driverPhonesMasked: z.array(z.string()),
  costFen: z.number().int(),
  backfillOverdue: z.boolean(),
  returnOverdue: z.boolean(),
});
export type TripListItem = z.infer<typeof tripListItemSchema>;

export const tripDetailSchema = tripListItemSchema.extend({
  applicantId: z.number().int(),
  bookedById: z.number().int(),
  passengerNames: z.string(),
  origin: placeSchema,
  destinations: z.array(destinationSchema),
  category: z.enum(vehicleCategories).nullable(),
  seatsWanted: z.number().int(),
  approvalStatus: z.string().nullable(),
  backfillDueAt: z.string().nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  cancelReason: z.string().nullable(),
  assignments: z.array(assignmentSchema),
  events: z.array(tripEventSchema),
  /** Implausible times or distances the drivers entered (出车 long before the start, 45 km in 2 minutes), for 交车审核. */
  reviewWarnings: z.array(z.string()),
});
export type TripDetail = z.infer<typeof tripDetailSchema>;

export const tripIdParamSchema = z.strictObject({ id: z.coerce.number().int().positive() });
