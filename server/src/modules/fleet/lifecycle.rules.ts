import type { EnergyType, VehicleCategory } from '@shared/fleet/fleet.schemas';
import { vehicleCategoryLabel, energyTypeLabel } from '@shared/fleet/fleet.schemas';
import type { VehicleStandard } from '@shared/fleet/lifecycle.schemas';
import { formatYuan } from '@shared/common/money';

/** The car an application asks for. */
export interface NewCar { category: VehicleCategory; energyType: EnergyType; displacementMl: number | null; priceFen: number; fuelReason: string }

/** A broken rule of the standards table: what, and the document it comes from. */
export interface Breach { rule: 'price' | 'displacement' | 'new_energy' | 'age'; message: string }

/**
 * The standards a new car must meet (DOMAIN.md §3): price and displacement caps of its category, and the
 * new-energy preference (a fuel car states why). Pure: the standard row is the configurable table's.
 */
export function newCarBreaches(std: VehicleStandard, car: NewCar): Breach[] {
  const out: Breach[] = [];
  const cat = vehicleCategoryLabel[car.category];
  if (car.priceFen > std.priceCapFen) {
    out.push({ rule: 'price', message: `${cat}价格 ${formatYuan(car.priceFen)} 超过标准 ${formatYuan(std.priceCapFen)}（依据：${std.sources.price}）` });
  }
  // Displacement applies to engines: a pure electric car has none.
  if (std.displacementCapMl != null && car.energyType !== 'electric' && (car.displacementMl ?? 0) > std.displacementCapMl) {
    out.push({ rule: 'displacement', message: `${cat}排气量 ${litres(car.displacementMl ?? 0)} 超过标准 ${litres(std.displacementCapMl)}（依据：${std.sources.displacement}）` });
  }
  if (std.newEnergy === 'reason_required' && car.energyType === 'fuel' && car.fuelReason.trim().length < 2) {
    out.push({ rule: 'new_energy', message: `新能源优先：申请${energyTypeLabel.fuel}车须说明不选新能源车的理由（依据：${std.sources.newEnergy}）` });
  }
  return out;
}

/** Whole years between two YYYY-MM-DD days (a vehicle registered 2018-04-02 is 8 on 2026-04-02). */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/**
 * Renewal eligibility (《党政机关公务用车管理办法》2017: 使用年限超过8年的可以更新; or the mileage
 * threshold): over either → eligible. Otherwise the car is still to be used; an earlier renewal needs
 * a safety reason and goes to the approval center saying it is early — without one it is refused.
 */
export function renewalEligibility(std: VehicleStandard, v: { registeredOn: string; odometerKm: number }, today: string, earlyReason: string): { early: boolean; breach: Breach | null; ageYears: number } {
  const ageYears = yearsBetween(v.registeredOn, today);
  const eligible = ageYears >= std.renewalAgeYears || v.odometerKm > std.renewalMileageKm;
  if (eligible) return { early: false, breach: null, ageYears };
  if (earlyReason.trim().length >= 2) return { early: true, breach: null, ageYears };
  return {
    early: false, ageYears,
    breach: {
      rule: 'age',
      message: `车辆已使用 ${ageYears} 年、行驶 ${Math.round(v.odometerKm).toLocaleString('en-US')} 公里，未达到更新条件：使用年限超过 ${std.renewalAgeYears} 年（依据：${std.sources.age}）或行驶里程超过 ${std.renewalMileageKm.toLocaleString('en-US')} 公里（依据：${std.sources.mileage}）；仍能使用的应继续使用，确需提前更新请填写安全原因`,
    },
  };
}

const litres = (ml: number) => `${(ml / 1000).toFixed(1)}L`;
