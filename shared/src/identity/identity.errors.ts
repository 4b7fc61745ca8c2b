/** Error codes of identity (sign-in, users, the unit and region directory), answered in the error envelope. */
export const IdentityErrorCode = {
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  USER_DISABLED: 'USER_DISABLED',
  UNIT_NOT_FOUND: 'UNIT_NOT_FOUND',
  COMPANY_NOT_FOUND: 'COMPANY_NOT_FOUND',
  REGION_NOT_FOUND: 'REGION_NOT_FOUND',
  DEMO_LOGIN_DISABLED: 'DEMO_LOGIN_DISABLED',
  WECHAT_CODE_INVALID: 'WECHAT_CODE_INVALID',
  WECHAT_NOT_BOUND: 'WECHAT_NOT_BOUND',
  WECHAT_ERROR: 'WECHAT_ERROR',
  WECHAT_TIMEOUT: 'WECHAT_TIMEOUT',
  WECHAT_UNREACHABLE: 'WECHAT_UNREACHABLE',
  UNIT_DUPLICATE: 'UNIT_DUPLICATE',
  USER_DUPLICATE: 'USER_DUPLICATE',
} as const;
export type IdentityErrorCode = (typeof IdentityErrorCode)[keyof typeof IdentityErrorCode];
