import { z } from 'zod';

const base = {
  rentalId: z.number().int(),
  userId: z.number().int(),
  unitId: z.number().int(),
  companyId: z.number().int(),
  vehicleId: z.number().int(),
  plate: z.string(),
  at: z.string(),
};

/** A car was reserved (held for the user until holdUntil). */
export const rentalReservedSchema = z.object({ ...base, purpose: z.enum(['official', 'personal']), holdUntil: z.string() });
/** A reservation passed its hold time and the car was freed (the user is told). */
export const rentalReservationExpiredSchema = z.object({ ...base });
/**
 * A reservation was cancelled before the car was unlocked: by the user, or because 微信支付分 refused
 * the deposit-free order. The car is free again and nothing is charged (travel closes its link).
 */
export const rentalReservationCancelledSchema = z.object({ ...base, reason: z.enum(['user', 'payscore_refused']) });
/** The unlock was confirmed by the terminal: the rental started. */
export const rentalStartedSchema = z.object({ ...base, startOdometerHm: z.number().int().nullable() });
/**
 * The rental ended (returned at a station, closed by the operator, or ended by a fault report):
 * official use is billed to the unit's statement with the company (settlement subscribes).
 */
export const rentalEndedSchema = z.object({
  ...base,
  purpose: z.enum(['official', 'personal']),
  tripId: z.number().int().nullable(),
  how: z.enum(['returned', 'closed_by_operator', 'fault']),
  minutes: z.number().int(),
  km: z.number(),
  amountFen: z.number().int(),
  startedAt: z.string(),
  endedAt: z.string(),
});

/**
 * A damage claim's window passed without appeal (or its appeal was upheld): personal use is charged
 * through payments; official use is billed to the unit (settlement subscribes).
 */
export const rentalDamageChargedSchema = z.object({
  ...base,
  claimId: z.number().int(),
  purpose: z.enum(['official', 'personal']),
  amountFen: z.number().int(),
  description: z.string(),
});

export const rentalEvents = {
  'rental.damage_charged': rentalDamageChargedSchema,
  'rental.reserved': rentalReservedSchema,
  'rental.reservation_expired': rentalReservationExpiredSchema,
  'rental.reservation_cancelled': rentalReservationCancelledSchema,
  'rental.started': rentalStartedSchema,
  'rental.ended': rentalEndedSchema,
} as const;
