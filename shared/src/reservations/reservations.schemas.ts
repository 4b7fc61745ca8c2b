import { z } from 'zod';
import { paymentWithParamsSchema } from '../payments/payments.schemas';

/** Trip services (DOMAIN.md §5): hotel nights, a reception table, train or air tickets, booked on an approved official trip. */
export const reservationKinds = ['hotel', 'dining', 'ticket'] as const;
export type ReservationKind = (typeof reservationKinds)[number];
export const reservationKindLabel: Record<ReservationKind, string> = { hotel: '酒店', dining: '用餐', ticket: '票务' };

export const reservationStatuses = [
  'pending_approval', 'awaiting_payment', 'awaiting_supplier', 'confirmed', 'refused', 'rejected', 'cancelled', 'expired', 'failed',
] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];
export const reservationStatusLabel: Record<ReservationStatus, string> = {
  pending_approval: '超标准审批中', awaiting_payment: '待支付差额', awaiting_supplier: '待商家确认', confirmed: '已确认',
  refused: '商家已拒绝', rejected: '审批未通过', cancelled: '已取消', expired: '已过期', failed: '出票失败（已退款）',
};
/** States that still hold inventory. */
export const holdingStatuses: readonly ReservationStatus[] = ['pending_approval', 'awaiting_payment', 'awaiting_supplier', 'confirmed'];

/** 差旅费管理办法's three ranks (部级 / 司局级 / 其他人员); Hebei's 厅级 maps to 司局级. */
export const travellerRanks = ['minister', 'bureau', 'other'] as const;
export type TravellerRank = (typeof travellerRanks)[number];
export const travellerRankLabel: Record<TravellerRank, string> = { minister: '省部级', bureau: '厅局级', other: '其他人员' };

export const ticketModes = ['train', 'air'] as const;
export type TicketMode = (typeof ticketModes)[number];
export const ticketModeLabel: Record<TicketMode, string> = { train: '火车', air: '飞机' };
export const seatClasses = ['business', 'first', 'second', 'soft_sleeper', 'hard_sleeper', 'hard_seat', 'air_first', 'air_business', 'economy'] as const;
export type SeatClass = (typeof seatClasses)[number];
export const seatClassLabel: Record<SeatClass, string> = {
  business: '商务座', first: '一等座', second: '二等座', soft_sleeper: '软卧', hard_sleeper: '硬卧', hard_seat: '硬座',
  air_first: '头等舱', air_business: '公务舱', economy: '经济舱',
};

export const overStandardRules = ['refuse', 'approval'] as const;
export type OverStandardRule = (typeof overStandardRules)[number];

export const diningSlots = ['lunch', 'dinner'] as const;
export type DiningSlot = (typeof diningSlots)[number];
export const diningSlotLabel: Record<DiningSlot, string> = { lunch: '午餐', dinner: '晚餐' };

export { ReservationErrorCode } from './reservations.errors';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-12-01');
const monthDay = z.string().regex(/^\d{2}-\d{2}$/, '旺季日期格式应为 07-01');

/** A booking hangs on an approved official trip (tripId) or an approved 出差 record (travelId): exactly one. */
const bookingTarget = {
  tripId: z.number().int().positive().optional(),
  travelId: z.number().int().positive().optional(),
};
const searchTarget = {
  tripId: z.coerce.number().int().positive().optional(),
  travelId: z.coerce.number().int().positive().optional(),
};

export const bookHotelSchema = z.strictObject({
  ...bookingTarget,
  roomTypeId: z.number().int().positive(),
  checkIn: day,
  nights: z.number().int().min(1, '至少 1 晚').max(30, '单次最多 30 晚'),
  rooms: z.number().int().min(1, '至少 1 间').max(20, '单次最多 20 间'),
  /** 超出标准的差额由本人微信支付（否则按规则拒绝或送审）。 */
  payDifference: z.boolean().default(false),
  reason: z.string().trim().max(200).default(''),
});
export type BookHotelInput = z.infer<typeof bookHotelSchema>;

export const bookDiningSchema = z.strictObject({
  ...bookingTarget,
  menuId: z.number().int().positive(),
  date: day,
  slot: z.enum(diningSlots),
  guests: z.number().int().min(1, '接待对象至少 1 人').max(100),
  hosts: z.number().int().min(0).max(50),
  reason: z.string().trim().max(200).default(''),
});
export type BookDiningInput = z.infer<typeof bookDiningSchema>;

/**
 * How a ticket is paid: the 公务卡 (official card), the agent's monthly statement to the unit (月结), or the
 * traveller's own money. Air tickets must be paid with the 公务卡 (AIR_FARE_RULES.official_card).
 */
export const ticketPaymentMethods = ['official_card', 'unit_statement', 'personal'] as const;
export type TicketPaymentMethod = (typeof ticketPaymentMethods)[number];
export const ticketPaymentMethodLabel: Record<TicketPaymentMethod, string> = { official_card: '公务卡', unit_statement: '单位月结', personal: '个人支付' };

/** An air fare bought at the government procurement fare (政府采购机票) or at a cheaper market fare. */
export const fareKinds = ['procurement', 'market'] as const;
export type FareKind = (typeof fareKinds)[number];
export const fareKindLabel: Record<FareKind, string> = { procurement: '政府采购机票价格', market: '市场价格（低于政府采购价）' };

/**
 * The price record (比价记录) kept for a market fare: where the fare was seen (the airline's site, an
 * agent), the flight, the price and when it was seen; the quote as copied. The screenshot the traveller
 * saw is optional and uploaded to the booking afterwards (POST /api/reservations/:id/price-record/screenshot).
 */
export const priceRecordSchema = z.strictObject({
  source: z.string().trim().min(2, '请填写比价来源（如航空公司官网）').max(60, '比价来源最多 60 字'),
  flightNo: z.string().trim().min(2, '请填写比价航班号').max(16, '航班号最多 16 字'),
  priceFen: z.number().int().min(1, '请填写比价价格').max(10_000_000, '价格过大'),
  /** When the fare was seen (UTC ISO, or Shanghai 2026-12-01 09:30). */
  seenAt: z.string().trim().min(10, '请填写比价时间').max(32, '比价时间格式有误'),
  /** The quote as copied, or where its screenshot is kept. */
  quote: z.string().trim().max(300, '比价说明最多 300 字').default(''),
});
export type PriceRecord = z.infer<typeof priceRecordSchema>;
/** The price record as shown: its text fields and, when one was uploaded, a signed link (an hour) to its screenshot. */
export const priceRecordViewSchema = priceRecordSchema.extend({ screenshotUrl: z.string().nullable() });
export type PriceRecordView = z.infer<typeof priceRecordViewSchema>;

export const bookTicketSchema = z.strictObject({
  ...bookingTarget,
  agentId: z.number().int().positive(),
  mode: z.enum(ticketModes),
  serviceNo: z.string().trim().min(1).max(16),
  date: day,
  from: z.string().trim().min(1).max(32),
  to: z.string().trim().min(1).max(32),
  seatClass: z.enum(seatClasses),
  reason: z.string().trim().max(200).default(''),
  /** Trains default to the agent's monthly statement; air tickets must name the 公务卡. */
  paymentMethod: z.enum(ticketPaymentMethods, '支付方式须为公务卡、单位月结或个人支付').optional(),
  fareKind: z.enum(fareKinds).default('procurement'),
  /** Required for a market fare: the record of the cheaper market fare. */
  priceRecord: priceRecordSchema.nullable().default(null),
});
export type BookTicketInput = z.infer<typeof bookTicketSchema>;

export const cancelSchema = z.strictObject({ reason: z.string().trim().max(200).default('') });
export const refuseSchema = z.strictObject({ reason: z.string().trim().min(2, '请填写拒绝原因').max(200) });

export const reservationSchema = z.object({
  id: z.number().int(),
  kind: z.enum(reservationKinds),
  kindLabel: z.string(),
  tripId: z.number().int().nullable(),
  /** The 出差 record it was booked under (null: booked on an official trip). */
  travelId: z.number().int().nullable(),
  travellerId: z.number().int(),
  travellerName: z.string(),
  supplierId: z.number().int(),
  supplierName: z.string(),
  status: z.enum(reservationStatuses),
  statusLabel: z.string(),
  title: z.string(),
  /** The standard it was checked against, as shown: 标准 ¥450/晚. */
  standardText: z.string(),
  amountFen: z.number().int(),
  officialFen: z.number().int(),
  personalFen: z.number().int(),
  overStandardRule: z.string().nullable(),
  note: z.string(),
  paymentOutTradeNo: z.string().nullable(),
  ticketNo: z.string().nullable(),
  startDate: z.string(),
  createdAt: z.string(),
  /** A ticket's fare and payment under the air-fare rules (null for hotel and dining). */
  fare: z.object({
    mode: z.enum(ticketModes),
    fareKind: z.enum(fareKinds), fareKindLabel: z.string(),
    paymentMethod: z.enum(ticketPaymentMethods), paymentMethodLabel: z.string(),
    /** The procurement fare of the flight and cabin when booked (null for trains). */
    procurementFen: z.number().int().nullable(),
    priceRecord: priceRecordViewSchema.nullable(),
  }).nullable(),
});
export type Reservation = z.infer<typeof reservationSchema>;

/** 支付超标准差额: the WeChat Pay parameters, and where the browser build pays when the server runs the fake WeChat Pay. */
export const reservationPaymentSchema = paymentWithParamsSchema.extend({ fakeWechatPayBaseUrl: z.string().nullable() });

export const reservationListQuerySchema = z.strictObject({
  /** mine: what I booked or travel on; supplier: what is addressed to my company. */
  box: z.enum(['mine', 'supplier']).default('mine'),
  status: z.enum(reservationStatuses).optional(),
});

export const hotelOfferSchema = z.object({
  roomTypeId: z.number().int(), hotelId: z.number().int(), hotelName: z.string(), name: z.string(),
  /** Per night over the stay, and the lowest rooms left on any night. */
  /** standardFen: that night's cap for the traveller's rank; peak: raised by the peak-season uplift. */
  nightlyFen: z.array(z.object({ night: z.string(), rateFen: z.number().int(), remaining: z.number().int(), standardFen: z.number().int(), peak: z.boolean() })),
  /** The peak-season uplift of the row (percent; 0 when none). */
  peakUpliftPct: z.number().int(),
  totalFen: z.number().int(), standardTotalFen: z.number().int(), remaining: z.number().int(), withinStandard: z.boolean(), standardText: z.string(),
  /** What happens above the standard, per the table row: refused, or sent for approval. */
  overStandard: z.enum(overStandardRules),
});
export type HotelOffer = z.infer<typeof hotelOfferSchema>;
export const hotelSearchSchema = z.strictObject({ ...searchTarget, checkIn: day, nights: z.coerce.number().int().min(1).max(30) });

export const diningOfferSchema = z.object({
  menuId: z.number().int(), restaurantId: z.number().int(), restaurantName: z.string(), name: z.string(), perPersonFen: z.number().int(),
  tablesLeft: z.number().int(), seatsPerTable: z.number().int(), standardFen: z.number().int(), withinStandard: z.boolean(), standardText: z.string(),
  /** 陪餐 allowed for 10 guests or fewer (above: a third of the guests). */
  maxHostsSmall: z.number().int(),
  overStandard: z.enum(overStandardRules),
});
export const diningSearchSchema = z.strictObject({ ...searchTarget, date: day, slot: z.enum(diningSlots) });

export const fareSchema = z.object({
  agentId: z.number().int(), agentName: z.string(), mode: z.enum(ticketModes), serviceNo: z.string(), from: z.string(), to: z.string(), date: z.string(),
  departAt: z.string(), seatClass: z.enum(seatClasses), seatClassLabel: z.string(), priceFen: z.number().int(), seats: z.number().int(), allowed: z.boolean(), standardText: z.string(),
  overStandard: z.enum(overStandardRules),
  /** Air: priceFen is the government procurement fare; this the supplier's market fare of the same cabin (null for trains). */
  marketPriceFen: z.number().int().nullable(),
});
export type Fare = z.infer<typeof fareSchema>;
export const fareSearchSchema = z.strictObject({ ...searchTarget, mode: z.enum(ticketModes), from: z.string().trim().min(1), to: z.string().trim().min(1), date: day });

/** Supplier side: a hotel's rooms per night, a restaurant's tables per slot. */
export const setRoomNightsSchema = z.strictObject({
  roomTypeId: z.number().int().positive(), from: day, to: day, rooms: z.number().int().min(0).max(999), rateFen: z.number().int().min(0).max(10_000_000),
});
export const setTablesSchema = z.strictObject({ date: day, slot: z.enum(diningSlots), tables: z.number().int().min(0).max(200) });
export const inventorySchema = z.object({
  kind: z.enum(reservationKinds),
  rows: z.array(z.object({ key: z.string(), label: z.string(), date: z.string(), total: z.number().int(), remaining: z.number().int(), rateFen: z.number().int().nullable() })),
  roomTypes: z.array(z.object({ id: z.number().int(), name: z.string() })),
});

/** Standards tables (platform admin): configurable, each row naming its source document and year. */
export const lodgingStandardSchema = z.strictObject({
  regionCode: z.string().regex(/^\d{2,6}$/), rank: z.enum(travellerRanks), capFen: z.number().int().min(0),
  peakFrom: monthDay.nullable().default(null), peakTo: monthDay.nullable().default(null), peakUpliftPct: z.number().int().min(0).max(200).default(0),
  overStandard: z.enum(overStandardRules).default('approval'), source: z.string().trim().min(2).max(200), year: z.number().int().min(2000).max(2100),
});
export type LodgingStandardInput = z.infer<typeof lodgingStandardSchema>;
export const receptionStandardSchema = z.strictObject({
  regionCode: z.string().regex(/^\d{2,6}$/), perPersonCapFen: z.number().int().min(0), maxHostsSmall: z.number().int().min(0).max(20),
  overStandard: z.enum(overStandardRules).default('approval'), source: z.string().trim().min(2).max(200), year: z.number().int().min(2000).max(2100),
});
export type ReceptionStandardInput = z.infer<typeof receptionStandardSchema>;
export const standardsSchema = z.object({
  lodging: z.array(lodgingStandardSchema.extend({ id: z.number().int() })),
  reception: z.array(receptionStandardSchema.extend({ id: z.number().int() })),
  tickets: z.array(z.object({ rank: z.enum(travellerRanks), mode: z.enum(ticketModes), classes: z.array(z.enum(seatClasses)), overStandard: z.enum(overStandardRules), source: z.string(), year: z.number().int() })),
});

/**
 * The government air-fare rules a ticket purchase keeps (#21 item 5), each with its source. Data, shown to
 * the traveller and named in a refusal. Uncertain wording is marked 待核: the notice's text was not at hand.
 */
export const AIR_FARE_RULES = {
  official_card: {
    title: '机票须使用公务卡支付',
    source: '财库〔2014〕33号《关于加强公务机票购买管理有关事项的通知》：公务机票通过政府采购机票管理平台购买，使用公务卡结算（通知要点，原文待核）；财行〔2013〕531号《中央和国家机关差旅费管理办法》：城市间交通费按乘坐交通工具等级凭据报销',
  },
  procurement_fare: {
    title: '按政府采购机票价格购买',
    source: '财库〔2014〕33号《关于加强公务机票购买管理有关事项的通知》：出差人员乘坐国内航班，原则上按照政府采购机票价格购买机票（通知要点，原文待核）',
  },
  market_fare_record: {
    title: '低于政府采购价的市场票价须保留比价记录',
    source: '财库〔2014〕33号《关于加强公务机票购买管理有关事项的通知》：市场票价低于政府采购机票价格的，可购买市场票价机票，须保留价格截图等比价记录备查（条款原文待核）',
  },
  cabin_class: {
    title: '经济舱为原则，高等级舱位按职级',
    source: '财行〔2013〕531号《中央和国家机关差旅费管理办法》第八条：部级可乘头等舱，司局级及以下乘经济舱；超出的按超标准审批',
  },
} as const;
export type AirFareRuleId = keyof typeof AIR_FARE_RULES;
