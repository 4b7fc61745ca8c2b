import { z } from 'zod';

/**
 * Every setting the platform reads, declared once. Values come from environment variables
 * (see .env.example); defaults give the embedded default: SQLite file + in-process Redis emulation,
 * the project's fake WeChat, demo sign-in and a seeded Hebei slice.
 */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  /** Ordinary requests run at most this many at a time per process; the rest wait their turn (server/src/platform/http/admission.ts). 0: no limit. */
  HTTP_ADMISSION_LIMIT: z.coerce.number().int().min(0).max(10_000).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** mysql://user:pass@host:port/db — MariaDB/MySQL through mysql2. Unset: embedded SQLite. */
  DATABASE_URL: z.string().regex(/^mysql:\/\/.+/, 'must start with mysql://').optional(),
  DB_POOL_SIZE: positiveInt.max(200).default(10),
  SQLITE_PATH: z.string().min(1).default('data/platform.sqlite'),
  /** redis://host:port/db — Redis through ioredis. Unset: in-process emulation (ioredis-mock). */
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'must start with redis:// or rediss://').optional(),
  SESSION_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
  /** Demo sign-in (pick a demo user). Defaults to on for the embedded default only; refused in production. */
  DEMO_LOGIN: bool.optional(),
  /** Seed the demo Hebei slice when the database is empty. Defaults to on for the embedded default. */
  SEED_ON_START: bool.optional(),
  /** WeChat API base (code2session, messages). Unset outside production: the project's fake, mounted at /__fake/wechat. */
  WECHAT_API_BASE: z.url().optional(),
  /** How long a WeChat subscribe-message call may take before it is retried later (ms). */
  WECHAT_MESSAGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  WECHAT_APPID: z.string().min(1).optional(),
  WECHAT_SECRET: z.string().min(1).optional(),
  /** Folder of the built H5 mini-program served at `/`. */
  H5_DIST: z.string().min(1).default('miniapp/dist/h5'),
  SCHEDULER_ENABLED: bool.default(true),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10000),
});
export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly http: { readonly host: string; readonly port: number; readonly admissionLimit: number };
  readonly logLevel: Env['LOG_LEVEL'];
  readonly db:
    | { readonly kind: 'mysql'; readonly url: string; readonly poolSize: number }
    | { readonly kind: 'sqlite'; readonly path: string };
  readonly redis: { readonly kind: 'redis'; readonly url: string } | { readonly kind: 'emulated' };
  readonly auth: { readonly sessionTtlSeconds: number; readonly demoLogin: boolean };
  readonly seedOnStart: boolean;
  readonly wechat: { readonly apiBase: string | null; readonly messageTimeoutMs: number; readonly appId: string; readonly secret: string; readonly fake: boolean };
  readonly h5Dist: string;
  readonly scheduler: { readonly enabled: boolean };
  readonly shutdownTimeoutMs: number;
  /** Raw environment, for capabilities that declare their own settings (they validate them the same way). */
  readonly rawEnv: Readonly<Record<string, string | undefined>>;
}
