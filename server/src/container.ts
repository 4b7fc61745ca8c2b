import type { Config } from '@config/config.schema';
import { Database, migrate, openDatabase } from './platform/db/database';
import { createRedis, describeRedis, RedisClient } from './platform/redis';
import { Clock, systemClock } from './platform/clock';
import { createLogger, Logger } from './platform/logger';
import { Scheduler } from './platform/scheduler';
import type { ApiRouter } from './platform/http/api-router';
import { allEntities } from './modules/entities';
import { HttpWechatAuthGateway, IdentityRepository, IdentityService, identityRoutes, SessionStore, WechatAuthGateway } from './modules/identity';
import { FleetRepository, FleetService, fleetRoutes } from './modules/fleet';
import { RunningFakeWechat, startFakeWechat } from './fakes/wechat/start-fake-wechat';
import { seedIfEmpty } from './seed/seed';

/** Everything the app needs, opened once; closed in reverse order. */
export interface Deps {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Database;
  redis: RedisClient;
  scheduler: Scheduler;
  fakeWechat: RunningFakeWechat | null;
  identity: IdentityService;
  fleet: FleetService;
  identityRepo: IdentityRepository;
  routers: ApiRouter[];
  close(): Promise<void>;
}

export interface DepsOverrides { clock?: Clock; logger?: Logger; wechatAuth?: WechatAuthGateway }

export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const db = await openDatabase(config.db, allEntities);
  const closers: Array<() => Promise<void>> = [() => db.close()];
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const redis = createRedis(config.redis);
    closers.unshift(async () => { redis.disconnect(); });
    logger.info({ database: db.describe(), redis: describeRedis(config.redis) }, `backends: ${db.describe()}; ${describeRedis(config.redis)}`);
    if (config.seedOnStart) {
      const seeded = await seedIfEmpty(db);
      if (seeded) logger.info(seeded, 'demo data seeded (Hebei slice)');
    }
    let fakeWechat: RunningFakeWechat | null = null;
    if (config.wechat.fake) {
      fakeWechat = await startFakeWechat(config.wechat.appId, config.wechat.secret);
      closers.unshift(() => fakeWechat!.close());
      logger.info({ baseUrl: fakeWechat.baseUrl }, 'WeChat: the project fake (no real WeChat configured)');
    }
    const wechatBase = config.wechat.apiBase ?? fakeWechat!.baseUrl;
    const scheduler = new Scheduler(redis, logger, config.scheduler.enabled);
    closers.unshift(async () => scheduler.stop());

    const identityRepo = new IdentityRepository(db);
    const sessions = new SessionStore(redis, clock, config.auth.sessionTtlSeconds);
    const wechatAuth = overrides.wechatAuth ?? new HttpWechatAuthGateway(() => wechatBase, config.wechat.appId, config.wechat.secret);
    const identity = new IdentityService(identityRepo, sessions, wechatAuth, { demoLogin: config.auth.demoLogin });
    const fleet = new FleetService(db, new FleetRepository(db), identityRepo);

    const routers = [identityRoutes(identity), fleetRoutes(fleet)];
    return {
      config, logger, clock, db, redis, scheduler, fakeWechat, identity, fleet, identityRepo, routers,
      async close() {
        for (const c of closers) await c().catch((err) => logger.warn({ err }, 'error while closing'));
      },
    };
  } catch (e) {
    for (const c of closers) await c().catch(() => undefined);
    throw e;
  }
}
