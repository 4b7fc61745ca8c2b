import type { z } from 'zod';
import { tripEvents } from '../trips/trips.events';
import { notificationEvents } from '../notifications/notifications.events';
import { paymentEvents } from '../payments/payments.events';
import { telematicsEvents } from '../telematics/telematics.events';
import { rentalEvents } from '../rental/rental.events';
import { reservationEvents } from '../reservations/reservations.events';
import { fleetEvents } from '../fleet/fleet.events';
import { identityEvents } from '../identity/identity.events';
import { supervisionEvents } from '../supervision/supervision.events';

/**
 * Every domain event type and the zod schema of its payload. A type reads `<aggregate>.<what happened>`:
 * the part before the dot names the aggregate whose events are delivered in order.
 */
export const domainEvents = {
  ...tripEvents,
  ...notificationEvents,
  ...paymentEvents,
  ...telematicsEvents,
  ...rentalEvents,
  ...reservationEvents,
  ...fleetEvents,
  ...identityEvents,
  ...supervisionEvents,
} as const;

export type DomainEventType = keyof typeof domainEvents;
export type DomainEventPayload<T extends DomainEventType> = z.infer<(typeof domainEvents)[T]>;

export const deliveryStatuses = ['pending', 'done', 'dead'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
