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

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为“年-月-日”，如 2026-11-05');
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
});
export const insuranceRecordSchema = z.strictObject({
  ...base,
  kind: z.literal('insurance'),
  policyNo: z.string().trim().min(4).max(40),
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
