import { createHash, randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { GatewayLogger } from './gateway/gateway.server';
import { ALARMS_QUEUE } from './gateway/event-sink';
import type { TelematicsEvent } from './telematics.ports';
import type { TelematicsRepository } from './telematics.repository';

const LOCK_KEY = 'tm:alarms:pump';
const LOCK_MS = 30_000;

/**
 * Records the gateway's alarms (a Redis list every worker appends to) as domain events
 * (`vehicle.alarm_raised` / `vehicle.alarm_cleared`), so supervision's warnings hear of every alarm
 * even when nobody listened at that moment. One instance pumps at a time (a Redis lock). A batch's
 * events commit with the digest of the batch; the batch leaves the queue after the commit. If the
 * process dies in between, the next pump finds the same batch at the head, knows its digest, and only
 * takes it off: an alarm becomes an event exactly once.
 */
export class AlarmPump {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly redis: Redis, private readonly db: Database, private readonly repo: TelematicsRepository,
    private readonly events: Pick<EventBus, 'record'>, private readonly logger: GatewayLogger, private readonly batch = 500,
  ) {}

  start(intervalMs = 1_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.pump().catch((err: unknown) => this.logger.error({ err }, 'alarm pump failed; will retry')), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One batch; returns how many alarms it recorded. */
  pump(): Promise<number> {
    if (!this.running) this.running = this.pumpOnce().finally(() => { this.running = null; });
    return this.running;
  }

  private async pumpOnce(): Promise<number> {
    const token = randomUUID();
    if ((await this.redis.set(LOCK_KEY, token, 'PX', LOCK_MS, 'NX')) !== 'OK') return 0;
    try {
      const entries = await this.redis.lrange(ALARMS_QUEUE, 0, this.batch - 1);
      if (!entries.length) return 0;
      const digest = createHash('sha256').update(entries.join('\n')).digest('hex');
      const recorded = await this.db.transaction(async () => {
        if ((await this.repo.lockAlarmCursor()) === digest) return 0; // recorded before a crash; only the trim is left
        let n = 0;
        for (const entry of entries) {
          const e = parse(entry);
          if (!e) {
            this.logger.error({ entry: entry.slice(0, 200) }, 'unreadable alarm entry skipped');
            continue;
          }
          await this.events.record(e.type === 'alarm.raised' ? 'vehicle.alarm_raised' : 'vehicle.alarm_cleared', e.vehicleId, {
            vehicleId: e.vehicleId, bits: e.bits, at: e.at, lat: e.latE6 / 1e6, lng: e.lonE6 / 1e6,
          });
          n++;
        }
        await this.repo.moveAlarmCursor(digest);
        return n;
      });
      await this.redis.ltrim(ALARMS_QUEUE, entries.length, -1);
      return recorded;
    } finally {
      if ((await this.redis.get(LOCK_KEY)) === token) await this.redis.del(LOCK_KEY);
    }
  }
}

function parse(entry: string): Extract<TelematicsEvent, { type: 'alarm.raised' | 'alarm.cleared' }> | null {
  try {
    const e = JSON.parse(entry) as TelematicsEvent;
    return (e.type === 'alarm.raised' || e.type === 'alarm.cleared') && Number.isInteger(e.vehicleId) && e.bits.length ? e : null;
  } catch {
    return null;
  }
}
