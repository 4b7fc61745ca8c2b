export { EventBus, loadEventBusSettings, PermanentEventFailure } from './event-bus';
export type { DomainEvent, EventHandler, EventBusSettings, SubscribeOptions } from './event-bus';
export { OutboxRepository } from './outbox.repository';
export { OutboxEntities } from './outbox.entity';
export type { DomainEventRow, EventDeliveryRow } from './outbox.entity';
export { eventsRoutes } from './events.routes';
export { BatchRelay, toDomainEvent } from './batch-relay';
export type { BatchHandler, BatchOutcome, BatchRelaySettings, BatchRelayStatus } from './batch-relay';
export { BatchOutboxRepository } from './outbox.repository';
