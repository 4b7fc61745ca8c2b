import { In } from 'typeorm';
import type { Database } from '../db/database';
import { DomainEventEntity, DomainEventRow, EventBatchLeaseEntity, EventDeliveryEntity, EventDeliveryRow } from './outbox.entity';

export interface DeliveryPage { rows: Array<{ delivery: EventDeliveryRow; event: DomainEventRow }>; total: number }

/** The only ORM code of the outbox. Joins the caller's unit of work (db.manager). */
export class OutboxRepository {
  constructor(private readonly db: Database) {}

  async insert(event: Omit<DomainEventRow, 'id'>, subscribers: readonly string[], now: Date): Promise<DomainEventRow> {
    const em = this.db.manager;
    const row = await em.save(DomainEventEntity, em.create(DomainEventEntity, event));
    if (subscribers.length) {
      await em.insert(EventDeliveryEntity, subscribers.map((subscriber) => ({
        eventId: row.id, subscriber, aggregateKey: `${event.aggregateType}:${event.aggregateId}`, status: 'pending' as const, attempts: 0,
        nextAttemptAt: now, leaseUntil: null, leaseToken: null, lastError: null, doneAt: null,
      })));
    }
    return row;
  }

  /**
   * Deliveries to `subscribers` due now and free (never claimed, or their lease ran out), each the first
   * not done of its subscriber and aggregate: a later event of an aggregate waits for the earlier ones.
   * An instance asks only for the subscribers it has (during a rolling deploy, an older instance
   * leaves a new subscriber's deliveries to the newer ones).
   */
  due(now: Date, limit: number, subscribers: readonly string[], eventIds?: readonly number[]): Promise<EventDeliveryRow[]> {
    if ((eventIds && !eventIds.length) || !subscribers.length) return Promise.resolve([]);
    const qb = this.db.manager.createQueryBuilder(EventDeliveryEntity, 'd')
      .where('d.status = :pending AND d.nextAttemptAt <= :now AND (d.leaseUntil IS NULL OR d.leaseUntil < :now)', { pending: 'pending', now })
      .andWhere(`NOT EXISTS (SELECT 1 FROM event_delivery p WHERE p.subscriber = d.subscriber AND p.aggregate_key = d.aggregate_key AND p.id < d.id AND p.status <> 'done')`);
    qb.andWhere('d.subscriber IN (:...subscribers)', { subscribers });
    if (eventIds) qb.andWhere('d.eventId IN (:...eventIds)', { eventIds });
    return qb.orderBy('d.id', 'ASC').take(limit).getMany();
  }

  /** Claims a delivery for one attempt; false when another instance holds it or it is no longer pending. */
  async claim(d: EventDeliveryRow, token: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const r = await this.db.manager.createQueryBuilder().update(EventDeliveryEntity)
      .set({ leaseUntil, leaseToken: token, attempts: () => 'attempts + 1' })
      .where('id = :id AND status = :pending AND (lease_until IS NULL OR lease_until < :now)', { id: d.id, pending: 'pending', now })
      .execute();
    return r.affected === 1;
  }

  /** Marks a claimed delivery done; false when the lease was lost (another instance took it over). */
  async complete(id: number, token: string, now: Date): Promise<boolean> {
    const r = await this.db.manager.update(EventDeliveryEntity, { id, leaseToken: token, status: 'pending' }, { status: 'done', doneAt: now, leaseUntil: null, lastError: null });
    return r.affected === 1;
  }

  /** A failed attempt: back to pending at `nextAttemptAt`, or dead. */
  async fail(id: number, token: string, status: 'pending' | 'dead', nextAttemptAt: Date, lastError: string): Promise<void> {
    await this.db.manager.update(EventDeliveryEntity, { id, leaseToken: token, status: 'pending' }, { status, nextAttemptAt, leaseUntil: null, leaseToken: null, lastError: lastError.slice(0, 500) });
  }

  events(ids: number[]): Promise<DomainEventRow[]> {
    return ids.length ? this.db.manager.find(DomainEventEntity, { where: { id: In([...new Set(ids)]) } }) : Promise.resolve([]);
  }

  findDelivery(id: number): Promise<EventDeliveryRow | null> {
    return this.db.manager.findOne(EventDeliveryEntity, { where: { id } });
  }

  /** A dead delivery back to pending, tried again from its first attempt. */
  async revive(id: number, now: Date): Promise<boolean> {
    const r = await this.db.manager.update(EventDeliveryEntity, { id, status: 'dead' }, { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, leaseToken: null });
    return r.affected === 1;
  }

  async list(status: EventDeliveryRow['status'], page: number, pageSize: number): Promise<DeliveryPage> {
    const [deliveries, total] = await this.db.manager.findAndCount(EventDeliveryEntity, { where: { status }, order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    const events = new Map((await this.events(deliveries.map((d) => d.eventId))).map((e) => [e.id, e]));
    return { rows: deliveries.map((delivery) => ({ delivery, event: events.get(delivery.eventId)! })), total };
  }

  /** Deliveries of events of an aggregate (tests and the admin's look at one trip's events). */
  deliveriesOf(eventIds: number[]): Promise<EventDeliveryRow[]> {
    return eventIds.length ? this.db.manager.find(EventDeliveryEntity, { where: { eventId: In(eventIds) }, order: { id: 'ASC' } }) : Promise.resolve([]);
  }

  eventsOfAggregate(aggregateType: string, aggregateId: string): Promise<DomainEventRow[]> {
    return this.db.manager.find(DomainEventEntity, { where: { aggregateType, aggregateId }, order: { id: 'ASC' } });
  }
}

/**
 * The ORM code of batch subscribers (the upward feed): one sender per subscriber at a time, holding a
 * lease row, takes the oldest pending deliveries in id order and settles them together.
 */
export class BatchOutboxRepository {
  constructor(private readonly db: Database) {}

  /** Takes or renews the subscriber's sender lease; false when another instance holds it. */
  async holdLease(subscriber: string, holder: string, now: Date, until: Date): Promise<boolean> {
    const em = this.db.manager;
    const r = await em.createQueryBuilder().update(EventBatchLeaseEntity)
      .set({ holder, leaseUntil: until })
      .where('subscriber = :subscriber AND (holder = :holder OR lease_until < :now)', { subscriber, holder, now })
      .execute();
    if (r.affected === 1) return true;
    if (await em.findOne(EventBatchLeaseEntity, { where: { subscriber } })) return false;
    try {
      await em.insert(EventBatchLeaseEntity, { subscriber, holder, leaseUntil: until });
      return true;
    } catch {
      return false; // another instance inserted it first
    }
  }

  async releaseLease(subscriber: string, holder: string): Promise<void> {
    await this.db.manager.update(EventBatchLeaseEntity, { subscriber, holder }, { leaseUntil: new Date(0) });
  }

  /**
   * The oldest pending deliveries of a subscriber (in id order: the order the events committed in per aggregate).
   * On MariaDB through the (subscriber, status, id) index, named: left to itself the optimizer walks the
   * primary key past every delivery already done (a day's million of them), or sorts every pending one.
   */
  pending(subscriber: string, limit: number): Promise<EventDeliveryRow[]> {
    return this.db.manager.createQueryBuilder(EventDeliveryEntity, 'd').useIndex('ix_event_delivery_queue')
      .where('d.subscriber = :subscriber AND d.status = :pending', { subscriber, pending: 'pending' })
      .orderBy('d.id', 'ASC').take(limit).getMany();
  }

  async complete(ids: number[], now: Date): Promise<void> {
    if (!ids.length) return;
    await this.db.manager.createQueryBuilder().update(EventDeliveryEntity)
      .set({ status: 'done', doneAt: now, attempts: () => 'attempts + 1', leaseUntil: null, leaseToken: null, lastError: null })
      .where('id IN (:...ids) AND status = :pending', { ids, pending: 'pending' }).execute();
  }

  /** Deliveries the receiver refused for good: dead, with its reason (the admin may retry them). */
  async reject(rejected: Array<{ id: number; reason: string }>): Promise<void> {
    for (const r of rejected) {
      await this.db.manager.createQueryBuilder().update(EventDeliveryEntity)
        .set({ status: 'dead', attempts: () => 'attempts + 1', lastError: r.reason.slice(0, 500) })
        .where('id = :id AND status = :pending', { id: r.id, pending: 'pending' }).execute();
    }
  }

  /** A failed attempt of a batch: counted and its error kept; the deliveries stay pending. */
  async failed(ids: number[], error: string): Promise<void> {
    if (!ids.length) return;
    await this.db.manager.createQueryBuilder().update(EventDeliveryEntity)
      .set({ attempts: () => 'attempts + 1', lastError: error.slice(0, 500) })
      .where('id IN (:...ids) AND status = :pending', { ids, pending: 'pending' }).execute();
  }

  async counts(subscriber: string): Promise<Record<'pending' | 'done' | 'dead', number>> {
    const rows = await this.db.manager.createQueryBuilder(EventDeliveryEntity, 'd')
      .select('d.status', 'status').addSelect('COUNT(*)', 'n')
      .where('d.subscriber = :subscriber', { subscriber }).groupBy('d.status').getRawMany<{ status: string; n: number | string }>();
    const out = { pending: 0, done: 0, dead: 0 };
    for (const r of rows) if (r.status in out) out[r.status as keyof typeof out] = Number(r.n);
    return out;
  }

  /** When the oldest event still waiting for the subscriber occurred (null: none waits). */
  async oldestPendingAt(subscriber: string): Promise<Date | null> {
    const [d] = await this.pending(subscriber, 1);
    if (!d) return null;
    const e = await this.db.manager.findOne(DomainEventEntity, { where: { id: d.eventId } });
    return e ? new Date(e.occurredAt) : null;
  }

  /** Events of `types` that occurred in [from, to), after event `afterId`, in id order (a resend of a period). */
  eventsInPeriod(types: readonly string[], from: Date, to: Date, afterId: number, limit: number): Promise<DomainEventRow[]> {
    if (!types.length) return Promise.resolve([]);
    return this.db.manager.createQueryBuilder(DomainEventEntity, 'e')
      .where('e.type IN (:...types) AND e.occurredAt >= :from AND e.occurredAt < :to AND e.id > :afterId', { types, from, to, afterId })
      .orderBy('e.id', 'ASC').take(limit).getMany();
  }

  countEventsInPeriod(types: readonly string[], from: Date, to: Date): Promise<number> {
    if (!types.length) return Promise.resolve(0);
    return this.db.manager.createQueryBuilder(DomainEventEntity, 'e')
      .where('e.type IN (:...types) AND e.occurredAt >= :from AND e.occurredAt < :to', { types, from, to }).getCount();
  }
}
