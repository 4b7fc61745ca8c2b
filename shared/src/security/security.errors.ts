/** Codes of the platform's security baseline (abuse limits, sign-in lockout, CORS, audit). */
export const SecurityErrorCode = {
  RATE_LIMITED: 'RATE_LIMITED',
  SIGNIN_LOCKED: 'SIGNIN_LOCKED',
  CORS_ORIGIN_REFUSED: 'CORS_ORIGIN_REFUSED',
} as const;
export type SecurityErrorCode = (typeof SecurityErrorCode)[keyof typeof SecurityErrorCode];
