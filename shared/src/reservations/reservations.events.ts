import { z } from 'zod';

const kind = z.enum(['hotel', 'dining', 'ticket']);

/**
 * A reservation confirmed by its supplier (hotel, restaurant) or issued (ticket): what the unit owes the
 * supplier at the official rate (the personal upgrade, paid by the person, is not in it). Settlement bills it.
 */
export const reservationConfirmedSchema = z.object({
  reservationId: z.number().int(),
  kind,
  supplierId: z.number().int(),
  unitId: z.number().int(),
  officialFen: z.number().int().min(0),
  description: z.string(),
  at: z.string(),
  /**
   * How the unit pays it: on the supplier's statement, or already paid with the 公务卡 at purchase (air
   * tickets, AIR_FARE_RULES.official_card; reimbursed to the card through the 出差 record, not billed again).
   */
  paidWith: z.enum(['statement', 'official_card']).default('statement'),
});
export type ReservationConfirmed = z.infer<typeof reservationConfirmedSchema>;

/** A reservation cancelled after it was confirmed: what the unit still owes (the cancellation fee, 0 when free). */
export const reservationCancelledSchema = z.object({
  reservationId: z.number().int(),
  kind,
  supplierId: z.number().int(),
  unitId: z.number().int(),
  wasConfirmed: z.boolean(),
  feeFen: z.number().int().min(0),
  reason: z.string(),
  at: z.string(),
});
export type ReservationCancelled = z.infer<typeof reservationCancelledSchema>;

export const reservationEvents = {
  'reservation.confirmed': reservationConfirmedSchema,
  'reservation.cancelled': reservationCancelledSchema,
} as const;
