/** Error codes of the business-trip record (出差), answered in the error envelope. */
export const TravelErrorCode = {
  TRAVEL_NOT_FOUND: 'TRAVEL_NOT_FOUND',
  /** Bad dates, legs, travellers, amounts, an invoice or statement that cannot be read. */
  TRAVEL_INVALID: 'TRAVEL_INVALID',
  /** The record is not in a state that allows this (not approved, not the traveller's, …). */
  TRAVEL_STATE_CONFLICT: 'TRAVEL_STATE_CONFLICT',
  /** The same invoice was already submitted (by anyone): details name the earlier record. */
  TRAVEL_INVOICE_DUPLICATE: 'TRAVEL_INVOICE_DUPLICATE',
  /** The same 公务卡 transaction (card and bank reference) was already attached. */
  TRAVEL_CARD_PAYMENT_DUPLICATE: 'TRAVEL_CARD_PAYMENT_DUPLICATE',
  /** The trip or rental is already linked to a 出差 record. */
  TRAVEL_LINK_DUPLICATE: 'TRAVEL_LINK_DUPLICATE',
  /** The 出差 approval does not authorise this (kind of service, dates, diners, a car or NEV on no authorised leg). */
  TRAVEL_NOT_AUTHORISED: 'TRAVEL_NOT_AUTHORISED',
} as const;
export type TravelErrorCode = (typeof TravelErrorCode)[keyof typeof TravelErrorCode];
