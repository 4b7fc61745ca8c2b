/** Error codes of approvals (the approval centre), answered in the error envelope. */
export const ApprovalErrorCode = {
  APPROVAL_NOT_FOUND: 'APPROVAL_NOT_FOUND',
  APPROVAL_ALREADY_DECIDED: 'APPROVAL_ALREADY_DECIDED',
  APPROVAL_NOT_YOUR_TURN: 'APPROVAL_NOT_YOUR_TURN',
  APPROVAL_CHAIN_MISSING: 'APPROVAL_CHAIN_MISSING',
  APPROVAL_COMMENT_REQUIRED: 'APPROVAL_COMMENT_REQUIRED',
  /** Nobody at all can decide a level (the unit, the fallback policy's units): the request is refused, never left with nobody. */
  APPROVAL_NO_APPROVER: 'APPROVAL_NO_APPROVER',
  /** A chain names an approver who is not an active user. */
  APPROVAL_APPROVER_UNKNOWN: 'APPROVAL_APPROVER_UNKNOWN',
  /** Concurrent changes of one chain kept colliding; the client may retry. */
  APPROVAL_CHAIN_BUSY: 'APPROVAL_CHAIN_BUSY',
} as const;
export type ApprovalErrorCode = (typeof ApprovalErrorCode)[keyof typeof ApprovalErrorCode];
