import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { ApiRouter } from '../../platform/http/api-router';
import type { ApprovalsService } from '../approvals';
import type { FleetService } from '../fleet';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import type { TripSettings } from './trips.config';
import { TripsRepository } from './trips.repository';
import { TripBookingService } from './trip-booking.service';
import { TripsService, type TerminalTracks } from './trips.service';
import { TripExecutionService, type TerminalOdometers } from './trip-execution.service';
import { TripCostsService } from './trip-costs.service';
import { ReceiptsService } from './receipts.service';
import { TripJobs } from './trips.jobs';
import { tripApprovalHandler } from './trips.approval-handler';
import { tripsRoutes } from './trips.routes';
import { receiptsRoutes } from './receipts.routes';
import { TripEvidenceRepository } from './trip-evidence.repository';
import { TripEvidenceService } from './trip-evidence.service';
import { tripEvidenceRoutes } from './trip-evidence.routes';
import type { TerminalStates } from '../../platform/handover-evidence';

export interface TripsModule {
  trips: TripsService;
  jobs: TripJobs;
  routers: ApiRouter[];
}

/**
 * Trips for the composition root. Vehicles, drivers and users come from fleet's and identity's
 * services (never their tables); the trip kind of approval registers its handler with the approval center.
 */
export function createTripsModule(deps: {
  db: Database; clock: Clock; settings: TripSettings; events: EventBus;
  approvals: ApprovalsService; identity: IdentityService; fleet: FleetService; notifications: NotificationsService; terminals: TerminalOdometers; tracks?: TerminalTracks;
  /** The terminal's state kept with 出车 / 回场 photos; without it the photos carry no state. */
  terminalStates?: TerminalStates;
}): TripsModule {
  const { db, clock, settings, events, approvals, identity, fleet, notifications } = deps;
  const repo = new TripsRepository(db);
  const booking = new TripBookingService(db, repo, clock, settings.slotMinutes);
  const trips = new TripsService(repo, booking, approvals, identity, fleet, notifications, events, clock, settings.noShowWaitMinutes, settings.bookingHorizonDays, deps.tracks);
  approvals.registerHandler('trip', tripApprovalHandler(repo, booking, identity));
  const execution = new TripExecutionService(repo, booking, fleet, identity, notifications, clock, deps.terminals);
  const jobs = new TripJobs(repo, booking, approvals, fleet, identity, notifications, clock, settings);
  const receipts = new ReceiptsService(repo, trips, clock);
  const evidence = new TripEvidenceService(new TripEvidenceRepository(db), trips, repo, deps.terminalStates ?? { latest: async () => new Map(), odometers: async () => new Map(), fuelLevels: async () => new Map() }, clock);
  return {
    trips, jobs,
    routers: [tripsRoutes(trips, execution, new TripCostsService(trips, repo, events, clock)), receiptsRoutes(receipts), tripEvidenceRoutes(evidence)],
  };
}
