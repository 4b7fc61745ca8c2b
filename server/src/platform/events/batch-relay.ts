import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { DomainEventType } from '@shared/events/domain-events';
import type { Database } from '../db/database';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { DomainEvent } from './domain-event';
import type { DomainEventRow } from './outbox.entity';
import type { BatchOutboxRepository, OutboxRepository } from './outbox.repository';

/** What the receiver made of a batch: the events it refused for good (the rest were taken). */
export interface BatchOutcome { rejected: Array<{ eventId: number; reason: string }> }
export type BatchHandler = (events: DomainEvent[]) => Promise<BatchOutcome>;

export interface BatchRelaySettings {
  /** Deliveries handed to the handler at once. */
  batchSize: number;
  /** Wait after the first failed attempt; doubled per further failure, at most retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long the sender lease lasts; a killed instance's lease is taken over after it. */
  leaseMs: number;
  /** With nothing to send, the sender looks again after this (a commit wakes it at once). */
  idleMs: number;
}

export interface BatchRelayStatus {
  consecutiveFailures: number;
  lastError: string | null;
  lastFailureAt: Date | null;
  lastSuccessAt: Date | null;
  /** Whether this instance holds the sender lease now. */
  sending: boolean;
}

export const toDomainEvent = (row: DomainEventRow): DomainEvent => ({
  id: row.id, type: row.type as DomainEventType, aggregateType: row.aggregateType, aggregateId: row.aggregateId,
  payload: JSON.parse(row.payloadJson) as DomainEvent['payload'], occurredAt: new Date(row.occurredAt),
});

/**
 * The sender of a batch subscriber (the upward feed): its deliveries are written with the events, in
 * the same transaction as the change (the outbox), and one instance at a time — the holder of the
 * subscriber's lease row — hands the oldest pending ones, in id order, to the handler in batches.
 * One sender in id order keeps every record's events in order; a batch is marked done only after the
 * handler returned, so a crash resends it (at least once: the receiver de-duplicates by key). A failed
 * batch stays pending and is tried again after a doubling back-off; nothing is given up for an outage,
 * only what the receiver refuses for good goes dead (listed for the platform admin, who may retry it).
 * `extra` is further work done under the same lease when the queue allows (a resend of a period).
 */
export class BatchRelay {
  private readonly holder = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private kicked = false;
  private readonly state: BatchRelayStatus = { consecutiveFailures: 0, lastError: null, lastFailureAt: null, lastSuccessAt: null, sending: false };

  constructor(
    readonly name: string,
    readonly types: readonly DomainEventType[],
    private readonly db: Database,
    private readonly outbox: OutboxRepository,
    private readonly repo: BatchOutboxRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly handler: BatchHandler,
    readonly settings: BatchRelaySettings,
    private readonly extra?: () => Promise<boolean>,
  ) {}

  get status(): BatchRelayStatus {
    return { ...this.state };
  }

  /** The subscriber's deliveries by status. */
  counts(): Promise<Record<'pending' | 'done' | 'dead', number>> {
    return this.repo.counts(this.name);
  }

  /** When the oldest event still waiting occurred (null: none waits): the feed's lag. */
  oldestPendingAt(): Promise<Date | null> {
    return this.repo.oldestPendingAt(this.name);
  }

  /** The subscriber's events that occurred in [from, to), after event `afterId`, in id order (a resend of a period). */
  async eventsInPeriod(from: Date, to: Date, afterId: number, limit: number): Promise<DomainEvent[]> {
    return (await this.repo.eventsInPeriod(this.types, from, to, afterId, limit)).map(toDomainEvent);
  }

  countEventsInPeriod(from: Date, to: Date): Promise<number> {
    return this.repo.countEventsInPeriod(this.types, from, to);
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.loop().catch((err: unknown) => this.logger.error({ err, subscriber: this.name }, 'batch sender stopped'));
  }

  /** New deliveries committed: look at once. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.running = null;
    await this.repo.releaseLease(this.name, this.holder).catch(() => undefined);
  }

  /** One step: send one batch (and the extra work) if this instance holds the lease. Returns whether anything was sent. */
  async step(): Promise<boolean> {
    const now = this.clock.now();
    this.state.sending = await this.repo.holdLease(this.name, this.holder, now, new Date(now.getTime() + this.settings.leaseMs));
    if (!this.state.sending) return false;
    const due = await this.repo.pending(this.name, this.settings.batchSize);
    let sent = false;
    if (due.length) {
      const rows = new Map((await this.outbox.events(due.map((d) => d.eventId))).map((e) => [e.id, e]));
      const events = due.map((d) => toDomainEvent(rows.get(d.eventId)!));
      const outcome = await this.handler(events);
      const refused = new Map(outcome.rejected.map((r) => [r.eventId, r.reason]));
      await this.db.transaction(async () => {
        await this.repo.reject(due.filter((d) => refused.has(d.eventId)).map((d) => ({ id: d.id, reason: refused.get(d.eventId)! })));
        await this.repo.complete(due.filter((d) => !refused.has(d.eventId)).map((d) => d.id), this.clock.now());
      });
      sent = true;
    }
    if (this.extra && (await this.extra())) sent = true;
    return sent;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.kicked = false;
      let sent = false;
      try {
        sent = await this.step();
        if (sent) {
          this.state.consecutiveFailures = 0;
          this.state.lastSuccessAt = this.clock.now();
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.state.consecutiveFailures++;
        this.state.lastError = message;
        this.state.lastFailureAt = this.clock.now();
        const wait = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (this.state.consecutiveFailures - 1));
        this.logger.warn({ err, subscriber: this.name, failures: this.state.consecutiveFailures, retryInMs: wait }, 'batch delivery failed; will retry');
        await this.markFailed(message);
        await this.sleep(wait, false);
        continue;
      }
      if (!sent && !this.kicked) await this.sleep(this.state.sending ? this.settings.idleMs : Math.max(this.settings.idleMs, this.settings.leaseMs / 3), true);
    }
  }

  /** The attempt and its error on the batch that failed (what the admin sees per delivery). */
  private async markFailed(message: string): Promise<void> {
    try {
      const due = await this.repo.pending(this.name, this.settings.batchSize);
      await this.repo.failed(due.map((d) => d.id), message);
    } catch (err) {
      this.logger.warn({ err, subscriber: this.name }, 'failed batch not marked');
    }
  }

  private sleep(ms: number, wakeOnKick: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.wake === waker) self.wake = null;
        resolve();
      }
      const waker = (): void => {
        if (this.stopped || wakeOnKick) done();
      };
      this.wake = waker;
    });
  }
}
