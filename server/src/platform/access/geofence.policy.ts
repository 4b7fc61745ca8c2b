import { inScope, scopeOf, type Actor, type Scope } from '../data-scope';

/** Where a geofence or a parking spot sits: the unit whose cars it binds, and that unit's region. */
export interface FencePlace { unitId: number; regionCode: string }

/**
 * 电子围栏 and 定点停放 (#18 item 1): a unit's fleet admin sees and manages their unit's; a supervisor sees
 * and manages those of their region and below (never a sibling region: 404); the read-only oversight
 * accounts see their region's; the platform admin everything. No company scope: these are official units'.
 */
export const geofenceScope = (actor: Actor): Scope => ({ ...scopeOf(actor), companyIds: [] });

export const canReadGeofence = (actor: Actor, g: FencePlace): boolean => inScope(geofenceScope(actor), g);

export const mayManageGeofence = (actor: Actor, g: FencePlace): boolean =>
  actor.roles.includes('platform_admin')
  || (actor.roles.includes('fleet_admin') && actor.unitId === g.unitId)
  || (actor.roles.includes('supervisor') && inScope({ ...scopeOf({ ...actor, roles: ['supervisor'] }), unitIds: [], companyIds: [] }, g));

/** A car's designated overnight spot is set by its own unit's fleet admin (or the platform admin); read like a geofence. */
export const mayManageParkingSpot = (actor: Actor, vehicle: FencePlace): boolean =>
  actor.roles.includes('platform_admin') || (actor.roles.includes('fleet_admin') && actor.unitId === vehicle.unitId);
