/** Error codes of supervision (warnings and their loop, the data pool), answered in the error envelope. */
export const SupervisionErrorCode = {
  WARNING_NOT_FOUND: 'WARNING_NOT_FOUND',
  WARNING_STATE_CONFLICT: 'WARNING_STATE_CONFLICT',
  WARNING_ACTION_FORBIDDEN: 'WARNING_ACTION_FORBIDDEN',
  WARNING_RULE_UNKNOWN: 'WARNING_RULE_UNKNOWN',
  REGION_OUT_OF_SCOPE: 'REGION_OUT_OF_SCOPE',
  EVIDENCE_IMAGE_INVALID: 'EVIDENCE_IMAGE_INVALID',
  EVIDENCE_LIMIT: 'EVIDENCE_LIMIT',
  EVIDENCE_NOT_FOUND: 'EVIDENCE_NOT_FOUND',
  PLACE_DUPLICATE: 'PLACE_DUPLICATE',
} as const;
export type SupervisionErrorCode = (typeof SupervisionErrorCode)[keyof typeof SupervisionErrorCode];
