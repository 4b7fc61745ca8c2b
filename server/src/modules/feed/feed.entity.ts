import { EntitySchema } from 'typeorm';

/** One POST to the supervision platform (live or a resend), with its outcome: the admin's failures and counts. */
export interface FeedBatchRow {
  id: number;
  kind: 'live' | 'resend';
  resendId: number | null;
  records: number;
  firstEventId: number;
  lastEventId: number;
  outcome: 'ok' | 'failed';
  error: string | null;
  durationMs: number;
  sentAt: Date;
}

/** A resend of a period asked for by the platform admin: its cursor over the period's events. */
export interface FeedResendRow {
  id: number;
  periodFrom: Date;
  periodTo: Date;
  status: 'running' | 'done';
  afterEventId: number;
  total: number;
  sent: number;
  requestedBy: number;
  requestedAt: Date;
  doneAt: Date | null;
}

const id = { type: 'integer' as const, primary: true, generated: 'increment' as const };
const at = (name: string, nullable = false) => ({ type: 'datetime' as const, precision: 3, name, nullable });

export const FeedBatchEntity = new EntitySchema<FeedBatchRow>({
  name: 'FeedBatch', tableName: 'feed_batch',
  columns: {
    id,
    kind: { type: 'varchar', length: 8 },
    resendId: { type: 'integer', name: 'resend_id', nullable: true },
    records: { type: 'integer' },
    firstEventId: { type: 'integer', name: 'first_event_id' },
    lastEventId: { type: 'integer', name: 'last_event_id' },
    outcome: { type: 'varchar', length: 8 },
    error: { type: 'varchar', length: 500, nullable: true },
    durationMs: { type: 'integer', name: 'duration_ms' },
    sentAt: at('sent_at'),
  },
});

export const FeedResendEntity = new EntitySchema<FeedResendRow>({
  name: 'FeedResend', tableName: 'feed_resend',
  columns: {
    id,
    periodFrom: at('period_from'),
    periodTo: at('period_to'),
    status: { type: 'varchar', length: 8 },
    afterEventId: { type: 'integer', name: 'after_event_id' },
    total: { type: 'integer' },
    sent: { type: 'integer' },
    requestedBy: { type: 'integer', name: 'requested_by' },
    requestedAt: at('requested_at'),
    doneAt: at('done_at', true),
  },
});

export const FeedEntities = [FeedBatchEntity, FeedResendEntity];
