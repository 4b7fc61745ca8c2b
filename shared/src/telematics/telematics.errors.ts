/** Error codes of telematics (positions, tracks, remote lock/unlock commands), answered in the error envelope. */
export const TelematicsErrorCode = {
  TERMINAL_OFFLINE: 'TERMINAL_OFFLINE',
  COMMAND_NOT_FOUND: 'COMMAND_NOT_FOUND',
  COMMAND_IN_PROGRESS: 'COMMAND_IN_PROGRESS',
  COMMAND_RATE_LIMITED: 'COMMAND_RATE_LIMITED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  RADIUS_TOO_LARGE: 'RADIUS_TOO_LARGE',
  TRACK_RANGE_INVALID: 'TRACK_RANGE_INVALID',
  TRACK_RANGE_TOO_LONG: 'TRACK_RANGE_TOO_LONG',
} as const;
export type TelematicsErrorCode = (typeof TelematicsErrorCode)[keyof typeof TelematicsErrorCode];
