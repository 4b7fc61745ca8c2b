import type Redis from 'ioredis';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import { AlarmPump } from './alarm-pump';
import type { ApiRouter } from '../../platform/http/api-router';
import { CommandService } from './command.service';
import { RedisEventSink } from './gateway/event-sink';
import { GatewayCluster } from './gateway/gateway.cluster';
import { createGateway, DEFAULT_GATEWAY_SETTINGS, registryTtlSeconds } from './gateway/gateway.factory';
import type { GatewayLogger, Jt808Gateway } from './gateway/gateway.server';
import { CommandBus } from './gateway/command-bus';
import { LiveReports, liveReportsOf } from './gateway/live-reports';
import { TerminalRegistry } from './gateway/terminal-registry';
import { DeviceProfiles } from './jt808';
import { LatestPositionStore } from './latest-position.store';
import type { TelematicsConfig } from './telematics.config';
import type { TerminalDirectory } from './telematics.ports';
import { TelematicsRepository } from './telematics.repository';
import { telematicsRoutes, type VehicleAccess } from './telematics.routes';
import { TelematicsService } from './telematics.service';
import { loadTrackRetentionSettings, TrackRetention } from './track-retention';
import { systemClock, type Clock } from '../../platform/clock';

export interface TelematicsDeps {
  config: TelematicsConfig;
  /** The platform's environment, passed on to gateway worker processes. */
  env: Record<string, string | undefined>;
  db: Database;
  redis: Redis;
  directory: TerminalDirectory;
  access: VehicleAccess;
  logger: GatewayLogger;
  /** The clock track retention counts days by (tests move it). */
  clock?: Clock;
  /** Where alarms are recorded as domain events (AlarmPump); without it they are only published live. */
  events?: Pick<EventBus, 'record'>;
  /** How often the alarm pump runs on its own (ms); 0: only when called (tests, with the scheduler off). */
  alarmPumpMs?: number;
}

export interface TelematicsModule {
  router: ApiRouter;
  service: TelematicsService;
  commands: CommandService;
  /** The port terminals reach the gateway on (the bound one when JT808_PORT is 0); the demo fleet connects there. */
  gatewayPort: number;
  /** Records the gateway's alarms as domain events (null without an event bus). */
  alarms: AlarmPump | null;
  /** The scheduled purge of tracks older than TRACK_RETENTION_DAYS (the composition root registers it). */
  retention: TrackRetention;
  stop(): Promise<void>;
}

/** Starts the gateway (in process or as workers) and the command service; the demo fleet (SIMULATOR_ENABLED) is a fake the composition root starts. */
export async function createTelematicsModule(d: TelematicsDeps): Promise<TelematicsModule> {
  const c = d.config;
  const repo = new TelematicsRepository(d.db);
  const profiles = new DeviceProfiles(c.profiles);
  const registry = new TerminalRegistry(d.redis, registryTtlSeconds(c.heartbeatTimeoutMs));
  const live = new LiveReports();
  let gateway: Jt808Gateway | null = null;
  let cluster: GatewayCluster | null = null;
  if (c.enabled && c.workers === 0) {
    gateway = createGateway(
      { redis: d.redis, directory: d.directory, positions: repo, events: new RedisEventSink(d.redis), profiles, logger: d.logger, reports: (rows) => live.emit(liveReportsOf(rows)) },
      { ...DEFAULT_GATEWAY_SETTINGS, host: c.host, port: c.port, workerId: `p${process.pid}`, authSecret: c.authSecret, heartbeatTimeoutMs: c.heartbeatTimeoutMs },
    );
    await gateway.start();
  } else if (c.enabled) {
    cluster = await GatewayCluster.start({
      workers: c.workers, env: { ...d.env, JT808_AUTH_SECRET: c.authSecret }, directory: d.directory,
      onExit: (workerId, code) => d.logger.error({ workerId, code }, 'JT/T 808 gateway worker exited'),
      onRestart: (workerId) => d.logger.warn({ workerId }, 'JT/T 808 gateway worker restarted'),
      onReports: (reports) => live.emit(reports),
    });
  }
  if (c.enabled) d.logger.info({ port: c.port, workers: c.workers }, `JT/T 808 gateway listening on ${c.host}:${c.port}`);
  const bus = new CommandBus(d.redis);
  const commands = new CommandService(repo, d.directory, registry, bus, d.redis, c.commands);
  await commands.start();
  const service = new TelematicsService(repo, new LatestPositionStore(d.redis), registry, live);
  const alarms = d.events ? new AlarmPump(d.redis, d.db, repo, d.events, d.logger) : null;
  if (alarms && (d.alarmPumpMs ?? 1_000) > 0) alarms.start(d.alarmPumpMs ?? 1_000);

  return {
    router: telematicsRoutes(service, commands, d.access),
    service,
    commands,
    gatewayPort: gateway?.address.port ?? c.port,
    alarms,
    retention: new TrackRetention(repo, d.clock ?? systemClock, d.logger, loadTrackRetentionSettings(d.env)),
    async stop() {
      await alarms?.stop();
      commands.stop();
      await bus.close();
      await gateway?.stop();
      await cluster?.stop();
    },
  };
}
