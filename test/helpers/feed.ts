import { In, MoreThan } from 'typeorm';
import type { Database } from '../../server/src/platform/db/database';
import { systemClock } from '../../server/src/platform/clock';
import { createLogger } from '../../server/src/platform/logger';
import { EventBus, OutboxRepository, toDomainEvent } from '../../server/src/platform/events';
import { DomainEventEntity } from '../../server/src/platform/events/outbox.entity';
import { FEED_SUBSCRIBER, feedEventTypes, recordsOf } from '../../server/src/modules/feed';

export const FEED_TEST_KEY = '0123456789abcdef0123456789abcdef';
export const FEED_TEST_APP = 'HB130000-TEST';

/**
 * A producer of feed events on `db`, standing for the platform's modules: a bus of its own (relay off)
 * on which only the feed's subscriber is registered, so the events get the feed's deliveries and no other.
 */
export function feedProducer(db: Database): { record(n: number, tag: number): Promise<void> } {
  const bus = new EventBus(db, new OutboxRepository(db), systemClock, createLogger('silent'), { maxAttempts: 3, retryBaseMs: 1_000, leaseMs: 60_000, pollMs: 1_000, relay: false });
  bus.subscribeBatch(FEED_SUBSCRIBER, feedEventTypes, async () => ({ rejected: [] }), { batchSize: 1, retryBaseMs: 1, retryMaxMs: 1, leaseMs: 1_000, idleMs: 1_000 });
  return {
    /** Records n events (fulfilled trips with costs, alarms raised and cleared on a few cars) in transactions of 50. */
    async record(n, tag) {
      for (let i = 0; i < n; i += 50) {
        await db.transaction(async () => {
          for (let j = i; j < Math.min(n, i + 50); j++) {
            const at = new Date().toISOString();
            const vehicleId = 1 + (j % 7);
            if (j % 3 === 0) {
              const tripId = tag * 1_000_000 + j;
              await bus.record('trip.fulfilled', tripId, {
                tripId, unitId: 1, regionCode: '130102', purpose: '公务', route: '石家庄市 → 保定市', fulfilledAt: at,
                assignments: [{ assignmentId: tripId, source: 'own', companyId: null, plate: `冀A${String(10_000 + (j % 90_000))}`, driverName: '罗军', distanceKm: 86, returnedAt: at, vehicleId, departedAt: at, rentalFen: 0, fuelFen: 1_500, tollFen: 300, parkingFen: j % 2 ? 500 : 0, otherFen: 0 }],
              });
            } else {
              await bus.record(j % 3 === 1 ? 'vehicle.alarm_raised' : 'vehicle.alarm_cleared', vehicleId, { vehicleId, bits: [1], at, lat: 38.04, lng: 114.51 });
            }
          }
        });
      }
    },
  };
}

export async function lastEventId(db: Database): Promise<number> {
  const [row] = await db.manager.find(DomainEventEntity, { select: { id: true }, order: { id: 'DESC' }, take: 1 });
  return row?.id ?? 0;
}

/** The feed records (keys, and per business record in order) that the feed's events after event `since` must give. */
export async function expectedRecords(db: Database, since: number, appId = FEED_TEST_APP): Promise<{ keys: Set<string>; byRecord: Map<string, string[]> }> {
  const keys = new Set<string>();
  const byRecord = new Map<string, string[]>();
  for (let after = since; ;) {
    const rows = await db.manager.find(DomainEventEntity, { where: { id: MoreThan(after), type: In([...feedEventTypes]) }, order: { id: 'ASC' }, take: 1_000 });
    if (!rows.length) break;
    after = rows.at(-1)!.id;
    for (const r of rows) {
      for (const rec of recordsOf(toDomainEvent(r), appId)) {
        keys.add(rec.key);
        byRecord.set(rec.recordId, [...(byRecord.get(rec.recordId) ?? []), rec.key]);
      }
    }
  }
  return { keys, byRecord };
}

/** Polls until `check` holds (a positive outcome awaited, not an absence proved by waiting). */
export async function eventually(check: () => Promise<boolean> | boolean, ms: number, why: () => string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    if (Date.now() > until) throw new Error(why());
    await new Promise((r) => setTimeout(r, 100));
  }
}
