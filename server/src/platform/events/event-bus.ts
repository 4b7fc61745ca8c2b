import { randomUUID } from 'node:crypto';
import { domainEvents, DomainEventPayload, DomainEventType } from '@shared/events/domain-events';
import type { Database } from '../db/database';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ConflictError, NotFoundError } from '../errors';
import type { DomainEventRow, EventDeliveryRow } from './outbox.entity';
import { BatchOutboxRepository, DeliveryPage, OutboxRepository } from './outbox.repository';
import { BatchHandler, BatchRelay, BatchRelaySettings } from './batch-relay';

import type { DomainEvent } from './domain-event';

export type { DomainEvent };

export type EventHandler<T extends DomainEventType> = (event: DomainEvent<T>) => Promise<void>;

export interface SubscribeOptions {
  /**
   * true (default): the handler runs in a transaction with the delivery's completion, so a handler that
   * only writes our database takes effect exactly once. false: for outside effects (a WeChat message):
   * at least once — retried until it succeeds or is given up.
   */
  transactional?: boolean;
  /**
   * true: the change that recorded the event does not wait for this subscriber before its caller answers
   * (a booking is not held up by WeChat's API); it is handed over right after the commit all the same and,
   * as ever, retried by the relay. false (default): handled before the caller answers, so what the
   * subscriber writes is there when the response is read.
   */
  background?: boolean;
}

export interface EventBusSettings {
  /** Tries before a delivery is given up (dead) and listed for the platform admin. */
  maxAttempts: number;
  /** Wait before the 2nd try; each further try waits 4× longer, at most 6 h. */
  retryBaseMs: number;
  /** How long a claimed delivery is held; a crashed instance's claim is taken over after it. */
  leaseMs: number;
  /** The relay looks for due deliveries this often (besides right after each commit). */
  pollMs: number;
  /** false: events are recorded but nothing is delivered until drain() (a test's instance that must not deliver). */
  relay: boolean;
}

export function loadEventBusSettings(env: Record<string, string | undefined>): EventBusSettings {
  const int = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw == null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  return {
    maxAttempts: int('EVENTS_MAX_ATTEMPTS', 8, 1),
    retryBaseMs: int('EVENTS_RETRY_BASE_MS', 30_000, 0),
    leaseMs: int('EVENTS_LEASE_MS', 60_000, 1_000),
    pollMs: int('EVENTS_POLL_MS', 2_000, 50),
    relay: (env.EVENTS_RELAY ?? 'on') !== 'off',
  };
}

/** Thrown by a handler when trying again cannot help: the delivery is given up at once. */
export class PermanentEventFailure extends Error {}

class LeaseLost extends Error {}

interface Subscription { name: string; transactional: boolean; background: boolean; handler: EventHandler<DomainEventType> }

/** Deliveries handled at once by one instance (each is its own transaction or outside call). */
const CONCURRENCY = 8;
const MAX_BACKOFF_MS = 6 * 3_600_000;

/**
 * Domain events through a transactional outbox (STYLE.md, "the transactional outbox"). A module
 * records an event inside the transaction of the change it reports; the event and one delivery per
 * subscriber commit with it or not at all. After the commit the deliveries are handed to their
 * subscribers at once, and a relay looks for due ones every pollMs, so a crash between commit and
 * delivery only delays it. Every instance runs the relay; a delivery is claimed (conditional update
 * with a lease) before it is handled, so one instance handles it. Per subscriber, the events of one
 * aggregate are handled in order; failures are retried with back-off and given up after maxAttempts
 * (dead: listed for the platform admin, who may retry them).
 */
export class EventBus {
  private readonly subscriptions = new Map<string, Subscription>();
  /** Batch subscribers (the upward feed): their deliveries are sent by their own BatchRelay, not per event. */
  private readonly batchRelays = new Map<string, BatchRelay>();
  private readonly byType = new Map<DomainEventType, string[]>();
  private timer: NodeJS.Timeout | null = null;
  private relaying: Promise<number> | null = null;
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Deliveries this instance is handling, by event. */
  private readonly handling = new Map<number, Set<Promise<boolean>>>();
  /** Events recorded by each open transaction (keyed by its EntityManager), handed over after its commit. */
  private readonly committing = new WeakMap<object, number[]>();
  /** The same for events whose subscribers all run in the background (the caller does not wait for them). */
  private readonly committingInBackground = new WeakMap<object, number[]>();
  private backgroundIds: number[] = [];
  private backgroundPass: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly repo: OutboxRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly settings: EventBusSettings,
  ) {}

  /** Registers a subscriber (a stable name: deliveries are kept under it) for event types. */
  subscribe<T extends DomainEventType>(name: string, types: readonly T[], handler: EventHandler<T>, options: SubscribeOptions = {}): void {
    if (this.subscriptions.has(name) || this.batchRelays.has(name)) throw new Error(`event subscriber ${name} registered twice`);
    this.subscriptions.set(name, { name, transactional: options.transactional ?? true, background: options.background ?? false, handler: handler as unknown as EventHandler<DomainEventType> });
    for (const t of types) this.byType.set(t, [...(this.byType.get(t) ?? []), name]);
  }

  /**
   * Registers a batch subscriber: its deliveries are written with the events like any other's, and
   * handed to `handler` in batches, in id order, by one sender across instances (see BatchRelay).
   * `extra` is further work the sender does under its lease (a resend of a period).
   */
  subscribeBatch(name: string, types: readonly DomainEventType[], handler: BatchHandler, settings: BatchRelaySettings, extra?: () => Promise<boolean>): BatchRelay {
    if (this.subscriptions.has(name) || this.batchRelays.has(name)) throw new Error(`event subscriber ${name} registered twice`);
    const relay = new BatchRelay(name, types, this.db, this.repo, new BatchOutboxRepository(this.db), this.clock, this.logger, handler, settings, extra);
    this.batchRelays.set(name, relay);
    for (const t of types) this.byType.set(t, [...(this.byType.get(t) ?? []), name]);
    return relay;
  }

  /**
   * Records an event in the caller's transaction (it must run in one: the event commits with the
   * change or not at all). The payload is checked against the event's schema in shared/.
   */
  async record<T extends DomainEventType>(type: T, aggregateId: string | number, payload: DomainEventPayload<T>): Promise<void> {
    if (!this.db.inTransaction) throw new Error(`event ${type} recorded outside a transaction`);
    const parsed = domainEvents[type].parse(payload);
    const now = this.clock.now();
    const row = await this.repo.insert({
      type, aggregateType: type.split('.')[0]!, aggregateId: String(aggregateId), payloadJson: JSON.stringify(parsed), occurredAt: now,
    }, this.byType.get(type) ?? [], now);
    if (!this.settings.relay || !this.byType.get(type)?.length) return;
    for (const name of this.byType.get(type)!) {
      const batch = this.batchRelays.get(name);
      if (batch) this.db.afterCommit(() => batch.kick());
    }
    if (!this.byType.get(type)!.some((n) => this.subscriptions.has(n))) return;
    // One hand-over per transaction, after its commit, for every event it recorded; the caller waits
    // for it unless every subscriber of the event runs in the background.
    const tx = this.db.manager;
    const background = this.byType.get(type)!.filter((n) => this.subscriptions.has(n)).every((n) => this.subscriptions.get(n)!.background);
    const pending = background ? this.committingInBackground : this.committing;
    const ids = pending.get(tx);
    if (ids) ids.push(row.id);
    else {
      const batch = [row.id];
      pending.set(tx, batch);
      if (background) this.db.afterCommit(() => this.handOver(batch));
      else this.db.afterCommit(() => this.deliverCommitted(batch));
    }
  }

  /**
   * Background hand-over: committed events join one queue that a single pass works through (at most
   * CONCURRENCY deliveries at once), so a burst of bookings does not open a call to WeChat per booking at once.
   */
  private handOver(ids: number[]): void {
    this.backgroundIds.push(...ids);
    if (this.backgroundPass) return;
    this.backgroundPass = this.track((async () => {
      try {
        while (this.backgroundIds.length) await this.deliverCommitted(this.backgroundIds.splice(0, 200));
      } finally {
        this.backgroundPass = null;
      }
    })());
  }

  /**
   * Delivers a committed transaction's events before its caller answers. An event that waits for an
   * earlier one of its aggregate (recorded in the same transaction) is due once that one is done, so
   * the pass repeats over these events while it gets somewhere; a relay pass of this instance may have
   * claimed one first, and the caller still waits for it.
   */
  private async deliverCommitted(ids: number[]): Promise<void> {
    for (let round = 0; round < ids.length; round++) {
      if ((await this.track(this.deliver(ids))) === 0) break;
    }
    await Promise.allSettled(ids.flatMap((id) => [...(this.handling.get(id) ?? [])]));
  }

  /** Starts the relay (every instance runs one). */
  start(): void {
    if (this.timer || this.stopped || !this.settings.relay) return;
    this.timer = setInterval(() => void this.relay(), this.settings.pollMs);
    this.timer.unref();
    for (const b of this.batchRelays.values()) b.start();
    // What waited while no instance ran (a crash between commit and delivery) goes out at once.
    void this.relay();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight, ...[...this.batchRelays.values()].map((b) => b.stop())]);
  }

  /** One pass of the relay over every due delivery; returns how many were handled successfully. */
  relay(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    if (!this.relaying) this.relaying = this.track(this.deliver()).finally(() => { this.relaying = null; });
    return this.relaying;
  }

  /** Resolves once every hand-over and relay pass this instance has started is over (delivers nothing itself). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Handles due deliveries until none is left (tests, and the admin's retry). */
  async drain(maxRounds = 50): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      await Promise.allSettled([...this.inFlight]);
      if ((await this.deliver()) === 0 && !(await this.repo.due(this.clock.now(), 1, [...this.subscriptions.keys()])).length) return;
    }
  }

  /** Given-up (or pending) deliveries for the platform admin, newest first. */
  async deliveries(status: EventDeliveryRow['status'], page: number, pageSize: number): Promise<DeliveryPage> {
    return this.repo.list(status, page, pageSize);
  }

  /** The platform admin's retry of a given-up delivery: pending again from its first try, tried now. */
  async retry(deliveryId: number): Promise<EventDeliveryRow> {
    const d = await this.repo.findDelivery(deliveryId);
    if (!d) throw new NotFoundError('EVENT_DELIVERY_NOT_FOUND', `事件投递 ${deliveryId} 不存在`);
    if (!(await this.repo.revive(deliveryId, this.clock.now()))) {
      throw new ConflictError('EVENT_DELIVERY_NOT_DEAD', `事件投递 ${deliveryId} 当前为「${d.status === 'done' ? '已完成' : '待投递'}」，只有已放弃的投递可以重试`);
    }
    await this.track(this.deliver([d.eventId]));
    return (await this.repo.findDelivery(deliveryId))!;
  }

  async eventOf(id: number): Promise<DomainEventRow> {
    const [row] = await this.repo.events([id]);
    if (!row) throw new NotFoundError('EVENT_NOT_FOUND', `事件 ${id} 不存在`);
    return row;
  }

  /** Events of one aggregate with their deliveries (the admin's and tests' view). */
  async history(aggregateType: string, aggregateId: string | number): Promise<Array<{ event: DomainEventRow; deliveries: EventDeliveryRow[] }>> {
    const events = await this.repo.eventsOfAggregate(aggregateType, String(aggregateId));
    const deliveries = await this.repo.deliveriesOf(events.map((e) => e.id));
    return events.map((event) => ({ event, deliveries: deliveries.filter((d) => d.eventId === event.id) }));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Claims and handles due deliveries (of `eventIds` only, when given). */
  private async deliver(eventIds?: number[]): Promise<number> {
    let due: EventDeliveryRow[];
    try {
      due = await this.repo.due(this.clock.now(), 200, [...this.subscriptions.keys()], eventIds);
    } catch (err) {
      this.logger.error({ err }, 'event deliveries not read');
      return 0;
    }
    if (!due.length) return 0;
    const events = new Map((await this.repo.events(due.map((d) => d.eventId))).map((e) => [e.id, e]));
    let handled = 0;
    for (let i = 0; i < due.length; i += CONCURRENCY) {
      const batch = due.slice(i, i + CONCURRENCY);
      const outcomes = await Promise.all(batch.map((d) => this.handle(d, events.get(d.eventId)!).catch((err: unknown) => {
        this.logger.error({ err, deliveryId: d.id }, 'event delivery not settled');
        return false;
      })));
      handled += outcomes.filter(Boolean).length;
    }
    return handled;
  }

  private handle(d: EventDeliveryRow, row: DomainEventRow): Promise<boolean> {
    const p = this.attempt(d, row);
    const set = this.handling.get(d.eventId) ?? new Set<Promise<boolean>>();
    set.add(p);
    this.handling.set(d.eventId, set);
    return p.finally(() => {
      set.delete(p);
      if (!set.size) this.handling.delete(d.eventId);
    });
  }

  private async attempt(d: EventDeliveryRow, row: DomainEventRow): Promise<boolean> {
    const token = randomUUID();
    const now = this.clock.now();
    if (!(await this.repo.claim(d, token, now, new Date(now.getTime() + this.settings.leaseMs)))) return false;
    const attempt = d.attempts + 1;
    const sub = this.subscriptions.get(d.subscriber);
    const event: DomainEvent = {
      id: row.id, type: row.type as DomainEventType, aggregateType: row.aggregateType, aggregateId: row.aggregateId,
      payload: JSON.parse(row.payloadJson) as DomainEvent['payload'], occurredAt: new Date(row.occurredAt),
    };
    try {
      if (!sub) throw new PermanentEventFailure(`没有名为 ${d.subscriber} 的订阅者`);
      if (sub.transactional) {
        await this.db.transaction(async () => {
          await sub.handler(event);
          if (!(await this.repo.complete(d.id, token, this.clock.now()))) throw new LeaseLost();
        });
      } else {
        await sub.handler(event);
        await this.repo.complete(d.id, token, this.clock.now());
      }
      return true;
    } catch (err) {
      if (err instanceof LeaseLost) return false;
      const message = err instanceof Error ? err.message : String(err);
      const dead = err instanceof PermanentEventFailure || attempt >= this.settings.maxAttempts;
      const wait = Math.min(MAX_BACKOFF_MS, this.settings.retryBaseMs * 4 ** (attempt - 1));
      if (dead) this.logger.error({ err, deliveryId: d.id, eventId: d.eventId, type: row.type, subscriber: d.subscriber, attempt }, 'event delivery given up');
      else this.logger.warn({ err, deliveryId: d.id, eventId: d.eventId, type: row.type, subscriber: d.subscriber, attempt }, 'event delivery failed; will retry');
      await this.repo.fail(d.id, token, dead ? 'dead' : 'pending', new Date(this.clock.now().getTime() + (dead ? 0 : wait)), message);
      return false;
    }
  }
}
