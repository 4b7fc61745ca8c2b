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

/** What each event means, in the admin's words. */
export const eventTypeLabel: Record<string, string> = {
  'trip.fulfilled': '行程已完成', 'trip.costs_corrected': '行程费用更正', 'trip.no_show': '用车人未到', 'trip.cancelled': '行程取消',
  'payment.paid': '支付成功', 'notification.wechat_requested': '微信订阅消息', 'vehicle.alarm_raised': '车辆报警', 'vehicle.alarm_cleared': '车辆报警解除',
};
/** Who receives it. */
export const subscriberLabel: Record<string, string> = {
  'settlement.trip-billing': '结算计费', 'notifications.wechat': '微信消息发送',
};
/** What an event is about. */
export const aggregateLabel: Record<string, string> = { trip: '行程', payment: '支付', notification: '消息', vehicle: '车辆' };
export const deliveryStatusLabel = { pending: '待投递', done: '已完成', dead: '已放弃' } as const;
