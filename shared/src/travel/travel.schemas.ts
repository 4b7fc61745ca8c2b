import { z } from 'zod';

/**
 * One business-trip record (出差, #21 item 5): the application with its legs and travellers, approved in
 * the approval center (kind travel), authorises the official car or NEV for its legs, the hotel, the
 * reception (with its 公函 and diners) and the tickets; bookings made under it, e-invoices and 公务卡
 * payments meet in one record, each cost beside its travel standard; finance exports it for reimbursement.
 */
export { TravelErrorCode } from './travel.errors';

export const travelStatuses = ['pending', 'approved', 'rejected', 'returned'] as const;
export type TravelStatus = (typeof travelStatuses)[number];
export const travelStatusLabel: Record<TravelStatus, string> = { pending: '审批中', approved: '已批准', rejected: '未批准', returned: '已退回' };

/** How a leg is travelled: the official car, a time-share NEV, a train or flight ticket, or otherwise. */
export const legTransports = ['official_car', 'nev', 'train', 'air', 'other'] as const;
export type LegTransport = (typeof legTransports)[number];
export const legTransportLabel: Record<LegTransport, string> = { official_car: '公务用车', nev: '新能源分时租赁', train: '火车', air: '飞机', other: '其他' };

/** What a 出差 approval authorises (derived from its legs, hotel and reception). */
export const travelServices = ['official_car', 'nev', 'hotel', 'dining', 'ticket'] as const;
export type TravelService = (typeof travelServices)[number];
export const travelServiceLabel: Record<TravelService, string> = { official_car: '公务用车', nev: '新能源分时租赁', hotel: '酒店住宿', dining: '公务接待用餐', ticket: '车票机票' };

export const invoiceCategories = ['hotel', 'dining', 'ticket', 'transport', 'other'] as const;
export type InvoiceCategory = (typeof invoiceCategories)[number];
export const invoiceCategoryLabel: Record<InvoiceCategory, string> = { hotel: '住宿费', dining: '公务接待费', ticket: '城市间交通费', transport: '市内交通费', other: '其他费用' };

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-12-01');

export const travelLegSchema = z.strictObject({
  departOn: day,
  arriveOn: day,
  fromPlace: z.string().trim().min(1, '请填写出发地').max(40, '出发地最多 40 字'),
  toPlace: z.string().trim().min(1, '请填写目的地').max(40, '目的地最多 40 字'),
  /** 目的地行政区划代码（差旅住宿费标准按此地区核定）。 */
  toRegionCode: z.string().regex(/^\d{2,9}$/, '目的地区划代码应为 2 至 9 位数字'),
  transport: z.enum(legTransports),
});
export type TravelLegInput = z.infer<typeof travelLegSchema>;

export const receptionSchema = z.strictObject({
  /** 公函：来函单位与文号（公务接待须凭派出单位公函）。 */
  letterFrom: z.string().trim().min(2, '请填写来函单位').max(60, '来函单位最多 60 字'),
  letterNo: z.string().trim().min(2, '请填写公函文号').max(40, '公函文号最多 40 字'),
  guests: z.number().int().min(1, '接待对象至少 1 人').max(100, '接待对象最多 100 人'),
  hosts: z.number().int().min(0, '陪餐人数不能为负').max(50, '陪餐最多 50 人'),
});

export const applyTravelSchema = z.strictObject({
  purpose: z.string().trim().min(2, '请填写出差事由').max(200, '出差事由最多 200 字'),
  /** 同行人员（申请人之外）。 */
  companionIds: z.array(z.number().int().positive()).max(20, '同行人员最多 20 人').default([]),
  legs: z.array(travelLegSchema).min(1, '至少填写一段行程').max(10, '最多 10 段行程'),
  /** 需要住宿（协议酒店）。 */
  hotel: z.boolean().default(true),
  /** 公务接待（凭公函）；不需要时为 null。 */
  reception: receptionSchema.nullable().default(null),
}).superRefine((v, ctx) => {
  v.legs.forEach((l, i) => {
    if (l.arriveOn < l.departOn) ctx.addIssue({ code: 'custom', path: ['legs', i, 'arriveOn'], message: '到达日期不能早于出发日期' });
    if (i > 0 && l.departOn < v.legs[i - 1]!.arriveOn) ctx.addIssue({ code: 'custom', path: ['legs', i, 'departOn'], message: '各段行程应按日期先后填写' });
  });
});
export type ApplyTravelInput = z.infer<typeof applyTravelSchema>;

const fen = z.number().int().min(0, '金额不能为负').max(100_000_000, '金额过大');

/**
 * An e-invoice's data, entered: 发票代码 + 发票号码 (增值税电子普通发票), or the 20-digit 全电发票号码
 * (数电票, no code); or parsed from the e-invoice's XML (`xml`). Either the fields or the XML.
 */
export const invoiceFieldsSchema = z.strictObject({
  invoiceCode: z.string().regex(/^\d{10,12}$/, '发票代码应为 10 至 12 位数字').nullable().default(null),
  invoiceNumber: z.string().regex(/^(\d{8}|\d{20})$/, '发票号码应为 8 位数字，全电发票号码为 20 位数字'),
  issuedOn: day,
  sellerName: z.string().trim().min(2, '请填写销售方名称').max(100, '销售方名称最多 100 字'),
  sellerTaxId: z.string().regex(/^[0-9A-Z]{15,20}$/, '销售方纳税人识别号应为 15 至 20 位数字或大写字母').nullable().default(null),
  buyerTaxId: z.string().regex(/^[0-9A-Z]{15,20}$/, '购买方纳税人识别号应为 15 至 20 位数字或大写字母'),
  /** 金额（不含税）与税额，单位分。 */
  amountFen: fen,
  taxFen: fen,
}).superRefine((v, ctx) => {
  if (v.invoiceNumber.length === 8 && !v.invoiceCode) ctx.addIssue({ code: 'custom', path: ['invoiceCode'], message: '8 位发票号码须同时填写发票代码（全电发票为 20 位号码，无代码）' });
  if (v.invoiceNumber.length === 20 && v.invoiceCode) ctx.addIssue({ code: 'custom', path: ['invoiceCode'], message: '全电发票（20 位号码）没有发票代码' });
});
export type InvoiceFields = z.infer<typeof invoiceFieldsSchema>;

export const attachInvoiceSchema = z.strictObject({
  category: z.enum(invoiceCategories),
  /** 该发票对应的预订（酒店、用餐、票务），可不填。 */
  reservationId: z.number().int().positive().nullable().default(null),
  /** 住宿费发票的住宿晚数（核定住宿标准用）。 */
  nights: z.number().int().min(1, '至少 1 晚').max(60, '最多 60 晚').default(1),
  invoice: invoiceFieldsSchema.nullable().default(null),
  /** 电子发票的 XML 文件内容（数电票或增值税电子普通发票）。 */
  xml: z.string().max(200_000, '发票文件过大').nullable().default(null),
}).superRefine((v, ctx) => {
  if (!v.invoice && !v.xml) ctx.addIssue({ code: 'custom', path: ['invoice'], message: '请填写发票信息或上传电子发票 XML' });
});
export type AttachInvoiceInput = z.infer<typeof attachInvoiceSchema>;

export const cardPaymentSchema = z.strictObject({
  cardLast4: z.string().regex(/^\d{4}$/, '卡号末四位应为 4 位数字'),
  /** 交易时间（北京时间）：2026-12-01 12:30 或 ISO 时间。 */
  paidAt: z.string().trim().min(10, '请填写交易时间').max(32, '交易时间格式有误'),
  merchant: z.string().trim().min(2, '请填写商户名称').max(100, '商户名称最多 100 字'),
  amountFen: fen.refine((n) => n > 0, '交易金额应大于 0'),
  /** 银行交易参考号（同一卡同一参考号只能登记一次）。 */
  bankRef: z.string().trim().min(4, '请填写交易参考号').max(40, '交易参考号最多 40 字'),
});
export type CardPaymentInput = z.infer<typeof cardPaymentSchema>;
/** The bank's 公务卡 statement file (CSV), its lines within the trip's dates attached. */
export const cardStatementSchema = z.strictObject({ csv: z.string().min(10, '对账单内容为空').max(500_000, '对账单文件过大') });

export const travelLegViewSchema = z.object({ ...travelLegSchema.shape, seq: z.number().int(), transportLabel: z.string() });
export const travelSummarySchema = z.object({
  id: z.number().int(), purpose: z.string(), status: z.enum(travelStatuses), statusLabel: z.string(),
  applicantId: z.number().int(), applicantName: z.string(), unitId: z.number().int(), unitName: z.string(),
  startDate: z.string(), endDate: z.string(), days: z.number().int(),
  legs: z.array(travelLegViewSchema),
  travellers: z.array(z.object({ userId: z.number().int(), name: z.string() })),
  services: z.array(z.enum(travelServices)), serviceLabels: z.array(z.string()),
  reception: receptionSchema.nullable(),
  createdAt: z.string(),
});
export type TravelSummary = z.infer<typeof travelSummarySchema>;

export const travelInvoiceSchema = z.object({
  id: z.number().int(), category: z.enum(invoiceCategories), categoryLabel: z.string(), reservationId: z.number().int().nullable(),
  invoiceCode: z.string().nullable(), invoiceNumber: z.string(), electronic: z.boolean(), issuedOn: z.string(), sellerName: z.string(), sellerTaxId: z.string().nullable(),
  buyerTaxId: z.string(), amountFen: z.number().int(), taxFen: z.number().int(), totalFen: z.number().int(), nights: z.number().int(), source: z.enum(['entered', 'xml']),
  submittedByName: z.string(), createdAt: z.string(),
});
export type TravelInvoice = z.infer<typeof travelInvoiceSchema>;

export const travelCardPaymentSchema = z.object({
  id: z.number().int(), cardLast4: z.string(), paidAt: z.string(), merchant: z.string(), amountFen: z.number().int(), bankRef: z.string(),
  source: z.enum(['entered', 'statement']), matchedCostKey: z.string().nullable(), matchedCostTitle: z.string().nullable(),
});
export type TravelCardPayment = z.infer<typeof travelCardPaymentSchema>;

/**
 * An official trip (公务用车, an official_car leg) or a time-share NEV rental (新能源分时租赁, an nev leg)
 * linked to the record: it must fall on a leg the approval authorised for that kind, and its driver or
 * applicant be a traveller of the record (else 409); each is linked to one record only.
 */
export const vehicleLinkKinds = ['trip', 'rental'] as const;
export type VehicleLinkKind = (typeof vehicleLinkKinds)[number];
export const vehicleLinkKindLabel: Record<VehicleLinkKind, string> = { trip: '公务用车', rental: '新能源分时租赁' };
export const linkVehicleSchema = z.strictObject({
  kind: z.enum(vehicleLinkKinds, '请选择公务用车或新能源分时租赁'),
  /** The trip's or the rental's number. */
  subjectId: z.number().int().positive('请填写行程或租车订单号'),
});
export type LinkVehicleInput = z.infer<typeof linkVehicleSchema>;
export const linkStates = ['open', 'ended', 'cancelled'] as const;
export const linkStateLabel: Record<(typeof linkStates)[number], string> = { open: '进行中', ended: '已结束', cancelled: '已取消' };
export const travelLinkSchema = z.object({
  id: z.number().int(), legSeq: z.number().int(), kind: z.enum(vehicleLinkKinds), kindLabel: z.string(), subjectId: z.number().int(), title: z.string(),
  startDate: z.string(), endDate: z.string().nullable(), state: z.enum(linkStates), stateLabel: z.string(),
  /** Known once the trip is fulfilled or the rental ended (from their events); null before. */
  costFen: z.number().int().nullable(),
  standardText: z.string(), withinStandard: z.boolean(),
});
export type TravelLink = z.infer<typeof travelLinkSchema>;

export const costKinds = ['booking', 'invoice', 'allowance', 'vehicle'] as const;
/** One cost of the record, with the standard it is checked against. */
export const travelCostSchema = z.object({
  /** booking:<reservationId>, invoice:<id>, allowance:meals|local, vehicle:<linkId> */
  key: z.string(), kind: z.enum(costKinds), category: z.string(), categoryLabel: z.string(), title: z.string(), date: z.string(),
  amountFen: z.number().int(), personalFen: z.number().int(),
  standardText: z.string(), standardFen: z.number().int().nullable(), withinStandard: z.boolean(),
  /** Over the standard: the rule it broke and its approval (超标准审批). */
  overStandardRule: z.string().nullable(),
  approval: z.object({ id: z.number().int(), status: z.string(), statusLabel: z.string() }).nullable(),
  statusLabel: z.string(),
  invoiceNumbers: z.array(z.string()),
  cardPaymentIds: z.array(z.number().int()),
  /** How it is paid: the supplier's monthly statement to the unit, the 公务卡, or reimbursed (allowances). */
  paidBy: z.enum(['statement', 'official_card', 'reimbursement', 'unpaid']), paidByLabel: z.string(),
});
export type TravelCost = z.infer<typeof travelCostSchema>;

/** A ticket booked under the record, with its fare kind and, for a market fare, the price record kept. */
export const travelTicketSchema = z.object({
  reservationId: z.number().int(), title: z.string(), statusLabel: z.string(), date: z.string(), modeLabel: z.string(),
  priceFen: z.number().int(), procurementFen: z.number().int().nullable(),
  fareKind: z.enum(['procurement', 'market']), fareKindLabel: z.string(), paymentMethodLabel: z.string(),
  priceRecord: z.object({ source: z.string(), flightNo: z.string(), priceFen: z.number().int(), seenAt: z.string(), quote: z.string(), screenshotUrl: z.string().nullable() }).nullable(),
  standardText: z.string(), overStandardRule: z.string().nullable(),
});
export type TravelTicket = z.infer<typeof travelTicketSchema>;

export const travelRecordSchema = travelSummarySchema.extend({
  rankLabel: z.string(),
  /** Official trips and NEV rentals linked to the legs. */
  links: z.array(travelLinkSchema),
  tickets: z.array(travelTicketSchema),
  costs: z.array(travelCostSchema),
  invoices: z.array(travelInvoiceSchema),
  cardPayments: z.array(travelCardPaymentSchema),
  totals: z.object({
    costFen: z.number().int(), overStandardFen: z.number().int(), overStandardCount: z.number().int(), personalFen: z.number().int(),
    invoiceTotalFen: z.number().int(), invoiceTaxFen: z.number().int(), cardPaidFen: z.number().int(), cardUnmatchedCount: z.number().int(),
    /** Settled with the suppliers on the unit's statement (not reimbursed to anyone). */
    statementFen: z.number().int(),
    /** To repay: 公务卡 costs (to the card) and allowances (to the traveller). */
    reimburseFen: z.number().int(),
  }),
});
export type TravelRecord = z.infer<typeof travelRecordSchema>;

export const travelListQuerySchema = z.strictObject({
  /** mine: I applied or travel on it; finance: approved records of my finance scope. */
  box: z.enum(['mine', 'finance']).default('mine'),
});

/** The per-day allowances of 差旅费管理办法 (per traveller and calendar day of the trip). */
export const ALLOWANCES = {
  meals: { label: '伙食补助费', perDayFen: 10_000, source: '财行〔2013〕531号' },
  local: { label: '市内交通费', perDayFen: 8_000, source: '财行〔2013〕531号' },
} as const;
