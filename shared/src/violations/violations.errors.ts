/** Error codes of traffic violations (违章), answered in the error envelope. */
export const ViolationErrorCode = {
  VIOLATION_NOT_FOUND: 'VIOLATION_NOT_FOUND',
  VIOLATION_ASSIGN_FORBIDDEN: 'VIOLATION_ASSIGN_FORBIDDEN',
  VIOLATION_STATE_CONFLICT: 'VIOLATION_STATE_CONFLICT',
  VIOLATION_IMPORT_INVALID: 'VIOLATION_IMPORT_INVALID',
  VIOLATION_SUPPLIER_FAILED: 'VIOLATION_SUPPLIER_FAILED',
  VIOLATION_ASSIGNEE_INVALID: 'VIOLATION_ASSIGNEE_INVALID',
} as const;
export type ViolationErrorCode = (typeof ViolationErrorCode)[keyof typeof ViolationErrorCode];
