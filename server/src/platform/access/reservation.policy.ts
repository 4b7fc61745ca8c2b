import { inScope, scopeOf, type Actor } from '../data-scope';

/** Where a reservation sits: the traveller's unit and region, its booker, and the supplier it is addressed to. */
export interface ReservationPlace { unitId: number; regionCode: string; travellerId: number; bookedById: number; supplierId: number }

/** The traveller, who booked it, the data scope over its unit and region, or the supplier's own operators. Otherwise as if missing. */
export const canReadReservation = (actor: Actor, r: ReservationPlace): boolean =>
  r.travellerId === actor.userId || r.bookedById === actor.userId
  || inScope(scopeOf(actor), { unitId: r.unitId, regionCode: r.regionCode, companyId: r.supplierId });

/** Cancel and pay the personal part: the traveller or who booked it (a reader who is neither: 403). */
export const isReservationOwner = (actor: Pick<Actor, 'userId'>, r: ReservationPlace): boolean =>
  r.travellerId === actor.userId || r.bookedById === actor.userId;

/** Confirm or refuse: an operator of the supplier it is addressed to. */
export const isReservationSupplier = (actor: Actor, r: Pick<ReservationPlace, 'supplierId'>): boolean =>
  actor.roles.includes('supplier_operator') && actor.unitId === r.supplierId;

/** A supplier's inventory (rooms, tables) is managed by its own operators. */
export const canManageSupplierInventory = (actor: Actor, supplierId: number): boolean =>
  actor.roles.includes('supplier_operator') && actor.unitId === supplierId;

/** The standards tables (lodging, reception, ticket classes) are set by the platform admin only. */
export const canSetStandards = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('platform_admin');
