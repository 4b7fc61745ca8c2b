import { vehicleCategoryLabel, type VehicleCategory } from '@shared/fleet/fleet.schemas';
import { categoryAllowed, countsAgainstQuota, fleetKindCategories, fleetKindLabel, fleetKindOf, fleetKindSource } from '@shared/fleet/unit-kind-rules';
import type { UnitKind } from '@shared/identity/identity.schemas';

/**
 * Why a unit may not hold a category (its kind's list, shared/src/fleet/unit-kind-rules.ts), or null when it
 * may. Pure; units without a fleet kind (rental companies) are not restricted here.
 */
export function categoryRefusal(unit: { name: string; kind: UnitKind }, category: VehicleCategory): string | null {
  const fk = fleetKindOf(unit.kind);
  if (!fk || categoryAllowed(fk, category)) return null;
  return `「${unit.name}」是${fleetKindLabel[fk]}，不配备${vehicleCategoryLabel[category]}（可配备：${fleetKindCategories[fk].map((c) => vehicleCategoryLabel[c]).join('、')}；依据：${fleetKindSource[fk]}）`;
}

/** Why no 编制 is set for a category of this unit (国有企业业务用车), or null when it is under 编制. */
export function quotaRefusal(unit: { name: string; kind: UnitKind }, category: VehicleCategory): string | null {
  const fk = fleetKindOf(unit.kind);
  if (!fk || countsAgainstQuota(fk, category)) return null;
  return `「${unit.name}」的${vehicleCategoryLabel[category]}由企业按生产经营需要配备，不纳入公务用车编制管理（依据：${fleetKindSource[fk]}）`;
}

/** Whether registering a vehicle of this category for this unit is checked against its 编制. */
export function underQuota(unitKind: UnitKind, category: VehicleCategory): boolean {
  const fk = fleetKindOf(unitKind);
  return !fk || countsAgainstQuota(fk, category);
}
