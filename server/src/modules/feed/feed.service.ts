import { CommonErrorCode } from '@shared/common/errors';
import { shanghaiInstant } from '@shared/common/time';
import type { FeedResendInput, FeedResendView, FeedStatus, FeedBatchView } from '@shared/feed/feed.schemas';
import type { FeedRecord } from '@shared/feed/feed.wire';
import { mayResendFeed, mayWatchFeed, type RequestActor } from '../../platform/access';
import type { Clock } from '../../platform/clock';
import { ForbiddenError, ValidationError } from '../../platform/errors';
import type { BatchOutcome, BatchRelay, DomainEvent } from '../../platform/events';
import type { FeedRepository } from './feed.repository';
import type { FeedBatchRow, FeedResendRow } from './feed.entity';
import { feedKindsSent, recordsOf } from './feed.rules';
import type { SupervisionUpstream } from './supervision-upstream.gateway';

const MAX_RESEND_DAYS = 31;

/**
 * The upward feed's use cases: sending a batch of the outbox's events as records (the relay's handler),
 * working through a resend of a period, and the platform admin's look at the link.
 */
export class FeedService {
  private relay: BatchRelay | null = null;

  constructor(
    private readonly repo: FeedRepository,
    private readonly upstream: SupervisionUpstream,
    private readonly clock: Clock,
    private readonly appId: string,
    private readonly endpoint: { url: string; fake: boolean },
    private readonly batchSize: number,
  ) {}

  attach(relay: BatchRelay): void {
    this.relay = relay;
  }

  /** The relay's handler: the events' records in one POST; events whose records the upstream refused for good are named. */
  sendLive = async (events: DomainEvent[]): Promise<BatchOutcome> => {
    const { refusedEvents } = await this.post(events, false, null);
    return { rejected: refusedEvents };
  };

  /** The relay's extra work: the next slice of the oldest running resend. Returns whether it sent anything. */
  resendStep = async (): Promise<boolean> => {
    const job = await this.repo.runningResend();
    if (!job || !this.relay) return false;
    const events = await this.relay.eventsInPeriod(job.periodFrom, job.periodTo, job.afterEventId, this.batchSize);
    if (events.length) await this.post(events, true, job.id);
    await this.repo.advanceResend(job.id, events.at(-1)?.id ?? job.afterEventId, events.length, events.length < this.batchSize, this.clock.now());
    return events.length > 0;
  };

  async status(actor: RequestActor): Promise<FeedStatus> {
    if (!mayWatchFeed(actor)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有平台管理员可以查看向上报送');
    const relay = this.relay!;
    const now = this.clock.now();
    const [counts, oldest, last24h, recent, resends] = await Promise.all([
      relay.counts(), relay.oldestPendingAt(), this.repo.batchesSince(new Date(now.getTime() - 86_400_000)), this.repo.recentBatches(20), this.repo.resends(10),
    ]);
    const s = relay.status;
    return {
      endpoint: this.endpoint.url, upstream: this.endpoint.fake ? 'fake' : 'real',
      counts: { pending: counts.pending, delivered: counts.done, refused: counts.dead },
      lagMs: oldest ? Math.max(0, now.getTime() - oldest.getTime()) : 0,
      oldestPendingAt: oldest?.toISOString() ?? null,
      consecutiveFailures: s.consecutiveFailures, lastError: s.lastError,
      lastFailureAt: s.lastFailureAt?.toISOString() ?? null, lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
      last24h, recentBatches: recent.map(batchView), resends: resends.map(resendView), kindsSent: feedKindsSent,
    };
  }

  /** A resend of a period on the upstream's request: every record of the period again, with its own key (the upstream keeps one). */
  async requestResend(actor: RequestActor, input: FeedResendInput): Promise<FeedResendView> {
    if (!mayResendFeed(actor)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有平台管理员可以要求重新报送');
    // A bare date is a day in Beijing time (the upstream's and the admin's calendar).
    const instant = (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? shanghaiInstant(text) : new Date(text));
    const from = instant(input.from);
    const to = instant(input.to);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new ValidationError('FEED_RESEND_PERIOD_INVALID', `重新报送的时段无法识别：${input.from} – ${input.to}`);
    if (from >= to) throw new ValidationError('FEED_RESEND_PERIOD_INVALID', `重新报送的开始时间 ${input.from} 须早于结束时间 ${input.to}`);
    if (to.getTime() - from.getTime() > MAX_RESEND_DAYS * 86_400_000) throw new ValidationError('FEED_RESEND_PERIOD_INVALID', `重新报送的时段不能超过 ${MAX_RESEND_DAYS} 天（${input.from} – ${input.to}）`);
    const total = await this.relay!.countEventsInPeriod(from, to);
    const row = await this.repo.addResend({
      periodFrom: from, periodTo: to, status: total ? 'running' : 'done', afterEventId: 0, total, sent: 0, requestedBy: actor.userId, requestedAt: this.clock.now(), doneAt: total ? null : this.clock.now(),
    });
    if (total) this.relay!.kick();
    return resendView(row);
  }

  private async post(events: DomainEvent[], resend: boolean, resendId: number | null): Promise<{ records: number; refusedEvents: Array<{ eventId: number; reason: string }> }> {
    const byKey = new Map<string, number>();
    const records: FeedRecord[] = [];
    for (const e of events) {
      for (const r of recordsOf(e, this.appId, resend)) {
        byKey.set(r.key, e.id);
        records.push(r);
      }
    }
    if (!records.length) return { records: 0, refusedEvents: [] };
    const started = Date.now();
    const log = (outcome: 'ok' | 'failed', error: string | null) => this.repo.logBatch({
      kind: resend ? 'resend' : 'live', resendId, records: records.length, firstEventId: events[0]!.id, lastEventId: events.at(-1)!.id,
      outcome, error, durationMs: Date.now() - started, sentAt: this.clock.now(),
    });
    try {
      const { refused } = await this.upstream.send(records);
      await log('ok', refused.length ? `${refused.length} 条被拒收` : null);
      const refusedEvents = new Map<number, string>();
      for (const r of refused) {
        const eventId = byKey.get(r.key);
        if (eventId != null && !refusedEvents.has(eventId)) refusedEvents.set(eventId, `记录 ${r.key} 被监管平台拒收：${r.reason}`);
      }
      return { records: records.length, refusedEvents: [...refusedEvents].map(([eventId, reason]) => ({ eventId, reason })) };
    } catch (err) {
      await log('failed', err instanceof Error ? err.message : String(err)).catch(() => undefined);
      throw err;
    }
  }
}

const batchView = (b: FeedBatchRow): FeedBatchView => ({
  id: b.id, kind: b.kind, records: b.records, firstEventId: b.firstEventId, lastEventId: b.lastEventId, outcome: b.outcome, error: b.error,
  durationMs: b.durationMs, sentAt: new Date(b.sentAt).toISOString(),
});

const resendView = (r: FeedResendRow): FeedResendView => ({
  id: r.id, from: new Date(r.periodFrom).toISOString(), to: new Date(r.periodTo).toISOString(), status: r.status, total: r.total, sent: r.sent,
  requestedBy: r.requestedBy, requestedAt: new Date(r.requestedAt).toISOString(), doneAt: r.doneAt ? new Date(r.doneAt).toISOString() : null,
});
