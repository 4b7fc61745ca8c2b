import type { Role } from '@shared/identity/identity.schemas';
import { inScope, scopeOf, type Actor, type Scope } from '../data-scope';

/**
 * The vehicle's life (#17): renewal, procurement, disposal and exemption applications, 编制 quotas and
 * 三定 service records.
 */

/** Who applies for a renewal, procurement, disposal or exemption: the unit's fleet admin (or the platform admin). */
export const VEHICLE_APPLICANTS = ['fleet_admin', 'platform_admin'] as const satisfies readonly Role[];
export const mayApplyForVehicles = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.some((r) => (VEHICLE_APPLICANTS as readonly Role[]).includes(r));

/** Applications are placed like vehicles: the unit's own people, supervisors of its region and above, the platform admin. */
export const applicationScope = (actor: Actor): Scope => scopeOf(actor);
export const APPLICATION_SCOPE_COLUMNS = { unit: 'unitId', region: 'regionCode' } as const;
export const canReadApplication = (actor: Actor, a: { unitId: number; regionCode: string }): boolean =>
  inScope(applicationScope(actor), { unitId: a.unitId, regionCode: a.regionCode });

/**
 * 编制 quotas are set by the level above (DOMAIN.md §3): a supervisor for the units of the region they
 * sit at and below, or the platform admin — never the unit itself.
 */
export const QUOTA_SETTERS = ['supervisor', 'platform_admin'] as const satisfies readonly Role[];
export const canSetQuotaOf = (actor: Actor, unit: { id: number; regionCode: string }): boolean => {
  const s = scopeOf(actor);
  return s.all || (actor.roles.includes('supervisor') && s.regionPrefixes.some((p) => unit.regionCode.startsWith(p)) && unit.id !== actor.unitId);
};

/** Quota use is read by the unit and the supervisors above it. */
export const canReadQuotaOf = (actor: Actor, unit: { id: number; regionCode: string }): boolean =>
  inScope(scopeOf(actor), { unitId: unit.id, regionCode: unit.regionCode });

/** The vehicle standards table is set by the platform admin. */
export const canSetVehicleStandards = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('platform_admin');
