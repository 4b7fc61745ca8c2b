import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { ConfigError } from '@config/load-config';

/**
 * HTTP_WORKERS (default 1): how many processes serve HTTP on the one port (node's cluster module; the
 * kernel spreads connections). `auto` is one per core. More than one needs DATABASE_URL and REDIS_URL:
 * the embedded default's SQLite connection and in-process Redis emulation belong to one process.
 */
export function httpWorkers(env: NodeJS.ProcessEnv): number {
  const raw = env.HTTP_WORKERS?.trim();
  if (!raw || raw === '1') return 1;
  const n = raw === 'auto' ? os.availableParallelism() : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ConfigError('HTTP_WORKERS', `应为 1–64 的整数或 auto，而不是「${raw}」`);
  if (n > 1 && (!env.DATABASE_URL || !env.REDIS_URL)) {
    throw new ConfigError('HTTP_WORKERS', '多进程需要 DATABASE_URL 和 REDIS_URL：内嵌的 SQLite 和进程内 Redis 模拟无法跨进程共享');
  }
  return n;
}

/**
 * What every worker after the first leaves to the first, so each runs once per instance as in a
 * single process: the scheduler, the JT/T 808 gateway and its demo fleet, migrations and the seed.
 * (Commands still go out from every worker: they reach the gateway through Redis.)
 */
const FOLLOWER_ENV = { SCHEDULER_ENABLED: 'false', JT808_ENABLED: 'false', SIMULATOR_ENABLED: 'false', SEED_ON_START: 'false' };

/**
 * The cluster's primary: starts the first worker, and the others once it is listening (it has migrated
 * and seeded by then); a worker that dies is started again with the same role; SIGTERM/SIGINT stop all.
 */
export function runPrimary(count: number, log: (line: string) => void): void {
  let stopping = false;
  const roles = new Map<Worker, Record<string, string>>();
  const fork = (env: Record<string, string>): Worker => {
    const w = cluster.fork(env);
    roles.set(w, env);
    return w;
  };
  const first = fork({ HTTP_WORKER: '1' });
  first.once('listening', () => {
    for (let k = 2; k <= count; k++) fork({ ...FOLLOWER_ENV, HTTP_WORKER: String(k) });
    log(`[cluster] ${count} HTTP workers started`);
  });
  cluster.on('exit', (w, code, signal) => {
    const env = roles.get(w);
    roles.delete(w);
    if (stopping) {
      if (roles.size === 0) process.exit(0);
      return;
    }
    log(`[cluster] worker ${env?.HTTP_WORKER} exited (${signal ?? code}); starting it again`);
    if (env) fork(env);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (roles.size === 0) process.exit(0);
    for (const w of roles.keys()) w.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

export const isClusterPrimary = (): boolean => cluster.isPrimary;
