import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import type Koa from 'koa';
import { loadConfig } from '@config/load-config';
import type { Config } from '@config/config.schema';
import { createDeps, Deps, DepsOverrides } from '../../server/src/container';
import { buildApp } from '../../server/src/app';
import { createLogger } from '../../server/src/platform/logger';

/**
 * The backends under test follow the environment, as the README's test command does:
 * DATABASE_URL/REDIS_URL set → MariaDB and Redis (a database and a Redis db per jest worker, emptied
 * and migrated from nothing per test file); unset → a fresh SQLite file and the in-process emulation.
 */
export const backend = process.env.DATABASE_URL ? 'mariadb+redis' : 'sqlite+emulation';

const worker = Number(process.env.JEST_WORKER_ID ?? '1');

export async function freshDatabaseUrl(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  const u = new URL(url);
  const name = `${u.pathname.replace(/^\//, '') || 'test'}_w${worker}`;
  const conn = await createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username || 'root'), password: decodeURIComponent(u.password) });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
  u.pathname = `/${name}`;
  return u.toString();
}

export function freshRedisUrl(): string | undefined {
  const url = process.env.REDIS_URL;
  if (!url) return undefined;
  const u = new URL(url);
  // TEST_REDIS_DB_BASE lets two test runs share one Redis (each worker its own db).
  u.pathname = `/${(Number(process.env.TEST_REDIS_DB_BASE ?? '0') + worker) % 16}`;
  return u.toString();
}

export async function testConfig(extra: Record<string, string> = {}): Promise<Config> {
  const dbUrl = await freshDatabaseUrl();
  const redisUrl = freshRedisUrl();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gov-vehicle-test-'));
  return loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DEMO_LOGIN: 'true', SEED_ON_START: 'true', SCHEDULER_ENABLED: 'false', FAKE_WECHATPAY_PORT: '0', JT808_PORT: '0', SIMULATOR_ENABLED: 'false', SEED_DEMO_TRIPS: 'false', SEED_DEMO_SUPERVISION: 'false',
    SQLITE_PATH: path.join(dir, 'platform.sqlite'),
    // Tests sign in rapidly from one address: abuse limits and the session cap are off unless a test sets them (test/**/security*).
    RATE_SIGNIN_PER_IP_PER_MIN: '0', RATE_BOOKING_PER_USER_PER_MIN: '0', RATE_BOOKING_PER_IP_PER_MIN: '0', RATE_COMMAND_PER_USER_PER_MIN: '0', RATE_COMMAND_PER_IP_PER_MIN: '0', LOCKOUT_FAILURES: '0', SESSION_MAX_PER_USER: '0',
    // Tests move clocks by hours with supervisors signed in: idle expiry is off unless a test sets it (test/**/totp*).
    PRIVILEGED_IDLE_MINUTES: '0',
    ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...extra,
  });
}

export interface TestApp { deps: Deps; app: Koa; callback: ReturnType<Koa['callback']>; close(): Promise<void> }

/** The real app over the real backends, seeded with the demo slice. */
export async function startTestApp(extraEnv: Record<string, string> = {}, overrides: DepsOverrides = {}): Promise<TestApp> {
  const config = await testConfig(extraEnv);
  const deps = await createDeps(config, { logger: createLogger(config.logLevel), ...overrides });
  if (config.redis.kind === 'redis') await deps.redis.flushdb();
  const app = buildApp(deps);
  return { deps, app, callback: app.callback(), close: () => deps.close() };
}
