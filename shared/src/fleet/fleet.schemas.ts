import { z } from 'zod';

/**
 * DOMAIN.md §3 (党政机关公务用车管理办法 2017), and 业务用车: a state-owned enterprise's vehicles for its
 * production and business (冀车改〔2018〕2号), outside the 公务用车 categories. Which unit kind may hold
 * which category: unit-kind-rules.ts.
 */
export const vehicleCategories = ['confidential', 'emergency', 'law_enforcement', 'special_technical', 'general', 'other', 'business'] as const;
export type VehicleCategory = (typeof vehicleCategories)[number];
export const vehicleCategoryLabel: Record<VehicleCategory, string> = {
  confidential: '机要通信用车', emergency: '应急保障用车', law_enforcement: '执法执勤用车',
  special_technical: '特种专业技术用车', general: '一般公务用车', other: '其他保留车辆', business: '业务用车',
};
export const energyTypes = ['fuel', 'electric', 'plugin_hybrid'] as const;
export type EnergyType = (typeof energyTypes)[number];
export const energyTypeLabel: Record<EnergyType, string> = { fuel: '燃油', electric: '纯电', plugin_hybrid: '插电混动' };
export const vehicleSources = ['own', 'pool', 'rental', 'timeshare'] as const;
export type VehicleSource = (typeof vehicleSources)[number];
export const vehicleSourceLabel: Record<VehicleSource, string> = { own: '自有车', pool: '平台车', rental: '社会化租赁', timeshare: '分时租赁' };
/** How the unit came to hold the vehicle (车辆来源 in the registry): bought, transferred in (调拨), rented long-term, confiscated and retained (罚没留用). */
export const acquisitions = ['purchased', 'transferred', 'rented', 'confiscated'] as const;
export type Acquisition = (typeof acquisitions)[number];
export const acquisitionLabel: Record<Acquisition, string> = { purchased: '购置', transferred: '调拨', rented: '租用', confiscated: '罚没留用' };
export const vehicleStatuses = ['in_use', 'repair', 'suspended', 'pending_disposal', 'disposed'] as const;
export type VehicleStatus = (typeof vehicleStatuses)[number];
export const vehicleStatusLabel: Record<VehicleStatus, string> = {
  in_use: '在用', repair: '维修', suspended: '停用', pending_disposal: '待处置', disposed: '已处置',
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为“年-月-日”，如 2026-11-05');
/** Plates such as 冀A12345 or 冀AD12345 (new energy). */
export const plateSchema = z.string().regex(/^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/, '车牌号格式应如 冀A12345');

export const vehicleSchema = z.object({
  id: z.number().int(),
  plate: z.string(),
  vin: z.string(),
  brandModel: z.string(),
  energyType: z.enum(energyTypes),
  displacementMl: z.number().int().nullable(),
  priceFen: z.number().int(),
  seats: z.number().int(),
  category: z.enum(vehicleCategories),
  source: z.enum(vehicleSources),
  acquisition: z.enum(acquisitions),
  ownerUnitId: z.number().int(),
  regionCode: z.string(),
  registeredOn: z.string(),
  odometerKm: z.number(),
  terminalPhone: z.string().nullable(),
  deviceModel: z.string().nullable(),
  insuranceDue: z.string(),
  inspectionDue: z.string(),
  maintenanceDue: z.string().nullable(),
  status: z.enum(vehicleStatuses),
  /** Approved Appendix B exemption (暂不纳入平台): the day it was approved; null when the vehicle is on the platform. */
  exemptedOn: z.string().nullable(),
});
export type Vehicle = z.infer<typeof vehicleSchema>;

export const registerVehicleSchema = z.strictObject({
  plate: plateSchema,
  vin: z.string().regex(/^[A-HJ-NPR-Z0-9]{17}$/, '车架号应为 17 位字母或数字（不含 I、O、Q）'),
  brandModel: z.string().min(1).max(64),
  energyType: z.enum(energyTypes),
  displacementMl: z.number().int().min(0).max(8000).nullable().default(null),
  priceFen: z.number().int().min(0),
  seats: z.number().int().min(1).max(60),
  category: z.enum(vehicleCategories),
  source: z.enum(vehicleSources).default('own'),
  acquisition: z.enum(acquisitions).default('purchased'),
  /** The approved renewal (配备更新) this vehicle replaces a car under: it takes the place the renewal freed. */
  renewalId: z.number().int().positive().optional(),
  ownerUnitId: z.number().int().positive(),
  registeredOn: isoDate,
  terminalPhone: z.string().regex(/^\d{11,20}$/, '终端手机号为 11–20 位数字').nullable().default(null),
  deviceModel: z.string().max(32).nullable().default(null),
  insuranceDue: isoDate,
  inspectionDue: isoDate,
  maintenanceDue: isoDate.nullable().default(null),
});
export type RegisterVehicleInput = z.infer<typeof registerVehicleSchema>;

export const vehicleListQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  category: z.enum(vehicleCategories).optional(),
  status: z.enum(vehicleStatuses).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  acquisition: z.enum(acquisitions).optional(),
  /** Only the fleets of one unit kind (党政机关/人民团体, 事业单位, 国有企业): the supervisor's separate views. */
  fleetKind: z.enum(['organ', 'institution', 'enterprise']).optional(),
});
export type VehicleListQuery = z.infer<typeof vehicleListQuerySchema>;

export const driverSchema = z.object({
  id: z.number().int(),
  userId: z.number().int().nullable(),
  name: z.string(),
  phoneMasked: z.string(),
  unitId: z.number().int(),
  regionCode: z.string(),
  licenceClass: z.string(),
  licenceExpires: z.string(),
  status: z.enum(['active', 'suspended']),
});
export type Driver = z.infer<typeof driverSchema>;

/** 准驾车型 (GB/T 19000 licence classes a 公务 driver may hold). */
export const licenceClasses = ['A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'C2'] as const;
/** A driver entered by their unit's fleet admin (or a rental company, or the platform admin). */
export const createDriverSchema = z.strictObject({
  name: z.string().trim().min(2).max(32),
  phone: z.string().regex(/^1\d{10}$/, '手机号为 11 位数字'),
  unitId: z.number().int().positive(),
  licenceClass: z.enum(licenceClasses),
  licenceExpires: isoDate,
});
export type CreateDriverInput = z.infer<typeof createDriverSchema>;
/** A driver's licence renewed, or the driver suspended (停用: not dispatched) or taken back. */
export const updateDriverSchema = z.strictObject({
  licenceClass: z.enum(licenceClasses),
  licenceExpires: isoDate,
  status: z.enum(['active', 'suspended']),
});
export type UpdateDriverInput = z.infer<typeof updateDriverSchema>;
