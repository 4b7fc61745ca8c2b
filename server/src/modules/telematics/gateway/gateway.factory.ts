import type Redis from 'ioredis';
import { DeviceProfiles } from '../jt808';
import { LatestPositionStore } from '../latest-position.store';
import type { PositionRecord, PositionSink, TelematicsEventSink, TerminalDirectory } from '../telematics.ports';
import { CommandBus } from './command-bus';
import { Jt808Gateway, type GatewayLogger, type GatewayOptions } from './gateway.server';
import { TerminalRegistry } from './terminal-registry';

export interface GatewayDeps {
  redis: Redis;
  directory: TerminalDirectory;
  positions: PositionSink;
  events?: TelematicsEventSink;
  /** Each stored batch of reports (see GatewayOptions.reports). */
  reports?: (rows: PositionRecord[]) => void;
  profiles?: DeviceProfiles;
  logger?: GatewayLogger;
}

export type GatewaySettings = Pick<
  GatewayOptions, 'host' | 'port' | 'workerId' | 'authSecret' | 'heartbeatTimeoutMs' | 'splitIdleMs' | 'maxConnections' | 'flush'
>;

export const DEFAULT_GATEWAY_SETTINGS: Omit<GatewaySettings, 'authSecret'> = {
  host: '0.0.0.0',
  port: 7611,
  workerId: 'w0',
  heartbeatTimeoutMs: 180_000,
  splitIdleMs: 5_000,
  maxConnections: 19_000,
  flush: { maxRows: 2000, intervalMs: 200, highWater: 50_000 },
};

const silent: GatewayLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Redis keys of the registry live as long as three heartbeat windows without a refresh. */
export function registryTtlSeconds(heartbeatTimeoutMs: number): number {
  return Math.max(5, Math.ceil((heartbeatTimeoutMs * 1.5) / 1000));
}

export function createGateway(deps: GatewayDeps, settings: GatewaySettings): Jt808Gateway {
  return new Jt808Gateway({
    ...settings,
    directory: deps.directory,
    positions: deps.positions,
    profiles: deps.profiles ?? new DeviceProfiles(),
    latest: new LatestPositionStore(deps.redis),
    registry: new TerminalRegistry(deps.redis, registryTtlSeconds(settings.heartbeatTimeoutMs)),
    bus: new CommandBus(deps.redis, 'tm:', { ownPublisher: true }),
    events: deps.events ?? { publish: () => undefined },
    reports: deps.reports,
    logger: deps.logger ?? silent,
  });
}
