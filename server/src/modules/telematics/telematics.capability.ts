import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { ApiRouter } from '../../platform/http/api-router';
import { CommandService } from './command.service';
import { RedisEventSink } from './gateway/event-sink';
import { GatewayCluster } from './gateway/gateway.cluster';
import { createGateway, DEFAULT_GATEWAY_SETTINGS, registryTtlSeconds } from './gateway/gateway.factory';
import type { GatewayLogger, Jt808Gateway } from './gateway/gateway.server';
import { CommandBus } from './gateway/command-bus';
import { TerminalRegistry } from './gateway/terminal-registry';
import { DeviceProfiles } from './jt808';
import { LatestPositionStore } from './latest-position.store';
import { SimulatorFleet } from './simulator/fleet';
import type { TelematicsConfig } from './telematics.config';
import type { TerminalDirectory, TerminalInfo } from './telematics.ports';
import { TelematicsRepository } from './telematics.repository';
import { telematicsRoutes, type VehicleAccess } from './telematics.routes';
import { TelematicsService } from './telematics.service';

export interface TelematicsDeps {
  config: TelematicsConfig;
  /** The platform's environment, passed on to gateway worker processes. */
  env: Record<string, string | undefined>;
  dataSource: DataSource;
  redis: Redis;
  directory: TerminalDirectory;
  access: VehicleAccess;
  logger: GatewayLogger;
  /** Vehicles with a terminal phone, to simulate when SIMULATOR_ENABLED (the demo fleet). */
  demoTerminals?: () => Promise<TerminalInfo[]>;
}

export interface TelematicsCapability {
  router: ApiRouter;
  service: TelematicsService;
  commands: CommandService;
  stop(): Promise<void>;
}

/** Starts the gateway (in process or as workers), the command service and the optional demo fleet. */
export async function startTelematics(d: TelematicsDeps): Promise<TelematicsCapability> {
  const c = d.config;
  const repo = new TelematicsRepository(d.dataSource);
  const profiles = new DeviceProfiles(c.profiles);
  const registry = new TerminalRegistry(d.redis, registryTtlSeconds(c.heartbeatTimeoutMs));
  let gateway: Jt808Gateway | null = null;
  let cluster: GatewayCluster | null = null;
  if (c.enabled && c.workers === 0) {
    gateway = createGateway(
      { redis: d.redis, directory: d.directory, positions: repo, events: new RedisEventSink(d.redis), profiles, logger: d.logger },
      { ...DEFAULT_GATEWAY_SETTINGS, host: c.host, port: c.port, workerId: `p${process.pid}`, authSecret: c.authSecret, heartbeatTimeoutMs: c.heartbeatTimeoutMs },
    );
    await gateway.start();
  } else if (c.enabled) {
    cluster = await GatewayCluster.start({
      workers: c.workers, env: { ...d.env, JT808_AUTH_SECRET: c.authSecret }, directory: d.directory,
      onExit: (workerId, code) => d.logger.error({ workerId, code }, 'JT/T 808 gateway worker exited'),
      onRestart: (workerId) => d.logger.warn({ workerId }, 'JT/T 808 gateway worker restarted'),
    });
  }
  if (c.enabled) d.logger.info({ port: c.port, workers: c.workers }, `JT/T 808 gateway listening on ${c.host}:${c.port}`);
  const bus = new CommandBus(d.redis);
  const commands = new CommandService(repo, d.directory, registry, bus, d.redis, c.commands);
  await commands.start();
  const service = new TelematicsService(repo, new LatestPositionStore(d.redis), registry);

  let fleet: SimulatorFleet | null = null;
  if (c.enabled && c.simulator.enabled && d.demoTerminals) {
    // A 2013 terminal's phone is BCD[6] (12 digits), a 2019 one's BCD[10]: the registered number says which edition it speaks.
    const terminals = (await d.demoTerminals()).map((t) => ({
      phone: t.phone, plate: t.plate, edition: t.phone.length > 12 ? (2019 as const) : (2013 as const), firmware: profiles.resolve(t.deviceModel),
    }));
    fleet = new SimulatorFleet(terminals, { host: '127.0.0.1', port: gateway?.address.port ?? c.port, concurrency: 20 });
    // In the background: the platform must not wait for its own demo cars to start.
    void fleet.connectAll().then(() => {
      fleet?.drive(c.simulator.intervalMs);
      d.logger.info({ terminals: terminals.length }, 'simulated fleet driving (SIMULATOR_ENABLED)');
    });
  }
  return {
    router: telematicsRoutes(service, commands, d.access),
    service,
    commands,
    async stop() {
      fleet?.close();
      commands.stop();
      await bus.close();
      await gateway?.stop();
      await cluster?.stop();
    },
  };
}
