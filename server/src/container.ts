import type { Config } from '@config/config.schema';
import { Database, migrate, openDatabase } from './platform/db/database';
import { createRedis, describeRedis, RedisClient } from './platform/redis';
import { Clock, systemClock } from './platform/clock';
import { createLogger, Logger } from './platform/logger';
import { Scheduler } from './platform/scheduler';
import { EventBus, eventsRoutes, loadEventBusSettings, OutboxRepository } from './platform/events';
import type { ApiRouter } from './platform/http/api-router';
import { mayReadWarnings } from './platform/access';
import { allEntities } from './modules/entities';
import { configurePii, loadPiiSettings } from './platform/crypto/pii';
import { loadSecuritySettings } from './platform/http/security';
import { AuditService, createAuditModule } from './modules/audit';
import { createIdentityModule, HttpWechatAuthGateway, IdentityService, WechatAuthGateway } from './modules/identity';
import { createFleetModule, createLifecycleModule, FleetService, LifecycleModule } from './modules/fleet';
import { ApprovalsService, createApprovalsModule } from './modules/approvals';
import { createNotificationsModule, HttpWechatMessageGateway, messageTemplates, NotificationsService, WechatMessageGateway } from './modules/notifications';
import { createTripsModule, loadTripSettings, TripJobs, TripsService } from './modules/trips';
import { MAX_TRACK_HOURS } from '@shared/telematics/telematics.schemas';
import {
  createDispatchModule, DayPlanService, DispatchService, loadDayPlanSettings,
  type VehiclePositionSource,
} from './modules/dispatch';
import { createLedgerModule, LedgerService } from './modules/ledger';
import { createPaymentsModule, loadPaymentsSettings, PaymentsModule, PaymentsSettings, WechatPayGateway, wechatPayConfigFromFake } from './modules/payments';
import { createSettlementModule, SettlementService } from './modules/settlement';
import { fleetTerminalDirectory, fleetVehicleAccess, loadTelematicsConfig, normalizePhone, createTelematicsModule, TelematicsModule } from './modules/telematics';
import { RunningFakeWechat, startFakeWechat } from './fakes/wechat/start-fake-wechat';
import { RunningFakeWechatPay, startFakeWechatPay } from './fakes/wechatpay';
import { startDemoFleet, unitSpot } from './fakes/jt808-terminal';
import { createPlacesModule, loadPlacesSettings, PlacesService, TencentPlaceSearchGateway } from './modules/places';
import { RunningFakeTencentMap, startFakeTencentMap } from './fakes/tencent-map';
import { gcj02ToWgs84, wgs84ToGcj02 } from '@shared/common/coords';
import { createSupervisionModule, SupervisionModule } from './modules/supervision';
import { createReservationsModule, HttpTicketSupplierGateway, ReservationsModule } from './modules/reservations';
import { createTravelModule, type TravelModule } from './modules/travel';
import { RunningFakeTicketSupplier, startFakeTicketSupplier } from './fakes/ticket-supplier';
import { seedIfEmpty } from './seed/seed';
import { seedDemoTrips } from './seed/demo-trips';
import { seedSupervisionDemo } from './seed/supervision-seed';
import { createRentalModule, rentalCarHomes, RentalModule } from './modules/rental';
import { createFeedModule, FeedModule } from './modules/feed';
import { startFakeSupervisionUpstream } from './fakes/supervision-upstream';
import type { TerminalStates } from './platform/handover-evidence';
import { createViolationsModule, HttpViolationSupplier, ViolationsModule, type Holder } from './modules/violations';
import { RunningFakeViolationSupplier, startFakeViolationSupplier } from './fakes/violation-supplier';

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
  /** The fake WeChat Pay when no real one is configured (demo: pay at POST {baseUrl}/__fake/request-payment). */
  fakeWechatPay: RunningFakeWechatPay | null;
  /** The fake map provider's place search when no TENCENT_MAP_KEY is configured (the demo gazetteer). */
  fakeTencentMap: RunningFakeTencentMap | null;
  places: PlacesService;
  identity: IdentityService;
  /** The audit trail (the platform's AuditSink). */
  audit: AuditService;
  fleet: FleetService;
  /** The vehicle's life: renewal, procurement, disposal, exemption, quotas, standards (#17). */
  lifecycle: LifecycleModule;
  notifications: NotificationsService;
  approvals: ApprovalsService;
  trips: TripsService;
  tripJobs: TripJobs;
  dispatch: DispatchService;
  dayPlans: DayPlanService;
  ledger: LedgerService;
  telematics: TelematicsModule;
  payments: PaymentsModule;
  settlement: SettlementService;
  supervision: SupervisionModule;
  rental: RentalModule;
  reservations: ReservationsModule;
  travel: TravelModule;
  /** The upward feed to supervision (its fake upstream in the demo when no FEED_URL is configured). */
  feed: FeedModule;
  /** 违章 (#21 item 3): imported, matched to the trip or rental that had the car, told. */
  violations: ViolationsModule;
  /** The fake violation supplier when no VIOLATION_SUPPLIER_URL is configured (tests add records to it). */
  fakeViolationSupplier: RunningFakeViolationSupplier | null;
  /** The fake ticket supplier when no TICKET_SUPPLIER_URL is configured (tests steer it: failNext). */
  fakeTicketSupplier: RunningFakeTicketSupplier | null;
  routers: ApiRouter[];
  close(): Promise<void>;
}

export interface DepsOverrides { clock?: Clock; logger?: Logger; wechatAuth?: WechatAuthGateway; wechatMessages?: WechatMessageGateway }

export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  // Personal-data columns encrypt and decrypt with the configured keys from the first statement on (migrations too).
  configurePii(loadPiiSettings(config.rawEnv));
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

    const { audit, router: auditRouter } = createAuditModule({ db });
    const { identity, router: identityRouter } = createIdentityModule({
      db, redis, clock, sessionTtlSeconds: config.auth.sessionTtlSeconds, demoLogin: config.auth.demoLogin, audit, events, env: config.rawEnv,
      maxSessionsPerUser: loadSecuritySettings(config.rawEnv).SESSION_MAX_PER_USER,
      wechatAuth: overrides.wechatAuth ?? new HttpWechatAuthGateway(() => wechatBase, config.wechat.appId, config.wechat.secret),
    });
    const { fleet, router: fleetRouter } = createFleetModule({ db, identity, events, clock });
    const telematicsConfig = loadTelematicsConfig(config.rawEnv, { production: config.env === 'production', embedded: db.kind === 'sqlite', redisEmulated: config.redis.kind === 'emulated' });
    const telematics = await createTelematicsModule({
      config: telematicsConfig,
      env: { ...config.rawEnv }, db, redis, events, alarmPumpMs: config.scheduler.enabled ? 1_000 : 0, directory: fleetTerminalDirectory({ findVehicleByTerminal: (phone) => fleet.vehicleByTerminal(phone), findVehicle: async (id) => (await fleet.vehiclesByIds([id]))[0] ?? null }),
      access: fleetVehicleAccess(fleet),
      logger, clock,
    });
    closers.unshift(() => telematics.stop());
    telematics.retention.register(scheduler);

    const { notifications, router: notificationsRouter } = createNotificationsModule({
      db, identity, wechat: overrides.wechatMessages ?? new HttpWechatMessageGateway(() => wechatBase, config.wechat.messageTimeoutMs), templates: messageTemplates(config.rawEnv), clock, logger, events,
    });
    const { approvals, router: approvalsRouter } = createApprovalsModule({ db, identity, notifications, clock, env: config.rawEnv });
    const lifecycle = createLifecycleModule({ db, identity, approvals, notifications, events, clock, fleet });
    // A terminal taken off its vehicle (unbound, or the vehicle disposed): its live session is dropped.
    events.subscribe('telematics.terminal-unbound', ['vehicle.terminal_unbound'], async (e) => { await telematics.commands.disconnect(e.payload.vehicleId); }, { transactional: false });
    // The terminal's state kept with handover photos (rental's 取车/还车, a trip's 出车/回场): the last report, however old.
    const terminalStates: TerminalStates = {
      async latest(ids) {
        const views = await telematics.service.latestPositions(ids);
        return new Map(views.filter((v) => v.position).map((v) => [v.vehicleId, {
          online: v.online, lat: v.position!.lat, lng: v.position!.lon, accOn: v.position!.accOn, doorLocked: v.position!.doorLocked, receivedAt: v.position!.receivedAt,
        }]));
      },
      odometers: (ids) => telematics.service.latestOdometers(ids, new Date(0)),
      fuelLevels: (ids) => telematics.service.latestFuel(ids),
    };
    const tripSettings = loadTripSettings(config.rawEnv);
    const { trips, jobs: tripJobs, routers: tripRouters } = createTripsModule({
      db, clock, settings: tripSettings, events, approvals, identity, fleet, notifications, terminalStates,
      terminals: {
        // A reading older than 30 minutes may be from before the car last moved.
        latest: (ids) => telematics.service.latestOdometers(ids, new Date(clock.now().getTime() - 30 * 60_000)),
      },
      // 交车审核 compares a car's entered distance with its track; a trip longer than one track query is not compared.
      tracks: {
        points: async (id, from, to) => (to.getTime() - from.getTime() > MAX_TRACK_HOURS * 3600_000
          ? null
          : (await telematics.service.track(id, from, to)).map((p) => ({ lat: p.lat, lng: p.lon }))),
      },
    });
    tripJobs.register(scheduler);
    const placesSettings = loadPlacesSettings(config.rawEnv);
    let fakeTencentMap: RunningFakeTencentMap | null = null;
    if (!placesSettings.key) {
      fakeTencentMap = await startFakeTencentMap('demo-tencent-map-key');
      closers.unshift(() => fakeTencentMap!.close());
      logger.info({ baseUrl: fakeTencentMap.baseUrl }, 'place search: the project fake with the Hebei gazetteer (no TENCENT_MAP_KEY configured)');
    }
    const { places, router: placesRouter } = createPlacesModule({
      identity, logger, history: trips,
      search: fakeTencentMap
        ? new TencentPlaceSearchGateway(() => fakeTencentMap!.baseUrl, fakeTencentMap.key)
        : new TencentPlaceSearchGateway(() => placesSettings.apiBase, placesSettings.key!),
    });
    if (telematicsConfig.enabled && telematicsConfig.simulator.enabled) {
      // The demo fleet: vehicles with a terminal phone, simulated against our own gateway (SIMULATOR_ENABLED),
      // parked in their unit's bays and driving only the trips that departed.
      const bays = new Map<number, number>();
      // Time-share cars stand at their rental station.
      const stationHomes = await rentalCarHomes(db);
      const demoFleet = startDemoFleet(telematicsConfig, telematics.gatewayPort, (await fleet.vehiclesWithTerminals()).map((v) => {
        const bay = bays.get(v.ownerUnitId) ?? 0;
        bays.set(v.ownerUnitId, bay + 1);
        return {
          vehicleId: v.id, plate: v.plate, unitId: v.ownerUnitId, deviceModel: v.deviceModel, phone: normalizePhone(v.terminalPhone!),
          odometerHm: Number(v.odometerHm), home: stationHomes.get(v.id) ?? unitSpot(v.ownerUnitId, bay),
        };
      }), logger, {
        // Trips keep GCJ-02 (the map's); terminals report WGS-84.
        onTheRoad: async () => (await trips.carsOnTheRoad()).map((c) => ({ ...c, route: c.route.map(gcj02ToWgs84) })),
      });
      closers.unshift(async () => demoFleet.close());
    }
    const positions: VehiclePositionSource = {
      // Only positions reported in the last 30 minutes say where a car is now; GCJ-02, as trips' places are.
      async latest(ids) {
        const fresh = clock.now().getTime() - 30 * 60_000;
        const views = await telematics.service.latestPositions(ids);
        return new Map(views.filter((p) => p.position && Date.parse(p.position.receivedAt) > fresh).map((p) => [p.vehicleId, wgs84ToGcj02({ lat: p.position!.lat, lng: p.position!.lon })]));
      },
    };
    const { dispatch, dayPlans, routers: dispatchRouters } = createDispatchModule({
      db, clock, logger, trips, fleet, identity, notifications, positions, tripSettings, dayPlanSettings: loadDayPlanSettings(config.rawEnv),
    });
    closers.unshift(() => dayPlans.close());
    dayPlans.register(scheduler);

    const { ledger } = createLedgerModule({ db, clock });
    const paymentSettings = loadPaymentsSettings(config.rawEnv);
    const wechatPay = await startWechatPay(paymentSettings, clock, logger);
    if (wechatPay.fake) closers.unshift(() => wechatPay.fake!.close());
    const payments = createPaymentsModule({
      settings: paymentSettings, gateway: wechatPay.gateway, fakeWechatPayBaseUrl: wechatPay.fake?.baseUrl ?? null,
      db, clock, logger, ledger, scheduler, events, identity,
    });
    const { settlement, router: settlementRouter } = createSettlementModule({ db, clock, logger, events, ledger, identity, rawEnv: config.rawEnv });
    const rental = createRentalModule({
      db, clock, logger, events, scheduler, rawEnv: config.rawEnv, identity, fleet, trips, payments,
      terminals: {
        // Unlock and lock wait for the terminal's answer, past the command's own deadline (the status bit decides).
        command: (vehicleId, kind, requestedBy) => telematics.commands.issue({ vehicleId, kind, requestedBy, waitMs: telematicsConfig.commands.deadlineMs + 2_500 }),
        ...terminalStates,
      },
    });

    const supervision = createSupervisionModule({
      db, clock, logger, events, scheduler, redis, rawEnv: config.rawEnv,
      ports: {
        vehiclesByIds: (ids) => fleet.vehiclesByIds(ids),
        vehiclesWithTerminals: () => fleet.vehiclesWithTerminals(),
        vehiclesDueBy: (day) => fleet.vehiclesDueBy(day),
        latestPositions: (ids) => telematics.service.latestPositions(ids),
        carsOnTheRoad: () => trips.carsOnTheRoad(),
        regions: (actor) => identity.listRegions(actor),
        regionAndChildren: (code) => identity.regionAndChildren(code),
        unitPlacesUnder: (prefix) => identity.unitPlacesUnder(prefix),
        unitsByIds: (ids) => identity.unitsByIds(ids),
        censusUnder: (prefix, byCategory) => fleet.censusUnder(prefix, byCategory),
        quotaTotals: (ids) => fleet.quotaTotals(ids),
        quotaBreaches: () => lifecycle.lifecycle.quotaBreaches(),
      },
    });
    // The gateway's stored reports, as they come, into the per-report warning rules (only where the gateway runs).
    const stopHearing = telematics.service.onPositionReports((reports) => supervision.positions.accept(reports.map((r) => ({
      vehicleId: r.vehicleId, atMs: r.receivedAtMs, speedKmh: r.speedKmh, alarmWord: r.alarm, lat: r.lat, lng: r.lng,
    }))));
    closers.unshift(async () => { stopHearing(); await supervision.positions.stop(); });
    // The vehicle page reads its trips and warnings through their owners' services (each applies its access policy).
    lifecycle.connectActivity({
      history: (actor, vehicleId) => trips.vehicleHistory(actor, vehicleId),
      warnings: async (actor, vehicleId) => (mayReadWarnings(actor)
        ? (await supervision.warnings.list(actor, { vehicleId, page: 1, pageSize: 10 })).items.map((w) => ({
          id: w.id, kindLabel: w.kindLabel, grade: w.grade, status: w.status, statusLabel: w.statusLabel, title: w.title, raisedAt: w.raisedAt,
        }))
        : null),
    });
    const ticketSupplier = await startTicketSupplier(config.rawEnv, logger);
    if (ticketSupplier.fake) closers.unshift(() => ticketSupplier.fake!.close());
    const reservations = createReservationsModule({
      db, clock, events, approvals, identity, notifications, trips, payments: payments.payments, refunds: payments.refunds, tickets: ticketSupplier.gateway,
      fakeWechatPayBaseUrl: payments.deposits.fakeWechatPayBaseUrl,
      // The 出差 record (created next, it reads bookings back from reservations) authorises bookings made under it.
      travel: () => travel.authority,
    });
    const travel = createTravelModule({
      db, clock, events, approvals, identity, notifications, reservations: reservations.reservations, standards: reservations.standards,
      // Trips and rentals linked to 出差 legs, read through their own services (each applies its access policy).
      vehicles: () => ({ trip: (actor, id) => trips.get(actor, id), rental: (actor, id) => rental.rentals.get(actor, id) }),
    });
    reservations.register(scheduler);
    // 违章: the supplier at VIOLATION_SUPPLIER_URL (key and secret) when configured, else the project's fake.
    let fakeViolationSupplier: RunningFakeViolationSupplier | null = null;
    if (!config.rawEnv.VIOLATION_SUPPLIER_URL) {
      fakeViolationSupplier = await startFakeViolationSupplier();
      closers.unshift(() => fakeViolationSupplier!.close());
    }
    const violationSupplier = fakeViolationSupplier
      ? new HttpViolationSupplier(() => fakeViolationSupplier!.baseUrl, fakeViolationSupplier.appKey, fakeViolationSupplier.secret)
      : new HttpViolationSupplier(() => config.rawEnv.VIOLATION_SUPPLIER_URL!, config.rawEnv.VIOLATION_SUPPLIER_APP_KEY ?? '', config.rawEnv.VIOLATION_SUPPLIER_SECRET ?? '');
    const violations = createViolationsModule({
      db, clock, logger, scheduler, supplier: violationSupplier, notices: notifications,
      ports: {
        vehiclesByPlates: (plates) => fleet.vehiclesByPlates(plates),
        async holders(vehicleId, from, to) {
          const cars = await trips.driversOfVehicleBetween(vehicleId, from, to);
          const drivers = new Map((await fleet.driversByIds(cars.flatMap((c) => (c.driverId != null ? [c.driverId] : [])))).map((d) => [d.id, d]));
          const rentals = await rental.rentals.rentersOfVehicleBetween(vehicleId, from, to);
          const units = new Map((await identity.unitsByIds(rentals.map((r) => r.unitId))).map((u) => [u.id, u]));
          const out: Holder[] = cars.map((c) => ({
            kind: 'trip', tripId: c.tripId, assignmentId: c.assignmentId, rentalId: null, userId: c.driverId != null ? drivers.get(c.driverId)?.userId ?? null : null,
            userName: c.driverName, unitId: c.unitId, regionCode: c.regionCode, fromMs: c.departedAt.getTime(), toMs: c.returnedAt?.getTime() ?? null,
          }));
          for (const r of rentals) {
            out.push({ kind: 'rental', tripId: r.tripId, assignmentId: null, rentalId: r.rentalId, userId: r.userId, userName: r.userName, unitId: r.unitId,
              regionCode: units.get(r.unitId)?.regionCode ?? '', fromMs: r.startedAt.getTime(), toMs: r.endedAt?.getTime() ?? null });
          }
          return out;
        },
        async trackNear(vehicleId, at) {
          // The car's own fixes within 10 minutes either side; the one nearest in time says where it was (WGS-84).
          const points = await telematics.service.track(vehicleId, new Date(at.getTime() - 10 * 60_000), new Date(at.getTime() + 10 * 60_000));
          let best: { lat: number; lng: number; dt: number } | null = null;
          for (const p of points) {
            const dt = Math.abs(Date.parse(p.gpsTime) - at.getTime());
            if (!best || dt < best.dt) best = { lat: p.lat, lng: p.lon, dt };
          }
          return best ? { lat: best.lat, lng: best.lng } : null;
        },
        usersWithRole: (unitId, role) => identity.usersWithRole(unitId, role),
        usersByIds: (ids) => identity.usersByIds(ids),
        unitsByIds: (ids) => identity.unitsByIds(ids),
        platesToWatch: async () => (await fleet.vehiclesWithTerminals()).map((v) => v.plate),
      },
    });
    const feed = await createFeedModule({ db, clock, logger, events, rawEnv: config.rawEnv, startFake: startFakeSupervisionUpstream });
    closers.unshift(() => feed.close());

    // Every subscriber is registered by now: deliveries waiting from before a restart go out.
    events.start();
    // Pending approvals from before holders were stored get theirs once, so no inbox read scans for them.
    const holdersStored = await approvals.storeMissingHolders();
    if (holdersStored.stored || holdersStored.unresolved) logger.info(holdersStored, 'approvals: holders stored for requests pending from before holders were');
    if (seeded && config.rawEnv.SEED_DEMO_TRIPS !== 'false') {
      const demo = await seedDemoTrips({ db, events, settlement, clock });
      logger.info(demo, 'demo: a finished rental-company trip billed on last month\'s statement');
      if (config.rawEnv.SEED_DEMO_SUPERVISION !== 'false') {
        logger.info(await seedSupervisionDemo({ db, events, clock, supervision }), 'demo: a month of trips with warnings in every state of their loop');
      }
    }
    const routers = [auditRouter, eventsRoutes(events), telematics.router, payments.router, settlementRouter, identityRouter, fleetRouter, lifecycle.router, notificationsRouter, approvalsRouter, placesRouter,
      ...tripRouters, ...dispatchRouters, supervision.router, rental.router, reservations.router, feed.router, travel.router, violations.router];
    return {
      config, logger, clock, db, redis, scheduler, events, fakeWechat, fakeWechatPay: wechatPay.fake, fakeTencentMap, places, identity, audit, fleet, lifecycle, ledger, telematics, payments, settlement, rental, notifications, approvals, trips, tripJobs, dispatch, dayPlans, supervision, reservations, travel, fakeTicketSupplier: ticketSupplier.fake, feed, violations, fakeViolationSupplier, routers,
      async close() {
        for (const c of closers) await c().catch((err) => logger.warn({ err }, 'error while closing'));
      },
    };
  } catch (e) {
    for (const c of closers) await c().catch(() => undefined);
    throw e;
  }
}

/**
 * WeChat Pay for payments: the real one when configured, otherwise the project's fake, started here
 * with fresh keys (as the WeChat fake is) and closed with the rest.
 */
async function startWechatPay(settings: PaymentsSettings, clock: Clock, logger: Logger): Promise<{ gateway: WechatPayGateway; fake: RunningFakeWechatPay | null }> {
  if (settings.wechatpay.mode === 'real') return { gateway: new WechatPayGateway(settings.wechatpay.config, clock), fake: null };
  const fake = await startFakeWechatPay({ port: settings.wechatpay.port });
  logger.info({ baseUrl: fake.baseUrl, notifyUrl: settings.wechatpay.notifyUrl }, 'WeChat Pay: the project fake (no real WeChat Pay configured)');
  return { gateway: new WechatPayGateway(wechatPayConfigFromFake(fake, settings.wechatpay), clock), fake };
}

/**
 * The ticket supplier: the agent's system at TICKET_SUPPLIER_URL when configured, otherwise the project's
 * fake (slow or failing now and then in the demo: FAKE_TICKET_FAILURE_RATE, default 0.05; 0 in tests).
 * Every call gives up after TICKET_SUPPLIER_TIMEOUT_MS (default 3000).
 */
async function startTicketSupplier(env: Readonly<Record<string, string | undefined>>, logger: Logger): Promise<{ gateway: HttpTicketSupplierGateway; fake: RunningFakeTicketSupplier | null }> {
  const timeoutMs = Number(env.TICKET_SUPPLIER_TIMEOUT_MS ?? 3000);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 50) throw new Error(`TICKET_SUPPLIER_TIMEOUT_MS must be a whole number of ms ≥ 50, got "${env.TICKET_SUPPLIER_TIMEOUT_MS}"`);
  if (env.TICKET_SUPPLIER_URL) return { gateway: new HttpTicketSupplierGateway(() => env.TICKET_SUPPLIER_URL!, timeoutMs), fake: null };
  const failure = Number(env.FAKE_TICKET_FAILURE_RATE ?? (env.NODE_ENV === 'test' ? 0 : 0.05));
  const fake = await startFakeTicketSupplier({ timeoutMs: timeoutMs * 2, randomFailure: failure, delayMs: env.NODE_ENV === 'test' ? 0 : 300 });
  logger.info({ baseUrl: fake.baseUrl }, 'ticket supplier: the project fake (no TICKET_SUPPLIER_URL configured)');
  return { gateway: new HttpTicketSupplierGateway(() => fake.baseUrl, timeoutMs), fake };
}
