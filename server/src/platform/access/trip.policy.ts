import { inScope, scopeOf, type Actor, type Scope } from '../data-scope';

/** Where a trip sits and whose it is. */
export interface TripPlace {
  unitId: number;
  regionCode: string;
  applicantId: number;
  bookedById: number;
}

/**
 * Who works on a trip: the actor's own driver record (null when the actor drives for nobody) and the
 * trip's assignments (their drivers, and the rental companies asked to fill them).
 */
export interface TripCrew {
  actorDriverId: number | null;
  assignments: ReadonlyArray<{ driverId: number | null; companyId: number | null }>;
}

/** Trips listed and read by place: the data scope over the applying unit and its region. */
export const tripScope = (actor: Actor): Scope => scopeOf(actor);
export const TRIP_SCOPE_COLUMNS = { unit: 'unitId', region: 'regionCode' } as const;

const placeOf = (t: TripPlace) => ({ unitId: t.unitId, regionCode: t.regionCode });

/** Whether the trip's crew can make it readable beyond the scope (a driver on it, a rental company asked to fill it): load the crew only then. */
export const tripCrewMatters = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.includes('driver') || actor.roles.includes('rental_operator');

/** In scope by unit or region; else a driver or rental company working on it (crew given). Otherwise as if it did not exist. */
export function canReadTrip(actor: Actor, trip: TripPlace, crew?: TripCrew): boolean {
  const scope = tripScope(actor);
  if (inScope(scope, placeOf(trip))) return true;
  if (!crew || !tripCrewMatters(actor)) return false;
  return crew.assignments.some((a) => (crew.actorDriverId != null && a.driverId === crew.actorDriverId)
    || (a.companyId != null && inScope(scope, { companyId: a.companyId })));
}

/** The applicant, or whoever booked it for them: edits, confirms and rates (a reader who is neither: 403). */
export const isTripOwner = (actor: Pick<Actor, 'userId'>, trip: TripPlace): boolean =>
  trip.applicantId === actor.userId || trip.bookedById === actor.userId;

/** A dispatcher whose scope holds the trip: dispatches, reassigns, reviews, cancels, marks a no-show. */
export const isTripDispatcher = (actor: Actor, trip: TripPlace): boolean =>
  actor.roles.includes('dispatcher') && inScope(scopeOf(actor), placeOf(trip));

export const canDispatchTrip = isTripDispatcher;
export const canReviewTrip = isTripDispatcher;

/** Cancel (before departure): its owner or its dispatcher. */
export const canCancelTrip = (actor: Actor, trip: TripPlace): boolean => isTripOwner(actor, trip) || isTripDispatcher(actor, trip);

/** 用车人未到: one of the trip's drivers or its dispatcher. */
export function canMarkNoShow(actor: Actor, trip: TripPlace, crew: TripCrew): boolean {
  const drivesIt = crew.actorDriverId != null && crew.assignments.some((a) => a.driverId === crew.actorDriverId);
  return drivesIt || isTripDispatcher(actor, trip);
}

/** Booking on someone's behalf: an active colleague of the actor's own unit. */
export const canBookFor = (actor: Pick<Actor, 'unitId'>, applicant: { unitId: number; status: string }): boolean =>
  applicant.unitId === actor.unitId && applicant.status === 'active';
