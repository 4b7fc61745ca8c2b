import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, loadSection } from '@config/load-config';
import type { DeviceProfile } from './jt808';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Settings of the telematics capability, read from the environment (validated like the platform's). */
export const telematicsEnvShape = {
  /** Start the JT/T 808 gateway with the platform. */
  JT808_ENABLED: bool.default(true),
  JT808_HOST: z.string().min(1).default('0.0.0.0'),
  /** Unset: PORT + 4611 (7611 beside the default PORT 3000), so a second instance on another PORT does not collide. */
  JT808_PORT: int(0, 65535).optional(),
  /** 0 = the gateway runs inside the platform process; n > 0 = n worker processes (needs REDIS_URL). */
  JT808_WORKERS: int(0, 64).default(0),
  /** Secret behind terminal auth codes; required in production, random per start otherwise. */
  JT808_AUTH_SECRET: z.string().min(16).optional(),
  JT808_HEARTBEAT_TIMEOUT_S: int(10, 3600).default(180),
  JT808_COMMAND_TIMEOUT_MS: int(1000, 120_000).default(10_000),
  JT808_COMMAND_FIRST_TIMEOUT_MS: int(100, 60_000).default(2_000),
  JT808_COMMAND_RETRIES: int(0, 5).default(2),
  JT808_COMMANDS_PER_MINUTE: int(1, 600).default(10),
  JT808_COMMAND_WAIT_MS: int(0, 60_000).default(8_000),
  /** JSON array of device profiles: [{"model":"X1","lockPolarity":"inverted","bodyEdition":2013}]. */
  JT808_DEVICE_PROFILES: z.string().optional(),
  /** Run a small simulated fleet against the gateway (demo). Defaults to on for the embedded default. */
  SIMULATOR_ENABLED: bool.optional(),
  SIMULATOR_INTERVAL_MS: int(500, 600_000).default(5_000),
  /** Demo: one car at a time goes offline for 4 minutes every this many minutes (0: never). */
  SIMULATOR_OFFLINE_EVERY_MINUTES: int(0, 24 * 60).default(20),
};

const profileSchema = z.array(z.object({
  model: z.string().min(1),
  bodyEdition: z.union([z.literal(2013), z.literal(2019)]).optional(),
  controlLayout: z.union([z.literal(2013), z.literal(2019)]).optional(),
  lockPolarity: z.enum(['standard', 'inverted']),
}));

export interface TelematicsConfig {
  enabled: boolean;
  host: string;
  port: number;
  workers: number;
  authSecret: string;
  heartbeatTimeoutMs: number;
  commands: { deadlineMs: number; firstTimeoutMs: number; retries: number; perVehiclePerMinute: number; waitMs: number };
  profiles: DeviceProfile[];
  simulator: { enabled: boolean; intervalMs: number; offlineEveryMinutes: number };
}

export function loadTelematicsConfig(
  env: Readonly<Record<string, string | undefined>>,
  opts: { production: boolean; embedded: boolean; redisEmulated: boolean },
): TelematicsConfig {
  const e = loadSection(telematicsEnvShape, env);
  if (opts.production && !e.JT808_AUTH_SECRET) throw new ConfigError('JT808_AUTH_SECRET', '生产环境必须配置终端鉴权密钥');
  if (e.JT808_WORKERS > 0 && opts.redisEmulated) {
    throw new ConfigError('JT808_WORKERS', '多进程网关需要 Redis（REDIS_URL），进程内模拟无法跨进程共享');
  }
  let profiles: DeviceProfile[] = [];
  if (e.JT808_DEVICE_PROFILES) {
    const parsed = profileSchema.safeParse(safeJson(e.JT808_DEVICE_PROFILES));
    if (!parsed.success) throw new ConfigError('JT808_DEVICE_PROFILES', '不是合法的设备型号配置（JSON 数组）');
    profiles = parsed.data;
  }
  return {
    enabled: e.JT808_ENABLED,
    host: e.JT808_HOST,
    port: e.JT808_PORT ?? Math.min(65535, (Number(env.PORT) || 3000) + 4611),
    workers: e.JT808_WORKERS,
    authSecret: e.JT808_AUTH_SECRET ?? randomBytes(24).toString('base64url'),
    heartbeatTimeoutMs: e.JT808_HEARTBEAT_TIMEOUT_S * 1000,
    commands: {
      deadlineMs: e.JT808_COMMAND_TIMEOUT_MS, firstTimeoutMs: e.JT808_COMMAND_FIRST_TIMEOUT_MS, retries: e.JT808_COMMAND_RETRIES,
      perVehiclePerMinute: e.JT808_COMMANDS_PER_MINUTE, waitMs: e.JT808_COMMAND_WAIT_MS,
    },
    profiles,
    simulator: { enabled: e.SIMULATOR_ENABLED ?? (opts.embedded && !opts.production), intervalMs: e.SIMULATOR_INTERVAL_MS, offlineEveryMinutes: e.SIMULATOR_OFFLINE_EVERY_MINUTES },
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
