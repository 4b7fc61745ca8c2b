import { In } from 'typeorm';
import type { Database } from '../db/database';
import { DomainEventEntity, DomainEventRow, EventDeliveryEntity, EventDeliveryRow } from './outbox.entity';

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
