export { EventBus, loadEventBusSettings, PermanentEventFailure } from './event-bus';
export type { DomainEvent, EventHandler, EventBusSettings, SubscribeOptions } from './event-bus';
export { OutboxRepository } from './outbox.repository';
export { OutboxEntities } from './outbox.entity';
export type { DomainEventRow, EventDeliveryRow } from './outbox.entity';
export { eventsRoutes } from './events.routes';
