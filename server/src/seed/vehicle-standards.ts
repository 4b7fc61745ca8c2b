import type { VehicleCategory } from '@shared/fleet/fleet.schemas';
import type { NewEnergyRule } from '@shared/fleet/lifecycle.schemas';

/**
 * The standards table renewal and procurement applications are checked against (reference data the
 * lifecycle migration seeds; the platform admin changes rows at PUT /api/fleet/standards). Each rule
 * carries the document it comes from; what was NOT verified against the document text is marked 待核.
 *
 * - Age: 中共中央办公厅 国务院办公厅《党政机关公务用车管理办法》(2017年12月) — 公务用车使用年限超过 8 年的
 *   可以更新；未到年限、仍能使用的应当继续使用；确需提前更新的按程序报批 (DOMAIN.md §3, source).
 * - Mileage: 250,000 km is the threshold most provincial implementing rules put beside the 8 years
 *   ("使用年限超过8年或行驶里程超过25万公里"); Hebei's own figure in 河北省党政机关公务用车管理实施办法 is
 *   not verified here (待核). The national compulsory scrapping guide, 商务部等《机动车强制报废标准规定》
 *   (2012年第12号令), is 600,000 km for small non-operating passenger cars — far above it.
 * - Price and displacement caps per category: 《党政机关公务用车管理办法》(2017) for 机要通信用车 (12 万元 /
 *   1.6 L) and 一般公务用车 (18 万元 / 1.8 L, as 中办发〔2011〕2号 before it); 执法执勤用车 per 财政部 国管局
 *   中直管理局《党政机关执法执勤用车配备使用管理办法》(一般执法执勤用车 12 万元 / 1.6 L, 待核); 应急保障用车
 *   and 特种专业技术用车 are bought "according to need" under the 2017 办法 — the 25 万 / 45 万 caps entered
 *   here are Hebei practice as we read it, NOT verified (待核).
 * - New energy: 《党政机关公务用车管理办法》(2017) asks organs to 带头使用新能源汽车 and to raise their share;
 *   a fuel car must state why no new-energy model fits (reason_required).
 * Every figure is data: correct it in the standards table, not in code.
 */
const AGE = '《党政机关公务用车管理办法》（中共中央办公厅 国务院办公厅，2017）：使用年限超过8年的可以更新';
const MILEAGE = '行驶里程超过25万公里可以更新（各省实施办法通行口径，河北省实施办法待核）';
const NEW_ENERGY = '《党政机关公务用车管理办法》（2017）：带头使用新能源汽车，燃油车须说明理由';
const GENERAL = '《党政机关公务用车管理办法》（2017）：一般公务用车价格18万元以内、排气量1.8升（含）以下';

export const VEHICLE_STANDARDS: Array<{
  category: VehicleCategory; renewalAgeYears: number; renewalMileageKm: number; priceCapFen: number; displacementCapMl: number | null;
  newEnergy: NewEnergyRule; sources: { age: string; mileage: string; price: string; displacement: string; newEnergy: string };
}> = [
  { category: 'general', priceCapFen: 18_000_000, displacementCapMl: 1800, sources: { price: GENERAL, displacement: GENERAL } },
  { category: 'confidential', priceCapFen: 12_000_000, displacementCapMl: 1600,
    sources: { price: '《党政机关公务用车管理办法》（2017）：机要通信用车价格12万元以内', displacement: '《党政机关公务用车管理办法》（2017）：机要通信用车排气量1.6升（含）以下' } },
  { category: 'law_enforcement', priceCapFen: 12_000_000, displacementCapMl: 1600,
    sources: { price: '《党政机关执法执勤用车配备使用管理办法》（财政部 国管局 中直管理局）：一般执法执勤用车价格12万元以内（待核）', displacement: '《党政机关执法执勤用车配备使用管理办法》：一般执法执勤用车排气量1.6升（含）以下（待核）' } },
  { category: 'emergency', priceCapFen: 25_000_000, displacementCapMl: 2500,
    sources: { price: '应急保障用车按需配备（《党政机关公务用车管理办法》2017），价格上限25万元为河北执行口径（待核）', displacement: '应急保障用车排气量2.5升（含）以下（河北执行口径，待核）' } },
  { category: 'special_technical', priceCapFen: 45_000_000, displacementCapMl: null,
    sources: { price: '特种专业技术用车按需配备（《党政机关公务用车管理办法》2017），价格上限45万元为河北执行口径（待核）', displacement: '特种专业技术用车不设排气量上限' } },
  { category: 'other', priceCapFen: 18_000_000, displacementCapMl: 1800, sources: { price: GENERAL, displacement: GENERAL } },
].map((r) => ({
  renewalAgeYears: 8, renewalMileageKm: 250_000, newEnergy: 'reason_required' as const, ...r,
  category: r.category as VehicleCategory,
  sources: { age: AGE, mileage: MILEAGE, newEnergy: NEW_ENERGY, ...r.sources },
}));

/**
 * The 事业单位 and 国有企业 rows of the standards table (shared/src/fleet/unit-kind-rules.ts), seeded from the
 * 党政机关 rows as they stand when the migration runs: 冀车改〔2018〕1号 and 2号 have 事业单位 and 国有企业 公务用车
 * 参照党政机关标准执行 as we read them (not verified against their text: 待核). The SOE's 业务用车 is bought to
 * its business need under its own rules: the 30 万元 / 2.5 L caps and no new-energy reason below are an
 * example the platform admin is expected to replace with the enterprise's (国资) standard (待核).
 */
export const KIND_STANDARD_PREFIX = {
  institution: '事业单位参照党政机关标准执行（冀车改〔2018〕1号，待核）：',
  enterprise: '国有企业公务用车参照党政机关标准执行（冀车改〔2018〕2号，待核）：',
} as const;
const SOE_BUSINESS = '国有企业业务用车按生产经营需要配备、执行企业内部标准，不纳入公务用车编制（冀车改〔2018〕2号）';
export const SOE_BUSINESS_STANDARD = {
  category: 'business' as VehicleCategory, renewalAgeYears: 8, renewalMileageKm: 300_000, priceCapFen: 30_000_000, displacementCapMl: 2500, newEnergy: 'none' as NewEnergyRule,
  sources: {
    age: `${SOE_BUSINESS}；使用年限超过8年可以更新（企业标准示例，待核）`,
    mileage: `${SOE_BUSINESS}；行驶里程超过30万公里可以更新（企业标准示例，待核）`,
    price: `${SOE_BUSINESS}；价格上限30万元为企业标准示例（待核）`,
    displacement: `${SOE_BUSINESS}；排气量2.5升（含）以下为企业标准示例（待核）`,
    newEnergy: `${SOE_BUSINESS}；鼓励选用新能源车，不要求说明理由（待核）`,
  },
};
