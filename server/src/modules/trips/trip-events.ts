import type { TripEndedUndriven, TripFulfilled } from '@shared/trips/trips.events';
import type { AssignmentRow, TripRow } from './trips.entity';
import { costsOf } from './trips.rules';
import { destinationsOf, originOf } from './trips.presenter';

/**
 * Payloads of the events trips records (shared/src/trips/trips.events.ts), built from its rows in the
 * transaction that changes the trip.
 */
export function tripRef(t: TripRow): Pick<TripFulfilled, 'tripId' | 'unitId' | 'regionCode' | 'purpose' | 'route'> {
  return {
    tripId: t.id, unitId: t.unitId, regionCode: t.regionCode, purpose: t.purpose,
    route: [originOf(t).name, ...destinationsOf(t).map((d) => d.name)].join(' → '),
  };
}

/** Every car that drove the trip (released ones never did), with what the driver recorded. */
export function fulfilledPayload(t: TripRow, as: AssignmentRow[], at: Date): TripFulfilled {
  return {
    ...tripRef(t), fulfilledAt: at.toISOString(),
    assignments: as.filter((a) => a.status === 'returned').map((a) => ({
      assignmentId: a.id, source: a.source, companyId: a.companyId, plate: a.plate, driverName: a.driverName,
      distanceKm: a.returnOdometerHm != null && a.departOdometerHm != null ? (a.returnOdometerHm - a.departOdometerHm) / 10 : null,
      returnedAt: a.returnedAt ? new Date(a.returnedAt).toISOString() : null, ...costsOf(a),
      vehicleId: a.vehicleId, departedAt: a.departedAt ? new Date(a.departedAt).toISOString() : null,
    })),
  };
}

/** A trip cancelled or not shown up for: the cars that had been sent (`live`, before their release). */
export function undrivenPayload(t: TripRow, live: AssignmentRow[], at: Date, reason: string): TripEndedUndriven {
  return {
    ...tripRef(t), at: at.toISOString(), reason,
    assignments: live.map((a) => ({ assignmentId: a.id, companyId: a.companyId, plate: a.plate, status: a.status })),
  };
}
