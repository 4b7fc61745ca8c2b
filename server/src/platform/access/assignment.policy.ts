import { inScope, scopeOf, type Actor } from '../data-scope';

/** Whether the actor drives at all (only then is their driver record looked up). */
export const isDriver = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('driver');

/**
 * The driver's own steps on an assignment (accept, depart, return, receipts): only the assignment's
 * driver; `actorDriverId` is the actor's driver record (null: drives for nobody).
 */
export const canWorkOnAssignment = (actorDriverId: number | null, a: { driverId: number | null }): boolean =>
  actorDriverId != null && a.driverId === actorDriverId;

/** A rental order (an assignment addressed to a rental company): that company's operators accept or decline it. */
export const canFillRentalOrder = (actor: Actor, a: { source: string; companyId: number | null }): boolean =>
  a.source === 'rental' && a.companyId != null && actor.roles.includes('rental_operator') && inScope(scopeOf(actor), { companyId: a.companyId });
