import { inScope, scopeOf, type Actor, type Scope } from '../data-scope';

/** Where a violation sits: the unit answerable for it (and its region), the person it was sent to, the vehicle's owner. */
export interface ViolationPlace { unitId: number; regionCode: string; userId: number | null; ownerUnitId: number | null }

/**
 * Violations (违章) are seen by the person they were sent to (driver or renter), by the fleet admin of
 * the unit answerable for them, by supervisors and the read-only oversight accounts of its region and
 * up, and by the platform admin — not by a unit's other users.
 */
export const violationScope = (actor: Actor): Scope => {
  const s = scopeOf(actor);
  return { all: s.all, regionPrefixes: s.regionPrefixes, unitIds: actor.roles.includes('fleet_admin') ? [actor.unitId] : [], companyIds: [] };
};

export const canReadViolation = (actor: Actor, v: ViolationPlace): boolean =>
  (v.userId != null && v.userId === actor.userId) || inScope(violationScope(actor), v);

/** Assigning an unmatched violation to who drove: the fleet admin of the unit that owns the vehicle (it was sent to them). */
export const mayAssignViolation = (actor: Actor, v: ViolationPlace): boolean =>
  actor.roles.includes('fleet_admin') && (actor.unitId === v.unitId || actor.unitId === v.ownerUnitId);

/** Importing and pulling violations: the platform admin, and a unit's fleet admin for its own cars (Excel). */
export const VIOLATION_IMPORTERS = ['fleet_admin', 'platform_admin'] as const;

/**
 * Assigning an unmatched violation to a trip: as assigning it to a person, and only to a trip that had
 * that very car (a trip of another car is no evidence of who drove this one).
 */
export const mayAssignViolationToTrip = (actor: Actor, v: ViolationPlace & { vehicleId: number | null }, trip: { vehicleId: number }): boolean =>
  mayAssignViolation(actor, v) && v.vehicleId != null && v.vehicleId === trip.vehicleId;
