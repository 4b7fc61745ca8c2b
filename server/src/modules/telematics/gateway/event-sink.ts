import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { TelematicsEvent, TelematicsEventSink } from '../telematics.ports';

export const EVENTS_CHANNEL = 'tm:events';
/** Alarms waiting for the main process to record them as domain events (AlarmPump): a Redis list, oldest first. */
export const ALARMS_QUEUE = 'tm:alarms';
/** A queue nobody drains (the platform down for days) stops growing here; the oldest go first. */
const ALARMS_QUEUE_MAX = 200_000;

/**
 * From whichever gateway worker sees them: every event on a Redis channel (live views: who is
 * online, what changed), and alarms also appended to a Redis list, from which the main process
 * records them in the outbox (AlarmPump) — an alarm must not be lost because nobody listened.
 */
export class RedisEventSink implements TelematicsEventSink {
  constructor(private readonly redis: Redis) {}
  publish(event: TelematicsEvent): void {
    this.redis.publish(EVENTS_CHANNEL, JSON.stringify(event)).catch(() => undefined);
    if (event.type === 'alarm.raised' || event.type === 'alarm.cleared') {
      // Each entry unique (its own id), so a batch of them has a digest no other batch has.
      this.redis.multi().rpush(ALARMS_QUEUE, JSON.stringify({ ...event, entryId: randomUUID() })).ltrim(ALARMS_QUEUE, -ALARMS_QUEUE_MAX, -1).exec().catch(() => undefined);
    }
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
