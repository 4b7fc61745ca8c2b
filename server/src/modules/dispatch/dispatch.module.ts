import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import type { ApiRouter } from '../../platform/http/api-router';
import type { FleetService } from '../fleet';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import type { TripSettings, TripsService } from '../trips';
import { DispatchService, type VehiclePositionSource } from './dispatch.service';
import { EmergencyService } from './emergency.service';
import { RentalOrdersService } from './rental-orders.service';
import { dispatchRoutes } from './dispatch.routes';
import { DayPlanRepository } from './day-plan/day-plan.repository';
import { DayPlanService } from './day-plan/day-plan.service';
import { dayPlanRoutes } from './day-plan/day-plan.routes';
import { ThreadDayPlanRunner } from './day-plan/day-plan.runner';
import type { DayPlanSettings } from './day-plan/day-plan.config';

export interface DispatchModule {
  dispatch: DispatchService;
  dayPlans: DayPlanService;
  routers: ApiRouter[];
}

/**
 * Dispatch for the composition root: the pool comes from fleet's service, trips and bookings from
 * trips' (dispatch has no table but its day plans).
 */
export function createDispatchModule(deps: {
  db: Database; clock: Clock; logger: Logger; trips: TripsService; fleet: FleetService; identity: IdentityService; notifications: NotificationsService;
  positions: VehiclePositionSource; tripSettings: TripSettings; dayPlanSettings: DayPlanSettings;
}): DispatchModule {
  const dispatch = new DispatchService(deps.trips, deps.fleet, deps.identity, deps.notifications, deps.clock, deps.positions);
  const dayPlans = new DayPlanService(deps.db, new DayPlanRepository(deps.db), dispatch, new ThreadDayPlanRunner(), deps.positions, deps.dayPlanSettings,
    deps.tripSettings.slotMinutes, deps.notifications, deps.logger);
  const emergency = new EmergencyService(dispatch, deps.clock, deps.tripSettings);
  return { dispatch, dayPlans, routers: [dispatchRoutes(dispatch, emergency, new RentalOrdersService(dispatch)), dayPlanRoutes(dayPlans)] };
}
