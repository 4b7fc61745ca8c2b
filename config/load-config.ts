import { z } from 'zod';
import { Config, envSchema } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`配置错误 ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * Pure: environment in, frozen typed config out. A bad value throws a ConfigError naming the variable,
 * so start-up stops with a message an operator can act on.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') relevant[key] = v;
  }
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, `${issue.message}（当前值: ${JSON.stringify(relevant[variable] ?? null)}）`);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  const production = e.NODE_ENV === 'production';
  const demoLogin = e.DEMO_LOGIN ?? (embedded && !production);
  if (production && demoLogin) throw new ConfigError('DEMO_LOGIN', '生产环境不允许演示登录');
  if (production && !e.WECHAT_API_BASE) throw new ConfigError('WECHAT_API_BASE', '生产环境必须配置微信接口地址');
  if (production && (!e.WECHAT_APPID || !e.WECHAT_SECRET)) {
    throw new ConfigError(e.WECHAT_APPID ? 'WECHAT_SECRET' : 'WECHAT_APPID', '生产环境必须配置小程序 AppID 与 AppSecret');
  }
  if (production && !e.REDIS_URL) throw new ConfigError('REDIS_URL', '生产环境必须使用 Redis（进程内模拟仅用于演示）');
  if (e.DATABASE_URL) {
    try {
      new URL(e.DATABASE_URL);
    } catch {
      throw new ConfigError('DATABASE_URL', '不是合法的 URL');
    }
  }
  const config: Config = {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, admissionLimit: e.HTTP_ADMISSION_LIMIT },
    logLevel: e.LOG_LEVEL,
    db: e.DATABASE_URL
      ? { kind: 'mysql', url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE }
      : { kind: 'sqlite', path: e.SQLITE_PATH },
    redis: e.REDIS_URL ? { kind: 'redis', url: e.REDIS_URL } : { kind: 'emulated' },
    auth: { sessionTtlSeconds: e.SESSION_TTL_SECONDS, demoLogin },
    seedOnStart: e.SEED_ON_START ?? embedded,
    wechat: {
      apiBase: e.WECHAT_API_BASE ?? null,
      messageTimeoutMs: e.WECHAT_MESSAGE_TIMEOUT_MS,
      appId: e.WECHAT_APPID ?? 'wxdemo0000000001',
      secret: e.WECHAT_SECRET ?? 'demo-app-secret',
      fake: !e.WECHAT_API_BASE,
    },
    h5Dist: e.H5_DIST,
    scheduler: { enabled: e.SCHEDULER_ENABLED },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    rawEnv: Object.freeze({ ...env }),
  };
  return deepFreeze(config);
}

/** Capabilities parse their own settings with the same error shape. */
export function loadSection<T extends z.ZodRawShape>(shape: T, env: Readonly<Record<string, string | undefined>>): z.infer<z.ZodObject<T>> {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') relevant[key] = v;
  }
  const parsed = z.object(shape).safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, `${issue.message}（当前值: ${JSON.stringify(relevant[variable] ?? null)}）`);
  }
  return parsed.data;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}
