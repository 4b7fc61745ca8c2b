/** Error codes of approvals (the approval centre), answered in the error envelope. */
export const ApprovalErrorCode = {
  APPROVAL_NOT_FOUND: 'APPROVAL_NOT_FOUND',
  APPROVAL_ALREADY_DECIDED: 'APPROVAL_ALREADY_DECIDED',
  APPROVAL_NOT_YOUR_TURN: 'APPROVAL_NOT_YOUR_TURN',
  APPROVAL_CHAIN_MISSING: 'APPROVAL_CHAIN_MISSING',
  APPROVAL_COMMENT_REQUIRED: 'APPROVAL_COMMENT_REQUIRED',
} as const;
export type ApprovalErrorCode = (typeof ApprovalErrorCode)[keyof typeof ApprovalErrorCode];
