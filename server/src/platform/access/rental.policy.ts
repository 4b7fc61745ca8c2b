import type { Role } from '@shared/identity/identity.schemas';
import { scopeOf, type Actor } from '../data-scope';

/**
 * 分时租赁 (issue #15). A rental is the renter's own; the company that rents the car out sees and
 * handles it (its operators); the platform admin sees all. Stations, cars, plans and fault reports
 * are the company's business: its operators manage them. Out of scope answers as missing (404).
 */
export interface RentalPlace { userId: number; companyId: number }

/** Who may rent a time-share car: any signed-in civil servant (用车人, and the roles above them in a unit). */
export const RENTERS = ['applicant', 'approver', 'dispatcher', 'driver', 'fleet_admin', 'finance'] as const satisfies readonly Role[];

export const canReadRental = (actor: Actor, r: RentalPlace): boolean => {
  if (r.userId === actor.userId) return true;
  const scope = scopeOf(actor);
  return scope.all || scope.companyIds.includes(r.companyId);
};

/** Acting as the renter (unlock, lock, return, pay, report a fault): the renter only. */
export const canDriveRental = (actor: Actor, r: RentalPlace): boolean => r.userId === actor.userId;

/** Handling a rental as the company (close it, decide a fault report): its operators or the platform admin. */
export const canOperateRental = (actor: Actor, r: Pick<RentalPlace, 'companyId'>): boolean => mayOperateCompany(actor, r.companyId);

/** Deciding a renter's appeal against a company's damage claim: the platform, not the company that claims. */
export const canDecideRentalClaim = (actor: Actor): boolean => actor.roles.includes('platform_admin');

/** Stations, cars, plans of a company: its rental operators, or the platform admin. */
export const mayOperateCompany = (actor: Actor, companyId: number): boolean =>
  actor.roles.includes('platform_admin') || (actor.roles.includes('rental_operator') && actor.unitId === companyId);

/** Which company's fleet the actor manages (operators: their own; null: none). */
export const operatedCompany = (actor: Actor): number | null => (actor.roles.includes('rental_operator') ? actor.unitId : null);
