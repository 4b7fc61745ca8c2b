import type { UnitKind } from '../identity/identity.schemas';
import type { VehicleCategory } from './fleet.schemas';

/**
 * Where the fleets of 事业单位 and 国有企业 differ from those of 党政机关 (DOMAIN.md §2: "separate management
 * views for 事业单位 and 国有企业 fleets"; the specification cites 冀车改〔2018〕1号 for 省直事业单位 and
 * 冀车改〔2018〕2号 for 省属国有企业 beside the 党政机关 rules). Our reading, each difference configurable data:
 *
 * - 党政机关 and 人民团体 (《党政机关公务用车管理办法》2017): the six 公务用车 categories, all under 编制.
 * - 事业单位 (冀车改〔2018〕1号): the same 公务用车 rules, but no 执法执勤用车 — that category is for organs
 *   with enforcement duties (《党政机关执法执勤用车配备使用管理办法》); all under 编制, checked against the
 *   事业单位 rows of the standards table.
 * - 国有企业 (冀车改〔2018〕2号): after the reform an SOE keeps 公务用车 only for 机要通信, 应急保障 and
 *   special technical work (一般公务用车 abolished, 交通补贴 instead), and holds 业务用车 for production and
 *   business — bought to its business need under its own (国资) rules, NOT under the 编制 set by the 车改
 *   office, and not counted in 编制 use; its standards are the 国有企业 rows of the table.
 *
 * Units that are not fleet-holding units (rental companies, suppliers, supervision offices) have no regime.
 */
export const fleetKinds = ['organ', 'institution', 'enterprise'] as const;
export type FleetKind = (typeof fleetKinds)[number];
export const fleetKindLabel: Record<FleetKind, string> = { organ: '党政机关、人民团体', institution: '事业单位', enterprise: '国有企业' };
/** The document each kind's vehicles are managed under (shown beside the view). */
export const fleetKindSource: Record<FleetKind, string> = {
  organ: '《党政机关公务用车管理办法》（2017）',
  institution: '冀车改〔2018〕1号《河北省省直事业单位公务用车制度改革实施意见》',
  enterprise: '冀车改〔2018〕2号《河北省省属国有企业公务用车制度改革实施意见》',
};

export function fleetKindOf(kind: UnitKind): FleetKind | null {
  if (kind === 'party_government' || kind === 'people_org') return 'organ';
  if (kind === 'public_institution') return 'institution';
  if (kind === 'state_enterprise') return 'enterprise';
  return null;
}

/** The unit kinds of a fleet kind (for filters that work on unit kinds). */
export const unitKindsOf: Record<FleetKind, readonly UnitKind[]> = {
  organ: ['party_government', 'people_org'], institution: ['public_institution'], enterprise: ['state_enterprise'],
};

/** The categories a unit of each kind may register, apply for and hold 编制 of. */
export const fleetKindCategories: Record<FleetKind, readonly VehicleCategory[]> = {
  organ: ['confidential', 'emergency', 'law_enforcement', 'special_technical', 'general', 'other'],
  institution: ['confidential', 'emergency', 'special_technical', 'general', 'other'],
  enterprise: ['confidential', 'emergency', 'special_technical', 'other', 'business'],
};

/** Categories outside 编制: registering one is not checked against a quota, and no quota can be set for it. */
export const quotaFreeCategories: Record<FleetKind, readonly VehicleCategory[]> = { organ: [], institution: [], enterprise: ['business'] };

export const categoryAllowed = (fleetKind: FleetKind, category: VehicleCategory): boolean => fleetKindCategories[fleetKind].includes(category);
export const countsAgainstQuota = (fleetKind: FleetKind, category: VehicleCategory): boolean => !quotaFreeCategories[fleetKind].includes(category);
