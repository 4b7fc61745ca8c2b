import { EntitySchema } from 'typeorm';
import type { DeliveryStatus } from '@shared/events/domain-events';

/** A domain event, written in the same transaction as the change it reports; never changed after. */
export interface DomainEventRow {
  id: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payloadJson: string;
  occurredAt: Date;
}

/** One subscriber's delivery of one event: its attempts, lease and outcome. */
export interface EventDeliveryRow {
  id: number;
  eventId: number;
  subscriber: string;
  /** `<aggregate type>:<aggregate id>`: deliveries of one subscriber and key run in event order. */
  aggregateKey: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  /** Set when an instance claims the delivery; another may take it over once it passed. */
  leaseUntil: Date | null;
  leaseToken: string | null;
  lastError: string | null;
  doneAt: Date | null;
}

const id = { type: 'integer' as const, primary: true, generated: 'increment' as const };

export const DomainEventEntity = new EntitySchema<DomainEventRow>({
  name: 'DomainEvent', tableName: 'domain_event',
  columns: {
    id,
    type: { type: 'varchar', length: 64 },
    aggregateType: { type: 'varchar', length: 32, name: 'aggregate_type' },
    aggregateId: { type: 'varchar', length: 64, name: 'aggregate_id' },
    payloadJson: { type: 'text', name: 'payload_json' },
    occurredAt: { type: 'datetime', precision: 3, name: 'occurred_at' },
  },
});

export const EventDeliveryEntity = new EntitySchema<EventDeliveryRow>({
  name: 'EventDelivery', tableName: 'event_delivery',
  columns: {
    id,
    eventId: { type: 'integer', name: 'event_id' },
    subscriber: { type: 'varchar', length: 64 },
    aggregateKey: { type: 'varchar', length: 100, name: 'aggregate_key' },
    status: { type: 'varchar', length: 16 },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: 'datetime', precision: 3, name: 'next_attempt_at' },
    leaseUntil: { type: 'datetime', precision: 3, name: 'lease_until', nullable: true },
    leaseToken: { type: 'varchar', length: 36, name: 'lease_token', nullable: true },
    lastError: { type: 'varchar', length: 500, name: 'last_error', nullable: true },
    doneAt: { type: 'datetime', precision: 3, name: 'done_at', nullable: true },
  },
});

/** The sender lease of a batch subscriber: one instance at a time sends its deliveries, in order. */
export interface EventBatchLeaseRow { subscriber: string; holder: string; leaseUntil: Date }

export const EventBatchLeaseEntity = new EntitySchema<EventBatchLeaseRow>({
  name: 'EventBatchLease', tableName: 'event_batch_lease',
  columns: {
    subscriber: { type: 'varchar', length: 64, primary: true },
    holder: { type: 'varchar', length: 64 },
    leaseUntil: { type: 'datetime', precision: 3, name: 'lease_until' },
  },
});

export const OutboxEntities = [DomainEventEntity, EventDeliveryEntity, EventBatchLeaseEntity];
