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
