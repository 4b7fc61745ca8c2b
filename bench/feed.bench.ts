/**
 * Upward feed benchmark (#19 item 1): a day of a province's records through the outbox to the fake
 * supervision platform, by the real sender (EventBus batch subscriber → FeedService → signed HTTP POST).
 *
 * A day of Hebei's records, as the platform's modules would write them: fulfilled trips (a dispatch
 * record, its fuel as energy use and its toll: 3 records) and terminal alarms raised or cleared (1 record
 * each), until BENCH_FEED_RECORDS (1,000,000) records. A producer writes them in transactions of 1,000
 * events (domain_event + the feed's event_delivery rows, as EventBus.record does, in bulk statements so
 * the producer is not what is measured) at BENCH_FEED_RATE records/s (0, the default: as fast as it can,
 * a day's backlog arriving at once), while the sender delivers concurrently.
 *
 *   records          records the events give (keys the upstream must hold)
 *   delivered_per_s  records / (last record held − first event written)
 *   lag_p99_ms       99th percentile of (held at the upstream − event written), per record
 *   duplicates       records the upstream received again and answered "held already" (at-least-once
 *                    resends after a failed POST); it holds each key once
 *   lost             keys the events give that the upstream does not hold at the end
 *
 * Env: DATABASE_URL (MariaDB; its database is dropped and created again — use a bench database) or an
 * SQLite file in a temp directory; BENCH_FEED_BATCH (events per POST, 500); BENCH_FEED_FAILURE_RATE (the
 * fake's share of failing POSTs, 0.01); BENCH_FEED_DELAY_MS (the fake's slowest answer, 5).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '@config/load-config';
import { migrate, openDatabase } from '../server/src/platform/db/database';
import { allEntities } from '../server/src/modules/entities';
import { systemClock } from '../server/src/platform/clock';
import { createLogger } from '../server/src/platform/logger';
import { EventBus, OutboxRepository } from '../server/src/platform/events';
import { createFeedModule, FEED_SUBSCRIBER, feedEventTypes } from '../server/src/modules/feed';
import { startFakeSupervisionUpstream } from '../server/src/fakes/supervision-upstream';

const num = (k: string, d: number) => Number(process.env[k] ?? d);
const RECORDS = num('BENCH_FEED_RECORDS', 1_000_000);
const RATE = num('BENCH_FEED_RATE', 0);
const BATCH = num('BENCH_FEED_BATCH', 500);
const FAILURE = num('BENCH_FEED_FAILURE_RATE', 0.01);
const DELAY = num('BENCH_FEED_DELAY_MS', 5);
const APP = 'HB130000-BENCH';
const KEY = '00112233445566778899aabbccddeeff';
const EVENTS_PER_TX = 1_000;

async function freshDatabase(): Promise<Record<string, string>> {
  const url = process.env.DATABASE_URL;
  if (!url) return { SQLITE_PATH: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'feed-bench-')), 'platform.sqlite') };
  const u = new URL(url);
  const name = u.pathname.replace(/^\//, '');
  if (!name) throw new Error('DATABASE_URL must name a (bench) database');
  const conn = await createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username || 'root'), password: decodeURIComponent(u.password) });
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  return { DATABASE_URL: url };
}

const sqlTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

async function main(): Promise<void> {
  const dbEnv = await freshDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...dbEnv });
  const db = await openDatabase(config.db, allEntities);
  await migrate(db);
  const logger = createLogger('silent');
  const up = await startFakeSupervisionUpstream({ appId: APP, keyHex: KEY, failureRate: FAILURE, delayMs: DELAY, keepData: false });
  const events = new EventBus(db, new OutboxRepository(db), systemClock, logger, { maxAttempts: 8, retryBaseMs: 1_000, leaseMs: 60_000, pollMs: 1_000, relay: true });
  const feed = await createFeedModule({
    db, clock: systemClock, logger, events, startFake: () => Promise.reject(new Error('no fake: FEED_URL is set')),
    rawEnv: { FEED_URL: up.url, FEED_KEY: KEY, FEED_APP_ID: APP, FEED_BATCH_SIZE: String(BATCH), FEED_IDLE_MS: '20', FEED_RETRY_BASE_MS: '50', FEED_RETRY_MAX_MS: '1000' },
  });
  if (!feedEventTypes.includes('trip.fulfilled') || !feedEventTypes.includes('vehicle.alarm_raised')) throw new Error('the feed no longer takes the events this bench writes');

  // Event k: even → a fulfilled trip (3 records), odd → an alarm (1 record); 2 records per event on average.
  const eventCount = Math.ceil(RECORDS / 2);
  const recordsOfEvent = (k: number) => (k % 2 === 0 ? 3 : 1);
  const expected = Array.from({ length: eventCount }, (_, k) => recordsOfEvent(k)).reduce((a, b) => a + b, 0);
  const firstId = 1;
  const started = Date.now();
  events.start();

  const produce = async () => {
    for (let k0 = 0; k0 < eventCount; k0 += EVENTS_PER_TX) {
      const n = Math.min(EVENTS_PER_TX, eventCount - k0);
      if (RATE > 0) {
        const due = started + ((k0 * 2) / RATE) * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const now = new Date();
      const at = now.toISOString();
      const evRows: unknown[] = [];
      const dlRows: unknown[] = [];
      for (let k = k0; k < k0 + n; k++) {
        const id = firstId + k;
        const vehicleId = 1 + (k % 30_000);
        let type: string;
        let aggregateId: number;
        let payload: unknown;
        if (k % 2 === 0) {
          type = 'trip.fulfilled';
          aggregateId = 10_000_000 + k;
          payload = {
            tripId: aggregateId, unitId: 1 + (k % 4_000), regionCode: '130102', purpose: '公务', route: '石家庄市 → 保定市', fulfilledAt: at,
            assignments: [{ assignmentId: aggregateId, source: 'own', companyId: null, plate: `冀A${10_000 + (k % 89_999)}`, driverName: '罗军', distanceKm: 86, returnedAt: at, vehicleId, departedAt: at, rentalFen: 0, fuelFen: 1_500, tollFen: 300, parkingFen: 0, otherFen: 0 }],
          };
        } else {
          type = k % 4 === 1 ? 'vehicle.alarm_raised' : 'vehicle.alarm_cleared';
          aggregateId = vehicleId;
          payload = { vehicleId, bits: [1], at, lat: 38.04, lng: 114.51 };
        }
        const aggregateType = type.split('.')[0]!;
        evRows.push(id, type, aggregateType, String(aggregateId), JSON.stringify(payload), sqlTime(now));
        dlRows.push(id, FEED_SUBSCRIBER, `${aggregateType}:${aggregateId}`, 'pending', 0, sqlTime(now));
      }
      await db.transaction(async (em) => {
        await em.query(`INSERT INTO domain_event (id, type, aggregate_type, aggregate_id, payload_json, occurred_at) VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`, evRows);
        await em.query(`INSERT INTO event_delivery (event_id, subscriber, aggregate_key, status, attempts, next_attempt_at) VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`, dlRows);
      });
    }
  };
  await produce();
  const producedMs = Date.now() - started;
  const deadline = Date.now() + 30 * 60_000;
  while (up.held.size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  let lastHeld = started;
  for (const h of up.held.values()) if (h.receivedAt > lastHeld) lastHeld = h.receivedAt;
  const seconds = (lastHeld - started) / 1000;

  let lost = 0;
  for (let k = 0; k < eventCount; k++) {
    for (let i = 0; i < recordsOfEvent(k); i++) if (!up.held.has(`${APP}:${firstId + k}:${i}`)) lost++;
  }
  const invented = up.held.size - (expected - lost);
  const lags = Float64Array.from([...up.held.values()].map((h) => h.receivedAt - Date.parse(h.occurredAt))).sort();
  const p99 = lags.length ? lags[Math.min(lags.length - 1, Math.floor(lags.length * 0.99))]! : 0;
  const heldTwice = [...up.held.values()].filter((h) => h.times > 1).length;
  const backend = db.kind === 'mysql' ? 'mariadb' : 'sqlite';
  console.log(`BENCH feed records=${expected} delivered_per_s=${Math.round(expected / seconds)} lag_p99_ms=${Math.round(p99)} duplicates=${up.stats.duplicates} lost=${lost} backend=${backend} events=${eventCount} posts=${up.stats.posts} failed_posts=${up.stats.failed} keys_resent=${heldTwice} keys_not_expected=${invented} produced_in_s=${(producedMs / 1000).toFixed(1)} batch_events=${BATCH} rate=${RATE || 'unpaced'}`);
  await feed.close();
  await events.stop();
  await up.close();
  await db.close();
  if (lost || invented) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
