import { z } from 'zod';

/**
 * Events trips records with the change they report (through the platform's outbox). Settlement bills
 * from them; supervision and the upward feed will read them too. Amounts in integer fen.
 */
const fen = z.number().int().min(0);

/** What one car of a trip cost, as the driver recorded it on return (or as corrected after review). */
export const assignmentCostsSchema = z.object({
  rentalFen: fen, fuelFen: fen, tollFen: fen, parkingFen: fen, otherFen: fen,
});
export type AssignmentCosts = z.infer<typeof assignmentCostsSchema>;

export const fulfilledAssignmentSchema = assignmentCostsSchema.extend({
  assignmentId: z.number().int(),
  source: z.string(),
  /** The rental company that fulfilled it (社会化租赁), null for the unit's own cars. */
  companyId: z.number().int().nullable(),
  plate: z.string().nullable(),
  driverName: z.string().nullable(),
  distanceKm: z.number().nullable(),
  returnedAt: z.string().nullable(),
  /** The car and when it left (supervision's use-time rules); absent in events recorded before they were added. */
  vehicleId: z.number().int().nullable().optional(),
  departedAt: z.string().nullable().optional(),
});

const tripRef = {
  tripId: z.number().int(),
  unitId: z.number().int(),
  regionCode: z.string(),
  purpose: z.string(),
  /** e.g. 石家庄市 → 保定市 (origin → destinations), for the statement line. */
  route: z.string(),
};

/** Returned, reviewed by the dispatcher, confirmed by the applicant: the trip is fulfilled. */
export const tripFulfilledSchema = z.object({
  ...tripRef,
  fulfilledAt: z.string(),
  assignments: z.array(fulfilledAssignmentSchema),
});
export type TripFulfilled = z.infer<typeof tripFulfilledSchema>;

/** A car's costs corrected after review (the new amounts replace the old ones). */
export const tripCostsCorrectedSchema = z.object({
  ...tripRef,
  assignmentId: z.number().int(),
  companyId: z.number().int().nullable(),
  plate: z.string().nullable(),
  before: assignmentCostsSchema,
  after: assignmentCostsSchema,
  reason: z.string(),
  correctedAt: z.string(),
  correctedBy: z.number().int(),
});
export type TripCostsCorrected = z.infer<typeof tripCostsCorrectedSchema>;

/** A trip ended without being driven: cancelled, or the applicant did not come (用车人未到). */
export const tripEndedUndrivenSchema = z.object({
  ...tripRef,
  at: z.string(),
  reason: z.string(),
  /** Cars that had been sent (dispatched or accepted) when it ended, with their company if any. */
  assignments: z.array(z.object({ assignmentId: z.number().int(), companyId: z.number().int().nullable(), plate: z.string().nullable(), status: z.string() })),
});
export type TripEndedUndriven = z.infer<typeof tripEndedUndrivenSchema>;

export const tripEvents = {
  'trip.fulfilled': tripFulfilledSchema,
  'trip.costs_corrected': tripCostsCorrectedSchema,
  'trip.no_show': tripEndedUndrivenSchema,
  'trip.cancelled': tripEndedUndrivenSchema,
} as const;
