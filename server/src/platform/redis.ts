import Redis from 'ioredis';
import type { Config } from '@config/config.schema';

export type RedisClient = Redis;

/**
 * Redis through ioredis, or an in-process emulation (ioredis-mock) for the embedded default.
 * ioredis-mock shares its data between instances of one process, so a subscriber made with
 * `duplicate()` sees what the main client publishes. It has no GEO commands: code needing
 * "near me" uses platform/geo-index.ts, which works on both.
 */
export function createRedis(config: Config['redis']): RedisClient {
  if (config.kind === 'redis') {
    return new Redis(config.url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RedisMock = require('ioredis-mock') as new (opts?: object) => Redis;
  return new RedisMock({ data: {} });
}

export function describeRedis(config: Config['redis']): string {
  if (config.kind === 'emulated') return 'in-process Redis emulation (ioredis-mock)';
  const u = new URL(config.url);
  return `Redis ${u.hostname}:${u.port || 6379}${u.pathname || ''}`;
}
