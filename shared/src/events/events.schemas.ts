import { z } from 'zod';
import { deliveryStatuses } from './domain-events';

/** The platform admin's view of event deliveries (given up ones, with their last error). */
export const deliveryListQuerySchema = z.object({
  status: z.enum(deliveryStatuses).default('dead'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DeliveryListQuery = z.infer<typeof deliveryListQuerySchema>;

export const eventDeliverySchema = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  type: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  subscriber: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  occurredAt: z.string(),
  payload: z.unknown(),
});
export type EventDeliveryView = z.infer<typeof eventDeliverySchema>;

export const eventDeliveryPageSchema = z.object({
  items: z.array(eventDeliverySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(),
});

export const EventsErrorCode = {
  EVENT_NOT_FOUND: 'EVENT_NOT_FOUND',
  EVENT_DELIVERY_NOT_FOUND: 'EVENT_DELIVERY_NOT_FOUND',
  EVENT_DELIVERY_NOT_DEAD: 'EVENT_DELIVERY_NOT_DEAD',
} as const;
