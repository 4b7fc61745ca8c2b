import { z } from 'zod';

/** DOMAIN.md §2: the four region levels with GB/T 2260 codes (9 digits for townships). */
export const regionLevels = ['province', 'city', 'county', 'township'] as const;
export type RegionLevel = (typeof regionLevels)[number];
export const regionLevelLabel: Record<RegionLevel, string> = {
  province: '省', city: '市', county: '县/区', township: '乡/镇/街道',
};

/** Unit kinds of DOMAIN.md §2, plus the outside organisations that fulfil orders. */
export const unitKinds = [
  'party_government', 'people_org', 'public_institution', 'state_enterprise',
  'rental_company', 'hotel', 'restaurant', 'ticket_agent', 'repair_shop', 'fuel_station', 'insurer',
  'supervision_office',
] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindLabel: Record<UnitKind, string> = {
  party_government: '党政机关', people_org: '人民团体', public_institution: '事业单位',
  state_enterprise: '国有企业', rental_company: '租赁企业', hotel: '酒店', restaurant: '餐饮',
  ticket_agent: '票务代理', repair_shop: '定点维修', fuel_station: '定点加油', insurer: '定点保险',
  supervision_office: '主管部门',
};
/** Organisations whose vehicles are official vehicles (the others are suppliers). */
export const officialUnitKinds: readonly UnitKind[] = ['party_government', 'people_org', 'public_institution', 'state_enterprise'];

/** Designated enterprises that fulfil orders (DOMAIN.md §3 三定, rental, §5 services). */
export const companyKinds = ['rental_company', 'hotel', 'restaurant', 'ticket_agent', 'repair_shop', 'fuel_station', 'insurer'] as const satisfies readonly UnitKind[];
export type CompanyKind = (typeof companyKinds)[number];

export const roles = [
  'applicant', 'approver', 'dispatcher', 'driver', 'fleet_admin',
  'rental_operator', 'supplier_operator', 'finance', 'supervisor', 'platform_admin',
] as const;
export type Role = (typeof roles)[number];
export const roleLabel: Record<Role, string> = {
  applicant: '用车人', approver: '审批人', dispatcher: '调度员', driver: '驾驶员', fleet_admin: '单位车管',
  rental_operator: '租赁企业', supplier_operator: '服务商', finance: '财务', supervisor: '主管部门',
  platform_admin: '平台管理员',
};

export const regionSchema = z.object({
  code: z.string().regex(/^\d{6}(\d{3})?$/),
  name: z.string(),
  level: z.enum(regionLevels),
  parentCode: z.string().nullable(),
});
export type Region = z.infer<typeof regionSchema>;

export const unitSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(unitKinds),
  regionCode: z.string(),
});
export type UnitSummary = z.infer<typeof unitSummarySchema>;

export const unitSchema = unitSummarySchema.extend({
  parentId: z.number().int().nullable(),
  regionName: z.string(),
});
export type Unit = z.infer<typeof unitSchema>;

export const currentUserSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  phoneMasked: z.string(),
  roles: z.array(z.enum(roles)),
  unit: unitSummarySchema,
  region: regionSchema,
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const userSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  phoneMasked: z.string(),
  roles: z.array(z.enum(roles)),
  unitId: z.number().int(),
  unitName: z.string(),
  regionCode: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const wxLoginSchema = z.strictObject({ code: z.string().min(1).max(128) });
export type WxLoginInput = z.infer<typeof wxLoginSchema>;

export const demoLoginSchema = z.strictObject({ userId: z.number().int().positive() });
export type DemoLoginInput = z.infer<typeof demoLoginSchema>;

export const sessionSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: currentUserSchema,
});
export type Session = z.infer<typeof sessionSchema>;

export const demoUserSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  roles: z.array(z.enum(roles)),
  unitName: z.string(),
  regionName: z.string(),
});
export type DemoUser = z.infer<typeof demoUserSchema>;
export const demoUsersSchema = z.object({ items: z.array(demoUserSchema) });

export const idParamSchema = z.strictObject({ id: z.coerce.number().int().positive() });

export const companyListQuerySchema = z.strictObject({ kind: z.enum(companyKinds).optional() });
