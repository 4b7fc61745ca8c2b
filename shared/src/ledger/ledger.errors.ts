/** Error codes of the ledger (double-entry journals). */
export const LedgerErrorCode = {
  LEDGER_UNBALANCED: 'LEDGER_UNBALANCED',
} as const;
export type LedgerErrorCode = (typeof LedgerErrorCode)[keyof typeof LedgerErrorCode];
