import type { Database } from '../../platform/db/database';
import type { ApiRouter } from '../../platform/http/api-router';
import type { IdentityService } from '../identity';
import { FleetRepository } from './fleet.repository';
import { FleetService } from './fleet.service';
import { fleetRoutes } from './fleet.routes';
import type { Clock } from '../../platform/clock';
import type { EventBus } from '../../platform/events';
import type { ApprovalsService } from '../approvals';
import type { NotificationsService } from '../notifications';
import { LifecycleRepository } from './lifecycle.repository';
import { LifecycleService } from './lifecycle.service';
import { lifecycleApprovalHandler } from './lifecycle.approval-handler';
import { lifecycleRoutes } from './lifecycle.routes';
import { ServiceRecordsRepository } from './service-records.repository';
import { ServiceRecordsService } from './service-records.service';
import { noActivity, type VehicleActivity } from './vehicle-activity';

export interface FleetModule {
  fleet: FleetService;
  router: ApiRouter;
}

/** Fleet for the composition root: units come from identity's service, never its tables. */
export function createFleetModule(deps: { db: Database; identity: IdentityService; events: Pick<EventBus, 'record'>; clock: Clock }): FleetModule {
  const fleet = new FleetService(deps.db, new FleetRepository(deps.db), deps.identity, new LifecycleRepository(deps.db), deps.events, deps.clock);
  return { fleet, router: fleetRoutes(fleet) };
}

export interface LifecycleModule {
  lifecycle: LifecycleService;
  serviceRecords: ServiceRecordsService;
  router: ApiRouter;
  /** Trips and supervision are built after fleet: the root connects them for the vehicle page. */
  connectActivity(activity: VehicleActivity): void;
}

/**
 * The vehicle's life (#17), once the approval center exists: renewal, disposal and exemption register
 * their handlers there (procurement is decided as a renewal).
 */
export function createLifecycleModule(deps: {
  db: Database; identity: IdentityService; approvals: ApprovalsService; notifications: NotificationsService; events: Pick<EventBus, 'record'>; clock: Clock; fleet: FleetService;
}): LifecycleModule {
  const repo = new LifecycleRepository(deps.db);
  const lifecycle = new LifecycleService({ ...deps, repo });
  const handler = lifecycleApprovalHandler(repo, deps.events, deps.clock);
  for (const kind of ['renewal', 'disposal', 'exemption'] as const) deps.approvals.registerHandler(kind, handler);
  const serviceRecords = new ServiceRecordsService(deps.db, new ServiceRecordsRepository(deps.db), deps.identity, deps.events, deps.clock);
  let activity: VehicleActivity = noActivity;
  const lateActivity: VehicleActivity = { history: (a, id) => activity.history(a, id), warnings: (a, id) => activity.warnings(a, id) };
  return {
    lifecycle, serviceRecords, router: lifecycleRoutes(lifecycle, deps.fleet, serviceRecords, lateActivity, deps.clock),
    connectActivity: (a) => { activity = a; },
  };
}
