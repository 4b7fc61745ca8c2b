import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { ApiRouter } from '../../platform/http/api-router';
import type { ApprovalsService } from '../approvals';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import type { ReservationsService, StandardsService, TravelAuthority } from '../reservations';
import type { EventBus } from '../../platform/events';
import { TravelRepository } from './travel.repository';
import { TravelLinksService, type TravelVehicles } from './travel-links.service';
import { TravelService } from './travel.service';
import { travelApprovalHandler } from './travel.approval-handler';
import { travelRoutes } from './travel.routes';

export interface TravelModule {
  travel: TravelService;
  links: TravelLinksService;
  /** What reservations asks before a booking hangs on a 出差 record. */
  authority: TravelAuthority;
  router: ApiRouter;
}

/** Deliveries of trips' and rental's events to the 出差 record are kept under this name. */
export const TRAVEL_VEHICLE_SUBSCRIBER = 'travel.vehicle-links';

/**
 * The 出差 record for the composition root: the travel kind of approval registers its handler; bookings are
 * read from reservations; linked trips and rentals are read through their services (vehicles) and their
 * cost and end learnt from their events (travel does not read their tables).
 */
export function createTravelModule(deps: {
  db: Database; clock: Clock; events: EventBus; approvals: ApprovalsService; identity: IdentityService; notifications: NotificationsService;
  reservations: ReservationsService; standards: StandardsService; vehicles: () => TravelVehicles | null;
}): TravelModule {
  const repo = new TravelRepository(deps.db);
  const travel = new TravelService({ ...deps, repo });
  const links = new TravelLinksService({ db: deps.db, repo, clock: deps.clock, travel, vehicles: deps.vehicles });
  deps.approvals.registerHandler('travel', travelApprovalHandler(travel));
  const sum = (c: { rentalFen: number; fuelFen: number; tollFen: number; parkingFen: number; otherFen: number }) => c.rentalFen + c.fuelFen + c.tollFen + c.parkingFen + c.otherFen;
  deps.events.subscribe(TRAVEL_VEHICLE_SUBSCRIBER, ['rental.ended', 'rental.reservation_expired', 'rental.reservation_cancelled', 'trip.fulfilled', 'trip.costs_corrected', 'trip.cancelled', 'trip.no_show'], async (e) => {
    switch (e.type) {
      case 'rental.ended': { const p = e.payload as { rentalId: number; amountFen: number; endedAt: string }; await links.ended('rental', p.rentalId, p.amountFen, new Date(p.endedAt)); break; }
      // A reservation that expired or was cancelled before pick-up cost nothing.
      case 'rental.reservation_expired':
      case 'rental.reservation_cancelled': await links.cancelled('rental', (e.payload as { rentalId: number }).rentalId, 0); break;
      case 'trip.fulfilled': {
        const p = e.payload as { tripId: number; fulfilledAt: string; assignments: Parameters<typeof sum>[0][] };
        await links.ended('trip', p.tripId, p.assignments.reduce((s, a) => s + sum(a), 0), new Date(p.fulfilledAt));
        break;
      }
      case 'trip.costs_corrected': {
        const p = e.payload as { tripId: number; before: Parameters<typeof sum>[0]; after: Parameters<typeof sum>[0]; correctedAt: string };
        await links.corrected(p.tripId, sum(p.after) - sum(p.before), new Date(p.correctedAt));
        break;
      }
      // A trip is cancelled only before departure and settlement bills nothing for it; a no-show may be billed a
      // fee by settlement (SETTLEMENT_NO_SHOW_FEE_FEN), which travel does not learn: its cost stays 待结算.
      case 'trip.cancelled': await links.cancelled('trip', (e.payload as { tripId: number }).tripId, 0); break;
      default: await links.cancelled('trip', (e.payload as { tripId: number }).tripId, null);
    }
  });
  return { travel, links, authority: { authorise: (actor, id, service, opts) => travel.authorise(actor, id, service, opts) }, router: travelRoutes(travel, links) };
}
