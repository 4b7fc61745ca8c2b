import { eventDeliveryPageSchema, eventDeliverySchema, type EventDeliveryView } from '@shared/events/events.schemas';
import type { DeliveryStatus } from '@shared/events/domain-events';
import { http } from './http';

/** 事件投递 (server/src/platform/events): the platform admin's list of deliveries and the retry of a given-up one. */
export function fetchDeliveries(status: DeliveryStatus, page: number) {
  return http.get('/api/platform/event-deliveries', eventDeliveryPageSchema, { query: { status, page, pageSize: 20 } });
}

export function retryDelivery(id: number): Promise<EventDeliveryView> {
  return http.post(`/api/platform/event-deliveries/${id}/retry`, {}, eventDeliverySchema);
}
