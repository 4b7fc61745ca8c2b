import { z } from 'zod';
import { deliveryListQuerySchema, eventDeliveryPageSchema, eventDeliverySchema, EventDeliveryView } from '@shared/events/events.schemas';
import { ApiRouter } from '../http/api-router';
import type { EventBus } from './event-bus';
import type { DomainEventRow, EventDeliveryRow } from './outbox.entity';

const idParams = z.object({ id: z.coerce.number().int().positive('投递编号须为正整数') });

/** The platform admin's look at deliveries that were given up, and the retry action. */
export function eventsRoutes(bus: EventBus): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/platform/event-deliveries', tag: 'platform', summary: '事件投递（默认：已放弃的），含最后一次错误',
      auth: ['platform_admin'], query: deliveryListQuerySchema, response: eventDeliveryPageSchema,
      handler: async ({ query }) => {
        const { rows, total } = await bus.deliveries(query.status, query.page, query.pageSize);
        return { items: rows.map((r) => toView(r.delivery, r.event)), total, page: query.page, pageSize: query.pageSize };
      },
    })
    .add({
      method: 'post', path: '/api/platform/event-deliveries/:id/retry', tag: 'platform', summary: '重试一条已放弃的事件投递',
      auth: ['platform_admin'], params: idParams, response: eventDeliverySchema,
      handler: async ({ params }) => {
        const d = await bus.retry(params.id);
        return toView(d, await bus.eventOf(d.eventId));
      },
    });
}

function toView(d: EventDeliveryRow, e: DomainEventRow): EventDeliveryView {
  return {
    id: d.id, eventId: d.eventId, type: e.type, aggregateType: e.aggregateType, aggregateId: e.aggregateId, subscriber: d.subscriber,
    status: d.status, attempts: d.attempts, nextAttemptAt: new Date(d.nextAttemptAt).toISOString(), lastError: d.lastError,
    occurredAt: new Date(e.occurredAt).toISOString(), payload: JSON.parse(e.payloadJson) as unknown,
  };
}
