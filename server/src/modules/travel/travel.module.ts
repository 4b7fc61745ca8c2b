import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { ApiRouter } from '../../platform/http/api-router';
import type { ApprovalsService } from '../approvals';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import type { ReservationsService, StandardsService, TravelAuthority } from '../reservations';
import { TravelRepository } from './travel.repository';
import { TravelService } from './travel.service';
import { travelApprovalHandler } from './travel.approval-handler';
import { travelRoutes } from './travel.routes';

export interface TravelModule {
  travel: TravelService;
  /** What reservations asks before a booking hangs on a 出差 record. */
  authority: TravelAuthority;
  router: ApiRouter;
}

/** The 出差 record for the composition root: the travel kind of approval registers its handler; bookings are read from reservations. */
export function createTravelModule(deps: {
  db: Database; clock: Clock; approvals: ApprovalsService; identity: IdentityService; notifications: NotificationsService;
  reservations: ReservationsService; standards: StandardsService;
}): TravelModule {
  const repo = new TravelRepository(deps.db);
  const travel = new TravelService({ ...deps, repo });
  deps.approvals.registerHandler('travel', travelApprovalHandler(travel));
  return { travel, authority: { authorise: (actor, id, service, opts) => travel.authorise(actor, id, service, opts) }, router: travelRoutes(travel) };
}
