import { inScope, scopeOf, type Actor } from '../data-scope';

/** A region: the actor's own, or one the actor supervises (and everything for the platform admin). */
export const canReadRegion = (actor: Actor, code: string): boolean =>
  code === actor.regionCode || inScope(scopeOf(actor), { regionCode: code });

/** A unit: the actor's own, one in a supervised region, or the actor's company. */
export const canReadUnit = (actor: Actor, unit: { id: number; regionCode: string }): boolean =>
  inScope(scopeOf(actor), { unitId: unit.id, regionCode: unit.regionCode, companyId: unit.id });

/** A user: of the actor's unit, or of a supervised region. */
export const canReadUser = (actor: Actor, user: { unitId: number; regionCode: string }): boolean =>
  inScope(scopeOf(actor), { unitId: user.unitId, regionCode: user.regionCode });

/**
 * A whole phone number is shown in one place only (#19 item 3; PIPL: only what a purpose needs): to the
 * dispatcher or fleet admin of the driver's own unit, who must call the driver about a trip. Every other
 * response carries phones masked (138****1234).
 */
export const canSeeDriverPhone = (actor: Actor, driver: { unitId: number }): boolean =>
  driver.unitId === actor.unitId && actor.roles.some((r) => r === 'dispatcher' || r === 'fleet_admin');

/** Units, users and their roles are created and changed by the platform admin (#17 item 8). */
export const canAdministerDirectory = (actor: Actor): boolean => scopeOf(actor).all;
