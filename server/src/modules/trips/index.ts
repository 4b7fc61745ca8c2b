// What other modules and the composition root use of trips: services, types, the rules dispatch
// applies to its candidates, and the factory. Entities and the repository stay inside.
export type { TripRow, AssignmentRow } from './trips.entity';
export { TripsService, who } from './trips.service';
export type { CarOnTheRoad } from './trips.service';
export type { TripBookingService, ResourcePick, Who } from './trip-booking.service';
export { withTrips } from './trip-execution.service';
export type { TerminalOdometers } from './trip-execution.service';
export type { TerminalTracks } from './trips.service';
export type { TripJobs } from './trips.jobs';
export { fulfilledPayload } from './trip-events';
export { toAssignment, originOf, destinationsOf } from './trips.presenter';
export { vehicleProblems, driverProblems, mayPreempt, dueDateEndMs } from './trips.rules';
export { loadTripSettings } from './trips.config';
export type { TripSettings } from './trips.config';
export { createTripsModule } from './trips.module';
export type { TripsModule } from './trips.module';
