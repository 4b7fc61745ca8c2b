/** Error codes of the upward feed to supervision (#19 item 1), answered in the error envelope. */
export const FeedErrorCode = {
  FEED_RESEND_PERIOD_INVALID: 'FEED_RESEND_PERIOD_INVALID',
  FEED_RESEND_NOT_FOUND: 'FEED_RESEND_NOT_FOUND',
  FEED_UPSTREAM_FAILED: 'FEED_UPSTREAM_FAILED',
} as const;
export type FeedErrorCode = (typeof FeedErrorCode)[keyof typeof FeedErrorCode];
