import { z } from 'zod';

/**
 * Supervision (DOMAIN.md §7): warnings raised by rules over events and scheduled checks, their loop
 * 核查 → 申诉 → 处理 → 通报, graded green/yellow/red; and the four-level data pool.
 */
export const warningKinds = [
  'no_trip_movement', 'off_hours_use', 'holiday_use', 'speeding', 'fatigue_driving',
  'insurance_expiry', 'inspection_expiry', 'maintenance_expiry',
  // Trips that supervise themselves (#21 item 4) and terminal health.
  'corridor_exit', 'late_return', 'sensitive_dwell', 'power_cut', 'position_jump',
  // Geofences per unit, overnight parking, terminal silence, 编制 (#18 item 1).
  'area_exit', 'forbidden_area_entry', 'overnight_parking_away', 'terminal_offline', 'over_quota',
] as const;
export type WarningKind = (typeof warningKinds)[number];

export const warningKindLabel: Record<WarningKind, string> = {
  no_trip_movement: '无单出车',
  off_hours_use: '非工作时间用车',
  holiday_use: '节假日用车',
  speeding: '超速行驶',
  fatigue_driving: '疲劳驾驶',
  insurance_expiry: '保险到期',
  inspection_expiry: '年检到期',
  maintenance_expiry: '保养到期',
  corridor_exit: '偏离行程路线',
  late_return: '逾期未归',
  sensitive_dwell: '敏感场所停留',
  power_cut: '终端断电',
  position_jump: '定位异常跳变',
  area_exit: '驶出允许区域',
  forbidden_area_entry: '驶入禁入区域',
  overnight_parking_away: '未按规定停放过夜',
  terminal_offline: '终端长时间离线',
  over_quota: '超编制配备',
};

export const warningGrades = ['green', 'yellow', 'red'] as const;
export type WarningGrade = (typeof warningGrades)[number];
export const warningGradeLabel: Record<WarningGrade, string> = { green: '绿色', yellow: '黄色', red: '红色' };

/**
 * open 待核查 → checked 已核查 → (appealed 申诉中 →) revoked 申诉成立·已撤销 | confirmed 已处理·属实 → published 已通报.
 * An appeal may be lodged before or after the check; the supervisor above decides checked or appealed ones.
 */
export const warningStatuses = ['open', 'checked', 'appealed', 'revoked', 'confirmed', 'published'] as const;
export type WarningStatus = (typeof warningStatuses)[number];
export const warningStatusLabel: Record<WarningStatus, string> = {
  open: '待核查', checked: '已核查', appealed: '申诉中', revoked: '申诉成立（已撤销）', confirmed: '已处理（属实）', published: '已通报',
};

export const warningActions = ['raise', 'check', 'appeal', 'uphold', 'dismiss', 'confirm', 'publish'] as const;
export type WarningAction = (typeof warningActions)[number];
export const warningActionLabel: Record<WarningAction, string> = {
  raise: '系统预警', check: '单位核查', appeal: '单位申诉', uphold: '申诉成立', dismiss: '申诉驳回', confirm: '核实属实', publish: '通报',
};

export const warningActionSchema = z.object({
  action: z.enum(warningActions),
  actorName: z.string(),
  note: z.string(),
  evidence: z.array(z.string()),
  tripId: z.number().int().nullable(),
  at: z.string(),
});

export const warningSchema = z.object({
  id: z.number().int(),
  kind: z.enum(warningKinds),
  kindLabel: z.string(),
  grade: z.enum(warningGrades),
  status: z.enum(warningStatuses),
  statusLabel: z.string(),
  vehicleId: z.number().int().nullable(),
  plate: z.string().nullable(),
  unitId: z.number().int(),
  unitName: z.string(),
  regionCode: z.string(),
  tripId: z.number().int().nullable(),
  title: z.string(),
  detail: z.string(),
  /** The rule and the text it follows (规则依据). */
  source: z.string(),
  occurredAt: z.string(),
  raisedAt: z.string(),
  actions: z.array(warningActionSchema).optional(),
});
export type Warning = z.infer<typeof warningSchema>;

export const warningListQuerySchema = z.object({
  status: z.enum(warningStatuses).optional(),
  kind: z.enum(warningKinds).optional(),
  grade: z.enum(warningGrades).optional(),
  regionCode: z.string().regex(/^\d{2,9}$/, '行政区划代码应为数字').optional(),
  unitId: z.coerce.number().int().positive().optional(),
  /** One vehicle's warnings (its page in fleet). */
  vehicleId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type WarningListQuery = z.infer<typeof warningListQuerySchema>;

export const warningIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** A photo uploaded for an appeal is referred to by this path until the appeal is lodged (申诉证据). */
export const EVIDENCE_REF = /^\/api\/supervision\/evidence\/(\d+)$/;
export const EVIDENCE_PER_WARNING = 9;
export const EVIDENCE_MAX_BYTES = 4 * 1024 * 1024;
export const evidenceContentTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** An uploaded evidence photo: `ref` goes into the appeal, `url` (signed, an hour) shows it. */
export const warningEvidenceSchema = z.object({ id: z.number().int(), ref: z.string(), url: z.string() });
export type WarningEvidence = z.infer<typeof warningEvidenceSchema>;
export const evidenceImageParamsSchema = z.object({ id: z.coerce.number().int().positive() });
export const evidenceImageQuerySchema = z.strictObject({
  exp: z.coerce.number().int().positive(),
  sig: z.string().regex(/^[0-9a-f]{32}$/, '签名格式不正确'),
});

const note = z.string().trim().min(2, '请填写至少 2 个字的说明').max(500, '说明不超过 500 字');
export const checkWarningSchema = z.strictObject({ note });
export const appealWarningSchema = z.strictObject({
  reason: note,
  /** Photo URLs (uploaded receipts/photos) offered as evidence. */
  evidence: z.array(z.union([z.string().regex(EVIDENCE_REF), z.string().url()], '证据须为上传的照片或图片地址')).max(EVIDENCE_PER_WARNING, `证据最多 ${EVIDENCE_PER_WARNING} 张`).default([]),
  /** The trip the movement belonged to, if any. */
  tripId: z.number().int().positive().optional(),
});
export const decideWarningSchema = z.strictObject({
  /** uphold: the appeal stands, the warning is revoked; dismiss: the appeal fails; confirm: a checked warning is true. */
  outcome: z.enum(['uphold', 'dismiss', 'confirm']),
  note,
});
export const publishWarningSchema = z.strictObject({ note: note.optional() });
export type CheckWarningInput = z.infer<typeof checkWarningSchema>;
export type AppealWarningInput = z.infer<typeof appealWarningSchema>;
export type DecideWarningInput = z.infer<typeof decideWarningSchema>;

export const warningRuleSchema = z.object({
  kind: z.enum(warningKinds),
  label: z.string(),
  source: z.string(),
  params: z.string(),
  /** Whether the rule applies in the asked region (the nearest switch above it, else the default). */
  enabled: z.boolean(),
  /** The region whose switch decided it (null: the default). */
  decidedBy: z.string().nullable(),
});
export type WarningRule = z.infer<typeof warningRuleSchema>;
export const ruleListQuerySchema = z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/, '行政区划代码应为 6 或 9 位数字').optional() });
export const ruleSwitchSchema = z.strictObject({
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/, '行政区划代码应为 6 或 9 位数字'),
  enabled: z.boolean(),
});
export const ruleKindParamsSchema = z.object({ kind: z.enum(warningKinds) });

/** A holiday calendar entry: a day off, or a worked weekend day (调休); for one unit, or nationwide (platform admin). */
export const holidaySchema = z.strictObject({
  unitId: z.number().int().positive().nullable().default(null),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 2026-10-01 格式'),
  kind: z.enum(['holiday', 'workday']),
  name: z.string().trim().min(1, '请填写名称').max(32, '名称不超过 32 字'),
});
export type HolidayInput = z.infer<typeof holidaySchema>;

/** A row of the data pool: a region (or unit) with its figures for a period. */
export const poolFiguresSchema = z.object({
  vehicles: z.number().int(),
  withTerminal: z.number().int(),
  trips: z.number().int(),
  distanceKm: z.number(),
  costFen: z.number().int(),
  warnings: z.number().int(),
  warningsRed: z.number().int(),
  warningsClosed: z.number().int(),
});
export type PoolFigures = z.infer<typeof poolFiguresSchema>;
export const poolRowSchema = poolFiguresSchema.extend({
  key: z.string(),
  name: z.string(),
  level: z.enum(['province', 'city', 'county', 'township', 'unit']),
  /** Where it sits on the region's map (GCJ-02): a unit's address, or the middle of a region's units; null when unknown. */
  lat: z.number().nullable(),
  lng: z.number().nullable(),
});
export type PoolRow = z.infer<typeof poolRowSchema>;
export const poolQuerySchema = z.object({
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/, '行政区划代码应为 6 或 9 位数字').optional(),
  /** A day 2026-11-05 or a month 2026-11. */
  period: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, '统计期应为 2026-11 或 2026-11-05'),
});
export type PoolQuery = z.infer<typeof poolQuerySchema>;
export const poolViewSchema = z.object({
  region: poolRowSchema,
  period: z.string(),
  /** The level below: sub-regions, then the units sitting directly in the region. */
  children: z.array(poolRowSchema),
});
export type PoolView = z.infer<typeof poolViewSchema>;

/** 考核评估: a unit's monthly score with its indicators, ranked within the region. */
export const assessmentQuerySchema = z.object({
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/, '行政区划代码应为 6 或 9 位数字').optional(),
  period: z.string().regex(/^\d{4}-\d{2}$/, '考核期应为月份，如 2026-11'),
});
export const assessmentItemSchema = z.object({
  rank: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  regionCode: z.string(),
  score: z.number(),
  indicators: z.object({ coverage: z.number(), closure: z.number(), safety: z.number(), utilisation: z.number() }),
  /** Cost per car in the month (fen), shown beside the score, not scored. */
  costPerVehicleFen: z.number().int(),
  figures: poolFiguresSchema,
});
export const assessmentSchema = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  period: z.string(),
  formula: z.string(),
  items: z.array(assessmentItemSchema),
});
export type Assessment = z.infer<typeof assessmentSchema>;

/**
 * Sensitive places (#21 item 4): hotels, entertainment venues and scenic spots where a stop longer
 * than the dwell threshold raises 敏感场所停留. Each entry says where it came from (its source).
 */
export const poiCategories = ['hotel', 'entertainment', 'scenic'] as const;
export type PoiCategory = (typeof poiCategories)[number];
export const poiCategoryLabel: Record<PoiCategory, string> = { hotel: '酒店宾馆', entertainment: '娱乐场所', scenic: '旅游景区' };
export const sensitivePlaceSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  category: z.enum(poiCategories),
  categoryLabel: z.string(),
  /** WGS-84 degrees (as terminals report). */
  lat: z.number(),
  lng: z.number(),
  radiusM: z.number().int(),
  regionCode: z.string(),
  source: z.string(),
  enabled: z.boolean(),
});
export type SensitivePlace = z.infer<typeof sensitivePlaceSchema>;
export const sensitivePlaceInputSchema = z.strictObject({
  name: z.string().trim().min(2, '名称至少 2 个字').max(64, '名称不超过 64 字'),
  category: z.enum(poiCategories, '类别须为酒店宾馆、娱乐场所或旅游景区'),
  lat: z.number().min(3, '纬度不在国内范围').max(54, '纬度不在国内范围'),
  lng: z.number().min(73, '经度不在国内范围').max(136, '经度不在国内范围'),
  radiusM: z.number().int('半径须为整数米').min(30, '半径至少 30 米').max(2000, '半径不超过 2000 米').default(150),
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/, '行政区划代码应为 6 或 9 位数字'),
  source: z.string().trim().min(2, '请填写来源').max(200, '来源不超过 200 字'),
});
export type SensitivePlaceInput = z.infer<typeof sensitivePlaceInputSchema>;

/**
 * 电子围栏 (#18 item 1): areas a unit defines for its cars, a circle (centre and radius) or a polygon,
 * WGS-84 as terminals report. `permitted`: the car must stay inside while the window holds (驶出允许区域);
 * `forbidden`: it must not enter while the window holds (驶入禁入区域). The window is days of the week
 * (1 = 周一 … 7 = 周日) and a time of day in Beijing time; no window means always.
 */
export const geofenceKinds = ['permitted', 'forbidden'] as const;
export type GeofenceKind = (typeof geofenceKinds)[number];
export const geofenceKindLabel: Record<GeofenceKind, string> = { permitted: '允许区域（不得驶出）', forbidden: '禁入区域（不得驶入）' };
const hhmmText = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '时间应为 HH:MM');
const latOf = z.number('纬度须为数字').min(3, '纬度不在国内范围').max(54, '纬度不在国内范围');
const lngOf = z.number('经度须为数字').min(73, '经度不在国内范围').max(136, '经度不在国内范围');
export const geofenceWindowSchema = z.strictObject({
  days: z.array(z.number().int().min(1, '星期须为 1–7').max(7, '星期须为 1–7'), '请选择星期').min(1, '请至少选择一天').max(7),
  from: hhmmText,
  to: hhmmText,
}).refine((w) => w.from !== w.to, { message: '开始与结束时间不能相同', path: ['to'] });
export type GeofenceWindow = z.infer<typeof geofenceWindowSchema>;
export const geofenceInputSchema = z.strictObject({
  name: z.string('请填写围栏名称').trim().min(2, '名称至少 2 个字').max(64, '名称不超过 64 字'),
  kind: z.enum(geofenceKinds, '类型须为允许区域或禁入区域'),
  /** The unit whose cars it binds: the fleet admin's own by default; a supervisor names one in their region. */
  unitId: z.number().int().positive('单位须为正整数').optional(),
  circle: z.strictObject({
    lat: latOf, lng: lngOf,
    radiusM: z.number('半径须为数字').int('半径须为整数米').min(50, '半径至少 50 米').max(200_000, '半径不超过 200 公里'),
  }).optional(),
  polygon: z.array(z.strictObject({ lat: latOf, lng: lngOf }), '多边形须为顶点列表').min(3, '多边形至少 3 个顶点').max(200, '多边形不超过 200 个顶点').optional(),
  /** Null or absent: always (全天候). */
  window: geofenceWindowSchema.nullable().optional(),
}).refine((g) => (g.circle ? 1 : 0) + (g.polygon ? 1 : 0) === 1, { message: '请给出圆形（中心与半径）或多边形，二者选一', path: ['circle'] });
export type GeofenceInput = z.infer<typeof geofenceInputSchema>;
export const geofenceSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(geofenceKinds),
  kindLabel: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  regionCode: z.string(),
  circle: z.object({ lat: z.number(), lng: z.number(), radiusM: z.number().int() }).nullable(),
  polygon: z.array(z.object({ lat: z.number(), lng: z.number() })).nullable(),
  window: z.object({ days: z.array(z.number().int()), from: z.string(), to: z.string() }).nullable(),
  /** 周一至周五 08:00–18:00, or 全天候. */
  windowLabel: z.string(),
  createdAt: z.string(),
});
export type Geofence = z.infer<typeof geofenceSchema>;
export const geofenceIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });
export const geofenceListQuerySchema = z.object({ unitId: z.coerce.number().int().positive().optional() });

/** 定点停放: a vehicle's designated overnight spot (point and radius, WGS-84), set by its unit's fleet admin. */
export const parkingSpotInputSchema = z.strictObject({
  name: z.string('请填写停放点名称').trim().min(2, '名称至少 2 个字').max(64, '名称不超过 64 字'),
  lat: latOf, lng: lngOf,
  radiusM: z.number('半径须为数字').int('半径须为整数米').min(20, '半径至少 20 米').max(2000, '半径不超过 2000 米').default(100),
});
export type ParkingSpotInput = z.infer<typeof parkingSpotInputSchema>;
export const parkingSpotSchema = z.object({
  vehicleId: z.number().int(), plate: z.string(), unitId: z.number().int(), name: z.string(), lat: z.number(), lng: z.number(), radiusM: z.number().int(),
});
export type ParkingSpot = z.infer<typeof parkingSpotSchema>;
export const parkingSpotParamsSchema = z.object({ vehicleId: z.coerce.number().int().positive() });
