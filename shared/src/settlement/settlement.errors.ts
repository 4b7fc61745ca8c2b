/** Error codes of settlement (billable orders, monthly statements), answered in the error envelope. */
export const SettlementErrorCode = {
  STATEMENT_NOT_FOUND: 'STATEMENT_NOT_FOUND',
  STATEMENT_STATE_CONFLICT: 'STATEMENT_STATE_CONFLICT',
  STATEMENT_LINE_NOT_FOUND: 'STATEMENT_LINE_NOT_FOUND',
  BILLABLE_ORDER_CONFLICT: 'BILLABLE_ORDER_CONFLICT',
  BILLABLE_ORDER_INVALID: 'BILLABLE_ORDER_INVALID',
  BILLED_UNIT_UNKNOWN: 'BILLED_UNIT_UNKNOWN',
} as const;
export type SettlementErrorCode = (typeof SettlementErrorCode)[keyof typeof SettlementErrorCode];
