import type { Config } from '@config/config.schema';
import { Database, migrate, openDatabase } from './platform/db/database';
import { createRedis, describeRedis, RedisClient } from './platform/redis';
import { Clock, systemClock } from './platform/clock';
import { createLogger, Logger } from './platform/logger';
import { Scheduler } from './platform/scheduler';
import { EventBus, eventsRoutes, loadEventBusSettings, OutboxRepository } from './platform/events';
import type { ApiRouter } from './platform/http/api-router';
import { allEntities } from './modules/entities';
import { HttpWechatAuthGateway, IdentityRepository, IdentityService, identityRoutes, SessionStore, WechatAuthGateway } from './modules/identity';
import { FleetRepository, FleetService, fleetRoutes } from './modules/fleet';
import { ApprovalsService, createApprovalsModule } from './modules/approvals';
import { HttpWechatMessageGateway, messageTemplates, NotificationsRepository, NotificationsService, notificationsRoutes, WechatMessageGateway } from './modules/notifications';
import { createTripsModule, loadTripSettings, TripJobs, TripsService } from './modules/trips';
import {
  createDispatchModule, DayPlanService, DispatchService, loadDayPlanSettings,
  type VehiclePositionSource,
} from './modules/dispatch';
import { LedgerService } from './modules/ledger';
import { createPaymentsCapability, PaymentsCapability } from './modules/payments';
import { loadTripBillingSettings, SettlementService, settlementRoutes, subscribeTripBilling, unitTableDirectory } from './modules/settlement';
import { fleetTerminalDirectory, fleetVehicleAccess, loadTelematicsConfig, normalizePhone, startTelematics, TelematicsCapability } from './modules/telematics';
import { RunningFakeWechat, startFakeWechat } from './fakes/wechat/start-fake-wechat';
import { startDemoFleet } from './fakes/jt808-terminal';
import { seedIfEmpty } from './seed/seed';
import { seedDemoTrips } from './seed/demo-trips';

/** Everything the app needs, opened once; closed in reverse order. */
export interface Deps {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Database;
  redis: RedisClient;
  scheduler: Scheduler;
  events: EventBus;
  fakeWechat: RunningFakeWechat | null;
  identity: IdentityService;
  fleet: FleetService;
  identityRepo: IdentityRepository;
  notifications: NotificationsService;
  approvals: ApprovalsService;
  trips: TripsService;
  tripJobs: TripJobs;
  dispatch: DispatchService;
  dayPlans: DayPlanService;
  ledger: LedgerService;
  telematics: TelematicsCapability;
  payments: PaymentsCapability;
  settlement: SettlementService;
  routers: ApiRouter[];
  close(): Promise<void>;
}

export interface DepsOverrides { clock?: Clock; logger?: Logger; wechatAuth?: WechatAuthGateway; wechatMessages?: WechatMessageGateway }

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
    let seeded: Awaited<ReturnType<typeof seedIfEmpty>> = null;
    if (config.seedOnStart) {
      seeded = await seedIfEmpty(db);
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

    const events = new EventBus(db, new OutboxRepository(db), clock, logger, loadEventBusSettings(config.rawEnv));
    closers.unshift(() => events.stop());

    const identityRepo = new IdentityRepository(db);
    const sessions = new SessionStore(redis, clock, config.auth.sessionTtlSeconds);
    const wechatAuth = overrides.wechatAuth ?? new HttpWechatAuthGateway(() => wechatBase, config.wechat.appId, config.wechat.secret);
    const identity = new IdentityService(identityRepo, sessions, wechatAuth, { demoLogin: config.auth.demoLogin });
    const fleetRepo = new FleetRepository(db);
    const fleet = new FleetService(db, fleetRepo, identityRepo);
    const telematicsConfig = loadTelematicsConfig(config.rawEnv, { production: config.env === 'production', embedded: db.kind === 'sqlite', redisEmulated: config.redis.kind === 'emulated' });
    const telematics = await startTelematics({
      config: telematicsConfig,
      env: { ...config.rawEnv }, db, redis, events, alarmPumpMs: config.scheduler.enabled ? 1_000 : 0, directory: fleetTerminalDirectory(fleetRepo), access: fleetVehicleAccess(fleet),
      logger,
    });
    closers.unshift(() => telematics.stop());
    if (telematicsConfig.enabled && telematicsConfig.simulator.enabled) {
      // The demo fleet: vehicles with a terminal phone, simulated against our own gateway (SIMULATOR_ENABLED).
      const demoFleet = startDemoFleet(telematicsConfig, telematics.gatewayPort, (await fleetRepo.listWithTerminals()).map((v) => ({
        vehicleId: v.id, plate: v.plate, unitId: v.ownerUnitId, deviceModel: v.deviceModel, phone: normalizePhone(v.terminalPhone!),
      })), logger);
      closers.unshift(async () => demoFleet.close());
    }

    const notifications = new NotificationsService(new NotificationsRepository(db), identityRepo,
      overrides.wechatMessages ?? new HttpWechatMessageGateway(() => wechatBase), messageTemplates(config.rawEnv), clock, logger, events);
    const { approvals, router: approvalsRouter } = createApprovalsModule({ db, identity, notifications, clock });
    const tripSettings = loadTripSettings(config.rawEnv);
    const { trips, jobs: tripJobs, routers: tripRouters } = createTripsModule({
      db, clock, settings: tripSettings, events, approvals, identity, fleet, notifications,
      terminals: {
        // A reading older than 30 minutes may be from before the car last moved.
        latest: (ids) => telematics.service.latestOdometers(ids, new Date(clock.now().getTime() - 30 * 60_000)),
      },
    });
    tripJobs.register(scheduler);
    const positions: VehiclePositionSource = {
      // Only positions reported in the last 30 minutes say where a car is now.
      async latest(ids) {
        const fresh = clock.now().getTime() - 30 * 60_000;
        const views = await telematics.service.latestPositions(ids);
        return new Map(views.filter((p) => p.position && Date.parse(p.position.receivedAt) > fresh).map((p) => [p.vehicleId, { lat: p.position!.lat, lng: p.position!.lon }]));
      },
    };
    const { dispatch, dayPlans, routers: dispatchRouters } = createDispatchModule({
      db, clock, logger, trips, fleet, identity, notifications, positions, tripSettings, dayPlanSettings: loadDayPlanSettings(config.rawEnv),
    });
    closers.unshift(() => dayPlans.close());
    dayPlans.register(scheduler);

    const ledger = new LedgerService(clock);
    const payments = await createPaymentsCapability({ rawEnv: config.rawEnv, db, clock, logger, ledger, scheduler, events });
    closers.unshift(() => payments.close());
    const settlement = new SettlementService({ db, ledger, clock, directory: unitTableDirectory(db) });
    subscribeTripBilling(events, { db, ledger, clock, logger, settings: loadTripBillingSettings(config.rawEnv) });

    // Every subscriber is registered by now: deliveries waiting from before a restart go out.
    events.start();
    if (seeded && config.rawEnv.SEED_DEMO_TRIPS !== 'false') {
      const demo = await seedDemoTrips({ db, events, settlement, clock });
      logger.info(demo, 'demo: a finished rental-company trip billed on last month\'s statement');
    }
    const routers = [eventsRoutes(events), telematics.router, payments.router, settlementRoutes(settlement), identityRoutes(identity), fleetRoutes(fleet), notificationsRoutes(notifications), approvalsRouter,
      ...tripRouters, ...dispatchRouters];
    return {
      config, logger, clock, db, redis, scheduler, events, fakeWechat, identity, fleet, identityRepo, ledger, telematics, payments, settlement, notifications, approvals, trips, tripJobs, dispatch, dayPlans, routers,
      async close() {
        for (const c of closers) await c().catch((err) => logger.warn({ err }, 'error while closing'));
      },
    };
  } catch (e) {
    for (const c of closers) await c().catch(() => undefined);
    throw e;
  }
}
