import type { DomainEventPayload, DomainEventType } from '@shared/events/domain-events';

/** A domain event as subscribers get it. */
export interface DomainEvent<T extends DomainEventType = DomainEventType> {
  id: number;
  type: T;
  aggregateType: string;
  aggregateId: string;
  payload: DomainEventPayload<T>;
  occurredAt: Date;
}
