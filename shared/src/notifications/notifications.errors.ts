/** Error codes of notifications (the message centre), answered in the error envelope. */
export const NotificationErrorCode = {
  MESSAGE_NOT_FOUND: 'MESSAGE_NOT_FOUND',
} as const;
export type NotificationErrorCode = (typeof NotificationErrorCode)[keyof typeof NotificationErrorCode];
