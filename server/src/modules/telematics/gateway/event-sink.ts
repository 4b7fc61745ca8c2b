import type Redis from 'ioredis';
import type { TelematicsEvent, TelematicsEventSink } from '../telematics.ports';

export const EVENTS_CHANNEL = 'tm:events';

/**
 * Publishes alarm/status/online events on a Redis channel, from whichever worker sees them; the
 * supervision module subscribes (subscribeTelematicsEvents). Fire-and-forget: a warning that must
 * survive restarts belongs in an outbox, which the platform's events module is to provide.
 */
export class RedisEventSink implements TelematicsEventSink {
  constructor(private readonly redis: Redis) {}
  publish(event: TelematicsEvent): void {
    this.redis.publish(EVENTS_CHANNEL, JSON.stringify(event)).catch(() => undefined);
  }
}

export async function subscribeTelematicsEvents(redis: Redis, handler: (e: TelematicsEvent) => void): Promise<() => void> {
  const sub = redis.duplicate();
  sub.on('message', (channel: string, payload: string) => {
    if (channel === EVENTS_CHANNEL) handler(JSON.parse(payload) as TelematicsEvent);
  });
  await sub.subscribe(EVENTS_CHANNEL);
  // Unsubscribe before disconnecting (see CommandBus.close: the emulation keeps listeners otherwise).
  return () => {
    void sub.unsubscribe().catch(() => undefined).finally(() => sub.disconnect());
  };
}
