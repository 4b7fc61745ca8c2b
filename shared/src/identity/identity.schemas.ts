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
  // Read-only oversight of a region (#21 item 4): discipline inspection, the finance bureau, the audit bureau.
  'discipline_inspector', 'finance_bureau', 'audit_bureau',
] as const;
export type Role = (typeof roles)[number];
/** Read-only oversight of a region (纪检 / 财政 / 审计): they see, and change nothing (server access/oversight.policy). */
export const oversightRoles = ['discipline_inspector', 'finance_bureau', 'audit_bureau'] as const satisfies readonly Role[];
export const isReadOnlyRoles = (rs: readonly Role[]): boolean => rs.length > 0 && rs.every((r) => (oversightRoles as readonly Role[]).includes(r));
export const roleLabel: Record<Role, string> = {
  applicant: '用车人', approver: '审批人', dispatcher: '调度员', driver: '驾驶员', fleet_admin: '单位车管',
  rental_operator: '租赁企业', supplier_operator: '服务商', finance: '财务', supervisor: '主管部门',
  platform_admin: '平台管理员', discipline_inspector: '纪检监察', finance_bureau: '财政部门', audit_bureau: '审计部门',
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

/**
 * Roles that hold a second factor (#19 item 5; 等保 2.0 level 3 asks two factors of administrators): once
 * enrolled, their sign-in asks for the TOTP code, and their sessions end after a configurable idle time.
 */
export const privilegedRoles = ['platform_admin', 'supervisor'] as const satisfies readonly Role[];
export const isPrivileged = (rs: readonly Role[]): boolean => rs.some((r) => (privilegedRoles as readonly Role[]).includes(r));

/** A sign-in of an enrolled administrator or supervisor: no session yet, the code is asked for first. */
export const totpChallengeSchema = z.object({
  totpRequired: z.literal(true),
  challenge: z.string(),
  expiresAt: z.string(),
  name: z.string(),
});
export type TotpChallenge = z.infer<typeof totpChallengeSchema>;
/**
 * Enrolment: the secret as an otpauth URI, as its QR code (an SVG data URL the page shows, drawn by the
 * server so the mini-program and H5 need no QR library) and as text (to type into the authenticator).
 */
export const totpEnrolmentSchema = z.object({ secret: z.string(), otpauthUri: z.string(), qrCode: z.string() });
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;
/**
 * A sign-in of an administrator or supervisor who must hold a second factor (SECURITY_TOTP_REQUIRED_ROLES)
 * and has none yet: no session, but an enrolment — the challenge is good only for confirming it
 * (POST /api/auth/totp/enrol-verify), which then opens the session.
 */
export const totpEnrolmentRequiredSchema = z.object({
  totpEnrolmentRequired: z.literal(true),
  challenge: z.string(),
  expiresAt: z.string(),
  name: z.string(),
  enrolment: totpEnrolmentSchema,
});
export type TotpEnrolmentRequired = z.infer<typeof totpEnrolmentRequiredSchema>;
/** What a sign-in answers: a session, the code prompt (enrolled administrator or supervisor), or the enrolment they must do first. */
export const signInResultSchema = z.union([sessionSchema, totpChallengeSchema, totpEnrolmentRequiredSchema]);
export type SignInResult = z.infer<typeof signInResultSchema>;

const totpCode = z.string().trim().regex(/^\d{6}$/, '动态口令为 6 位数字');
export const totpVerifySchema = z.strictObject({ challenge: z.string().min(16).max(128), code: totpCode });
export type TotpVerifyInput = z.infer<typeof totpVerifySchema>;
export const totpConfirmSchema = z.strictObject({ code: totpCode });
export const totpStatusSchema = z.object({
  /** The caller's roles hold a second factor. */
  eligible: z.boolean(),
  enrolled: z.boolean(),
  /** Sessions of these roles end after this many idle minutes (0: no idle expiry). */
  idleMinutes: z.number().int(),
});
export type TotpStatus = z.infer<typeof totpStatusSchema>;


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

/** 平台管理 (#17 item 8): the platform admin creates units and users and sets users' roles. */
export const createUnitSchema = z.strictObject({
  name: z.string().trim().min(2).max(64),
  kind: z.enum(unitKinds),
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/, '区划代码为 6 位或 9 位数字'),
  parentId: z.number().int().positive().nullable().default(null),
  address: z.string().trim().max(128).nullable().default(null),
  /** The unit's map point, GCJ-02 (the map's), as trips' places are. */
  lat: z.number().min(3).max(54).nullable().default(null),
  lng: z.number().min(73).max(136).nullable().default(null),
  phone: z.string().regex(/^\d{7,20}$/, '电话为 7–20 位数字').nullable().default(null),
}).refine((v) => (v.lat == null) === (v.lng == null), { path: ['lng'], message: '经纬度须同时填写' });
export type CreateUnitInput = z.infer<typeof createUnitSchema>;

export const createUserSchema = z.strictObject({
  name: z.string().trim().min(2).max(32),
  phone: z.string().regex(/^1\d{10}$/, '手机号为 11 位数字'),
  unitId: z.number().int().positive(),
  roles: z.array(z.enum(roles)).min(1, '至少选择一个角色').max(roles.length),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;
export const setUserRolesSchema = z.strictObject({ roles: z.array(z.enum(roles)).min(1, '至少选择一个角色').max(roles.length) });
export type SetUserRolesInput = z.infer<typeof setUserRolesSchema>;
