import { z } from 'zod';
import { feedRecordKinds } from './feed.wire';

/** The platform admin's view of the upward feed (#19 item 1): its lag, failures and counts. */
export const feedBatchSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['live', 'resend']),
  records: z.number().int(),
  firstEventId: z.number().int(),
  lastEventId: z.number().int(),
  outcome: z.enum(['ok', 'failed']),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  sentAt: z.string(),
});
export type FeedBatchView = z.infer<typeof feedBatchSchema>;

export const feedResendSchema = z.object({
  id: z.number().int(),
  from: z.string(),
  to: z.string(),
  status: z.enum(['running', 'done']),
  total: z.number().int(),
  sent: z.number().int(),
  requestedBy: z.number().int(),
  requestedAt: z.string(),
  doneAt: z.string().nullable(),
});
export type FeedResendView = z.infer<typeof feedResendSchema>;

export const feedStatusSchema = z.object({
  endpoint: z.string(),
  /** fake: the project's stand-in upstream (demo), real: the configured one. */
  upstream: z.enum(['fake', 'real']),
  /** Events waiting to be sent, sent, and refused for good by the upstream (listed under event deliveries). */
  counts: z.object({ pending: z.number().int(), delivered: z.number().int(), refused: z.number().int() }),
  /** How long the oldest waiting event has waited (0 when none waits). */
  lagMs: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  lastError: z.string().nullable(),
  lastFailureAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** POSTs in the last 24 hours, and how many of them failed. */
  last24h: z.object({ batches: z.number().int(), failed: z.number().int(), records: z.number().int() }),
  recentBatches: z.array(feedBatchSchema),
  resends: z.array(feedResendSchema),
  /** Which record kinds the platform sends today (the others wait for their capability). */
  kindsSent: z.array(z.enum(feedRecordKinds)),
});
export type FeedStatus = z.infer<typeof feedStatusSchema>;

const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/, '时间格式应为 2026-12-01 或 2026-12-01T08:30:00Z 这样的日期时间');
/** A resend of a period on the upstream's request: every record of events that occurred in [from, to). */
export const feedResendInputSchema = z.strictObject({ from: instant, to: instant });
export type FeedResendInput = z.infer<typeof feedResendInputSchema>;
