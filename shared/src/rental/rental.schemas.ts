import { z } from 'zod';
import { carSideParam, evidencePhotoSchema } from '../common/handover';

/** 分时租赁 (DOMAIN.md §4, §6): stations with fences, electric cars, price plans, rentals. Coordinates WGS-84 (as terminals report). */
export const rentalPurposes = ['official', 'personal'] as const;
export type RentalPurpose = (typeof rentalPurposes)[number];
export const rentalPurposeLabel: Record<RentalPurpose, string> = { official: '公务用车', personal: '个人用车' };

export const rentalStatuses = ['reserved', 'in_rental', 'returned', 'expired', 'cancelled', 'closed'] as const;
export type RentalStatus = (typeof rentalStatuses)[number];
export const rentalStatusLabel: Record<RentalStatus, string> = {
  reserved: '已预约', in_rental: '用车中', returned: '已还车', expired: '预约超时已释放', cancelled: '已取消', closed: '已结束（企业处理）',
};
export const carStatuses = ['available', 'reserved', 'in_rental', 'maintenance'] as const;
export type CarStatus = (typeof carStatuses)[number];
export const carStatusLabel: Record<CarStatus, string> = { available: '可租', reserved: '已预约', in_rental: '租用中', maintenance: '维护中' };
/**
 * none: nothing to pay; unpaid: to be paid through WeChat Pay; paid; statement: billed to the unit;
 * payscore: 免押, a 微信支付分 service order stands in for the deposit; score_charging: completed with
 * the final amount, WeChat deducting it; score_releasing: ended without charge, the order being cancelled.
 */
export const paymentStates = ['none', 'unpaid', 'paid', 'statement', 'payscore', 'score_charging', 'score_releasing'] as const;
export type RentalPaymentState = (typeof paymentStates)[number];
export const paymentStateLabel: Record<RentalPaymentState, string> = {
  none: '无需支付', unpaid: '待支付', paid: '已支付', statement: '单位月结', payscore: '微信支付分免押中', score_charging: '微信支付分扣款中', score_releasing: '微信支付分订单取消中',
};
/** How a personal rental is paid: per rental through WeChat Pay (with or without the ¥500 deposit), or 免押 through 微信支付分. */
export const rentalPayWith = ['wechat_pay', 'payscore'] as const;
export type RentalPayWith = (typeof rentalPayWith)[number];
export const rentalPayWithLabel: Record<RentalPayWith, string> = { wechat_pay: '微信支付（押金或按次）', payscore: '微信支付分免押' };

/** 交接车: photos at the start and the end of a rental, of each side of the car. */
export const handoverStages = ['start', 'end'] as const;
export type HandoverStage = (typeof handoverStages)[number];
export const handoverStageLabel: Record<HandoverStage, string> = { start: '取车', end: '还车' };
export { carSides, carSideLabel, type CarSide } from '../common/handover';

/** 车损索赔: open (the user's appeal window runs) → charged, or appealed → upheld (charged) / waived. */
export const claimStatuses = ['open', 'appealed', 'charged', 'paid', 'waived'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];
export const claimStatusLabel: Record<ClaimStatus, string> = {
  open: '待确认（可申诉）', appealed: '申诉中（暂停扣费）', charged: '已计费', paid: '已支付', waived: '已撤销',
};

const point = z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
export type GeoPoint = z.infer<typeof point>;

export const fenceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('circle'), center: point, radiusM: z.number().int().min(10).max(5_000) }),
  z.strictObject({ kind: z.literal('polygon'), points: z.array(point).min(3).max(50) }),
]);
export type Fence = z.infer<typeof fenceSchema>;

export const createStationSchema = z.strictObject({
  name: z.string().trim().min(1).max(64),
  address: z.string().trim().max(128).default(''),
  location: point,
  fence: fenceSchema,
  acceptsReturns: z.boolean().default(true),
});
export type CreateStationInput = z.infer<typeof createStationSchema>;
export const stationSchema = z.object({ ...createStationSchema.shape, id: z.number().int(), companyId: z.number().int(), carsAvailable: z.number().int() });
export type Station = z.infer<typeof stationSchema>;

const fen = z.number().int().min(0).max(10_000_000);
const minuteOfDay = z.number().int().min(0).max(1439);
/** A price plan: per minute or per started hour, per km, a night rate, a cap per 24 h, a minimum charge (all fen). */
export const createPlanSchema = z.strictObject({
  name: z.string().trim().min(1).max(64),
  timeUnit: z.enum(['minute', 'hour']),
  dayRateFen: fen,
  nightRateFen: fen.nullable().default(null),
  /** Minutes of the day (Asia/Shanghai) the night rate starts and ends, e.g. 22:00 → 1320, 06:00 → 360. */
  nightStartMinute: minuteOfDay.default(1320),
  nightEndMinute: minuteOfDay.default(360),
  perKmFen: fen,
  dailyCapFen: fen.nullable().default(null),
  minChargeFen: fen.default(0),
});
export type CreatePlanInput = z.infer<typeof createPlanSchema>;
export const planSchema = z.object({ ...createPlanSchema.shape, id: z.number().int(), companyId: z.number().int() });
export type PricePlan = z.infer<typeof planSchema>;

export const createCarSchema = z.strictObject({
  vehicleId: z.number().int().positive(),
  stationId: z.number().int().positive(),
  planId: z.number().int().positive(),
  batteryPct: z.number().int().min(0).max(100).default(100),
  rangeKm: z.number().int().min(0).max(1_000).default(300),
});
export type CreateCarInput = z.infer<typeof createCarSchema>;
export const updateCarSchema = z.strictObject({
  stationId: z.number().int().positive().optional(),
  planId: z.number().int().positive().optional(),
  batteryPct: z.number().int().min(0).max(100).optional(),
  rangeKm: z.number().int().min(0).max(1_000).optional(),
  status: z.enum(['available', 'maintenance']).optional(),
});
export type UpdateCarInput = z.infer<typeof updateCarSchema>;

export const carSchema = z.object({
  id: z.number().int(),
  vehicleId: z.number().int(),
  companyId: z.number().int(),
  plate: z.string(),
  model: z.string(),
  seats: z.number().int(),
  batteryPct: z.number().int(),
  rangeKm: z.number().int(),
  status: z.enum(carStatuses),
  stationId: z.number().int(),
  stationName: z.string(),
  plan: planSchema,
  position: point.nullable(),
  online: z.boolean(),
  distanceM: z.number().int().nullable(),
});
export type RentalCar = z.infer<typeof carSchema>;

export const findCarsQuerySchema = z.object({
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
  radiusM: z.coerce.number().int().min(100).max(50_000).default(10_000),
  stationId: z.coerce.number().int().positive().optional(),
  /** The distance the user means to drive: only cars whose range covers it (with a reserve) are listed. */
  distanceKm: z.coerce.number().min(0).max(1_000).default(0),
});
export type FindCarsQuery = z.infer<typeof findCarsQuerySchema>;
export const findCarsResponseSchema = z.object({ cars: z.array(carSchema), stations: z.array(stationSchema) });

export const reserveSchema = z.strictObject({
  carId: z.number().int().positive(),
  purpose: z.enum(rentalPurposes),
  /** 一事一租: the approved trip an official rental is for. */
  tripId: z.number().int().positive().optional(),
  /** Personal use: 微信支付分免押 instead of the deposit. */
  payWith: z.enum(rentalPayWith, '支付方式须为微信支付或微信支付分免押').default('wechat_pay'),
});
export type ReserveInput = z.infer<typeof reserveSchema>;

export const priceBreakdownSchema = z.object({
  minutes: z.number().int(),
  km: z.number(),
  dayFen: z.number().int(),
  nightFen: z.number().int(),
  capDeductionFen: z.number().int(),
  kmFen: z.number().int(),
  minChargeTopUpFen: z.number().int(),
  totalFen: z.number().int(),
});
export type PriceBreakdown = z.infer<typeof priceBreakdownSchema>;

export const rentalSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  userName: z.string(),
  companyId: z.number().int(),
  car: z.object({ id: z.number().int(), vehicleId: z.number().int(), plate: z.string(), model: z.string(), batteryPct: z.number().int() }),
  plan: planSchema,
  purpose: z.enum(rentalPurposes),
  tripId: z.number().int().nullable(),
  status: z.enum(rentalStatuses),
  reservedAt: z.string(),
  holdUntil: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  returnStationName: z.string().nullable(),
  /** While in rental: the price so far; after: the final price. */
  price: priceBreakdownSchema.nullable(),
  amountFen: z.number().int().nullable(),
  payment: z.enum(paymentStates),
  payWith: z.enum(rentalPayWith),
  outTradeNo: z.string().nullable(),
  note: z.string().nullable(),
});
export type Rental = z.infer<typeof rentalSchema>;

/** One handover photo with the terminal's state when it was taken (charge from the car's record). */
export const handoverPhotoSchema = evidencePhotoSchema.extend({
  rentalId: z.number().int(),
  stage: z.enum(handoverStages),
});
export type HandoverPhoto = z.infer<typeof handoverPhotoSchema>;
export const handoverSchema = z.object({ rentalId: z.number().int(), photos: z.array(handoverPhotoSchema) });
export type Handover = z.infer<typeof handoverSchema>;
export const handoverUploadParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  stage: z.enum(handoverStages, '交接阶段须为取车或还车'),
  side: carSideParam,
});
export { photoImageQuerySchema } from '../common/handover';

const claimItem = z.strictObject({ name: z.string().trim().min(1, '请填写损失项目').max(40), amountFen: z.number().int().min(1, '金额须大于 0').max(10_000_000) });
export const createClaimSchema = z.strictObject({
  description: z.string().trim().min(2, '请说明车损情况').max(500),
  /** The handover photos the claim points at (of this rental). */
  evidenceIds: z.array(z.number().int().positive()).max(8).default([]),
  items: z.array(claimItem).min(1, '请至少列出一项损失').max(20),
});
export type CreateClaimInput = z.infer<typeof createClaimSchema>;
export const appealClaimSchema = z.strictObject({ reason: z.string().trim().min(2, '请填写申诉理由').max(500) });
export const decideClaimSchema = z.strictObject({ uphold: z.boolean(), note: z.string().trim().max(200).default('') });
export const claimSchema = z.object({
  id: z.number().int(),
  rentalId: z.number().int(),
  plate: z.string(),
  userName: z.string(),
  purpose: z.enum(rentalPurposes),
  description: z.string(),
  items: z.array(z.object({ name: z.string(), amountFen: z.number().int() })),
  amountFen: z.number().int(),
  evidence: z.array(handoverPhotoSchema),
  status: z.enum(claimStatuses),
  appealDeadline: z.string(),
  appealReason: z.string().nullable(),
  decisionNote: z.string().nullable(),
  chargedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type DamageClaim = z.infer<typeof claimSchema>;
export const claimListSchema = z.object({ items: z.array(claimSchema) });
export const rentalListSchema = z.object({ items: z.array(rentalSchema) });
export const currentRentalSchema = z.object({ rental: rentalSchema.nullable() });

export const payRentalResponseSchema = z.object({
  rental: rentalSchema,
  payParams: z.record(z.string(), z.string()).nullable(),
  outTradeNo: z.string().nullable(),
  fakeWechatPayBaseUrl: z.string().nullable(),
});

export const licenceSchema = z.strictObject({
  licenceNo: z.string().trim().min(6).max(32),
  licenceClass: z.string().trim().min(1).max(8),
  expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type LicenceInput = z.infer<typeof licenceSchema>;
/** A registered licence as responses show it: the number masked (its holder typed it; nobody reads it back whole). */
export const licenceViewSchema = z.object({
  licenceNoMasked: z.string(),
  licenceClass: z.string(),
  expiresOn: z.string(),
});
export type LicenceView = z.infer<typeof licenceViewSchema>;
export const licenceResponseSchema = z.object({ licence: licenceViewSchema.nullable() });

export const reportFaultSchema = z.strictObject({
  description: z.string().trim().min(2).max(500),
  photos: z.array(z.string().max(200_000)).max(6).default([]),
});
export type ReportFaultInput = z.infer<typeof reportFaultSchema>;
export const decideFaultSchema = z.strictObject({ endWithoutCharge: z.boolean(), comment: z.string().trim().max(200).default('') });
export const faultSchema = z.object({
  id: z.number().int(),
  rentalId: z.number().int(),
  plate: z.string(),
  userName: z.string(),
  description: z.string(),
  photos: z.array(z.string()),
  status: z.enum(['open', 'ended_without_charge', 'rejected']),
  comment: z.string(),
  createdAt: z.string(),
});
export type FaultReport = z.infer<typeof faultSchema>;
export const faultListSchema = z.object({ items: z.array(faultSchema) });

export const idParamSchema = z.object({ id: z.coerce.number().int().positive() });
export const stationListSchema = z.object({ items: z.array(stationSchema) });
export const planListSchema = z.object({ items: z.array(planSchema) });
export const carListSchema = z.object({ items: z.array(carSchema) });
