import type { Database } from '../../platform/db/database';
import type { ApiRouter } from '../../platform/http/api-router';
import type { IdentityService } from '../identity';
import { FleetRepository } from './fleet.repository';
import { FleetService } from './fleet.service';
import { fleetRoutes } from './fleet.routes';

export interface FleetModule {
  fleet: FleetService;
  router: ApiRouter;
}

/** Fleet for the composition root: units come from identity's service, never its tables. */
export function createFleetModule(deps: { db: Database; identity: IdentityService }): FleetModule {
  const fleet = new FleetService(deps.db, new FleetRepository(deps.db), deps.identity);
  return { fleet, router: fleetRoutes(fleet) };
}
