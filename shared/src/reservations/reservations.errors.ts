/** Error codes of reservations (hotel, dining, tickets), answered in the error envelope. */
export const ReservationErrorCode = {
  RESERVATION_NOT_FOUND: 'RESERVATION_NOT_FOUND',
  /** The trip is not approved, or not one the caller travels on / booked. */
  RESERVATION_TRIP_NOT_ELIGIBLE: 'RESERVATION_TRIP_NOT_ELIGIBLE',
  /** Not enough rooms / tables / seats for what was asked. */
  RESERVATION_SOLD_OUT: 'RESERVATION_SOLD_OUT',
  /** Above the standard where the rule says refuse (the message names the rule). */
  RESERVATION_OVER_STANDARD: 'RESERVATION_OVER_STANDARD',
  /** No standard configured for the place, rank or kind. */
  RESERVATION_NO_STANDARD: 'RESERVATION_NO_STANDARD',
  /** The reservation is not in a state that allows this. */
  RESERVATION_STATE_CONFLICT: 'RESERVATION_STATE_CONFLICT',
  /** Too late to cancel under the cancellation rule. */
  RESERVATION_CANCEL_TOO_LATE: 'RESERVATION_CANCEL_TOO_LATE',
  /** The offer (room type, menu, fare) does not exist or is not this supplier's. */
  RESERVATION_OFFER_NOT_FOUND: 'RESERVATION_OFFER_NOT_FOUND',
  /** Bad dates, head counts and the like. */
  RESERVATION_INVALID: 'RESERVATION_INVALID',
  /**
   * A ticket purchase against the government air-fare rules (AIR_FARE_RULES): not paid with the 公务卡, a
   * market fare without its price record, or a "market" fare not cheaper than the procurement fare. The
   * message names the rule and its source; details.rule its id.
   */
  RESERVATION_AIR_FARE_RULE: 'RESERVATION_AIR_FARE_RULE',
  /** The ticket supplier did not answer in time or refused. */
  RESERVATION_SUPPLIER_UNAVAILABLE: 'RESERVATION_SUPPLIER_UNAVAILABLE',
  /** The price record's screenshot is not an acceptable image (type, content, size). */
  RESERVATION_PRICE_PHOTO_INVALID: 'RESERVATION_PRICE_PHOTO_INVALID',
  /** A screenshot for a booking that keeps no price record (not a market-fare ticket). */
  RESERVATION_NO_PRICE_RECORD: 'RESERVATION_NO_PRICE_RECORD',
  /** No such screenshot, or its signed link is wrong or expired. */
  RESERVATION_PRICE_PHOTO_NOT_FOUND: 'RESERVATION_PRICE_PHOTO_NOT_FOUND',
} as const;
export type ReservationErrorCode = (typeof ReservationErrorCode)[keyof typeof ReservationErrorCode];
