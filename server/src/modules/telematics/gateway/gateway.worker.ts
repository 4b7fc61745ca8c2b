/**
 * Entry of one gateway worker process (forked by GatewayCluster). It opens its own database and
 * Redis connections, asks the primary for terminal identities over IPC, and serves its share of
 * the terminals on the shared JT/T 808 port.
 */
import 'reflect-metadata';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '@config/load-config';
import { openDatabase, type Database } from '../../../platform/db/database';
import { createLogger } from '../../../platform/logger';
import { createRedis } from '../../../platform/redis';
import type Redis from 'ioredis';
import { decodeMessage, DeviceProfiles, encodeMessage, gbkDecode, gbkEncode } from '../jt808';
import { loadTelematicsConfig } from '../telematics.config';
import { TelematicsEntities } from '../telematics.entities';
import { TelematicsRepository } from '../telematics.repository';
import { RedisEventSink } from './event-sink';
import { createGateway, DEFAULT_GATEWAY_SETTINGS } from './gateway.factory';
import { IpcDirectory, type IpcFromWorker, type IpcToWorker } from './ipc-directory';
import { liveReportsOf, packReports } from './live-reports';

async function main(): Promise<void> {
  const workerId = process.env.JT808_WORKER_ID ?? `w${process.pid}`;
  const config = loadConfig(process.env);
  const tm = loadTelematicsConfig(config.rawEnv, {
    production: config.env === 'production', embedded: config.db.kind === 'sqlite', redisEmulated: config.redis.kind === 'emulated',
  });
  const logger = createLogger(config.logLevel, { component: 'jt808-worker', workerId });
  const db = await openDatabase(config.db, TelematicsEntities);
  const redis = createRedis(config.redis);
  await warmUp(db, redis);
  const send = (m: IpcFromWorker) => process.send?.(m);
  const gateway = createGateway(
    {
      redis, directory: new IpcDirectory(process), positions: new TelematicsRepository(db),
      events: new RedisEventSink(redis), profiles: new DeviceProfiles(tm.profiles), logger,
      // The primary hears each stored batch (its live report stream: supervision's per-report rules).
      reports: (rows) => {
        const live = liveReportsOf(rows);
        if (live.length) send({ type: 'tm:reports', flat: packReports(live) });
      },
    },
    { ...DEFAULT_GATEWAY_SETTINGS, host: tm.host, port: tm.port, workerId, authSecret: tm.authSecret, heartbeatTimeoutMs: tm.heartbeatTimeoutMs },
  );
  await gateway.start();
  send({ type: 'tm:ready', workerId });
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const stats = setInterval(() => {
    send({
      type: 'tm:stats', workerId, connections: gateway.connectionCount, reports: gateway.stats.reports,
      stored: gateway.storedReports, badFrames: gateway.stats.badFrames, rssMb: Math.round(process.memoryUsage().rss / 1048576),
      lagMaxMs: Math.round(lag.max / 1e6), store: gateway.takeStoreDiagnostics(),
    });
    lag.reset();
  }, 1000);
  process.on('message', (m: unknown) => {
    if ((m as IpcToWorker)?.type !== 'tm:stop') return;
    clearInterval(stats);
    void (async () => {
      await gateway.stop();
      await db.close();
      redis.disconnect();
      process.exit(0);
    })();
  });
}

/**
 * Opens the pool's connections and loads lazily-required code (GBK tables, driver internals)
 * before terminals arrive: a module loaded through the TypeScript loader mid-traffic stalls the
 * event loop of a busy worker.
 */
async function warmUp(db: Database, redis: Redis): Promise<void> {
  await Promise.all([db.ping(), db.ping(), db.ping(), redis.ping()]);
  gbkDecode(gbkEncode('冀A00000'));
  decodeMessage(encodeMessage({ edition: 2019, phone: '1', serial: 0 }, { kind: 'heartbeat' }).subarray(1, -1));
}

main().catch((err: unknown) => {
  console.error('jt808 worker failed to start', err);
  process.exit(1);
});
