/**
 * JT/T 808 gateway benchmark: simulated terminals (several processes, several 127.0.0.x source
 * addresses) against the gateway (several worker processes), history in MariaDB (DATABASE_URL) or
 * SQLite, latest positions and command routing in Redis (REDIS_URL, default redis://127.0.0.1:6379/7).
 * Env: BENCH_TERMINALS (20000), BENCH_WORKERS (2), BENCH_SIMS (2), BENCH_INTERVAL_MS (2000),
 * BENCH_DURATION_S (60), BENCH_PORT (17611), BENCH_COMMAND_EVERY_MS (250).
 * CPU profiles of every process (workers and simulators inherit the flags):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/jt808.bench.ts
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Telematics1764200000000 } from '../server/src/migrations/1764200000000-telematics';
import { TelematicsEntities } from '../server/src/modules/telematics/telematics.entities';
import { TelematicsRepository } from '../server/src/modules/telematics/telematics.repository';
import { GatewayCluster } from '../server/src/modules/telematics/gateway/gateway.cluster';
import { CommandBus } from '../server/src/modules/telematics/gateway/command-bus';
import { TerminalRegistry } from '../server/src/modules/telematics/gateway/terminal-registry';
import { CommandService } from '../server/src/modules/telematics/command.service';
import { percentile, simulatedIdentity } from '../server/src/modules/telematics/simulator/fleet';
import type { TerminalDirectory, TerminalInfo } from '../server/src/modules/telematics/telematics.ports';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const TERMINALS = env('BENCH_TERMINALS', 20_000);
const WORKERS = env('BENCH_WORKERS', 2);
const SIMS = env('BENCH_SIMS', 2);
const INTERVAL_MS = env('BENCH_INTERVAL_MS', 2000);
const DURATION_S = env('BENCH_DURATION_S', 60);
const PORT = env('BENCH_PORT', 17611);
const COMMAND_EVERY_MS = env('BENCH_COMMAND_EVERY_MS', 250);
const FIRST_PHONE = 14_000_000_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/7';
const SQLITE_PATH = '/tmp/jt808-bench.sqlite';

/** Bench vehicles: terminal i has phone FIRST_PHONE + i and is vehicle i + 1. */
const directory: TerminalDirectory = {
  async findByPhone(phone: string): Promise<TerminalInfo | null> {
    const i = Number(phone) - FIRST_PHONE;
    if (!Number.isInteger(i) || i < 0 || i >= TERMINALS) return null;
    return { vehicleId: i + 1, phone, plate: simulatedIdentity(FIRST_PHONE, i).plate, unitId: 1, deviceModel: null };
  },
  async findByVehicleId(vehicleId: number) {
    return vehicleId >= 1 && vehicleId <= TERMINALS ? this.findByPhone(String(FIRST_PHONE + vehicleId - 1)) : null;
  },
};

interface SimDone { sent: number; acked: number; failed: number; connected: number; loginFailures: number; samples: number[] }

async function openDb(): Promise<DataSource> {
  const url = process.env.DATABASE_URL;
  if (!url) for (const f of [SQLITE_PATH, `${SQLITE_PATH}-wal`, `${SQLITE_PATH}-shm`]) fs.rmSync(f, { force: true });
  const ds = new DataSource(url
    ? { type: 'mysql', url, timezone: 'Z', entities: TelematicsEntities, migrations: [Telematics1764200000000], migrationsTableName: 'tm_bench_migrations' }
    : { type: 'better-sqlite3', database: SQLITE_PATH, entities: TelematicsEntities, migrations: [Telematics1764200000000], prepareDatabase: (db: { pragma(s: string): unknown }) => { db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000'); } });
  await ds.initialize();
  const exists = await ds.createQueryRunner().hasTable('telematics_position');
  if (!exists) await ds.runMigrations();
  return ds;
}

function startSim(k: number, count: number): { proc: ChildProcess; ready: Promise<unknown>; done: Promise<SimDone> } {
  const cli = path.join(__dirname, '../server/src/modules/telematics/simulator/simulator.cli.ts');
  const args = [
    ...process.execArgv, cli, '--json', '--wait-go', '--count', String(count), '--first-phone', String(FIRST_PHONE + k * count),
    '--port', String(PORT), '--hosts', '127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4', '--local', `127.0.1.${10 + k},127.0.2.${10 + k}`,
    '--edition', 'mixed', '--interval', String(INTERVAL_MS), '--duration', String(DURATION_S), '--concurrency', '300',
  ];
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let onReady: (v: unknown) => void = () => undefined;
  let onDone: (v: SimDone) => void = () => undefined;
  const ready = new Promise((r) => (onReady = r));
  const done = new Promise<SimDone>((r) => (onDone = r));
  readline.createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    let m: { event?: string } & Record<string, unknown>;
    try {
      m = JSON.parse(line) as typeof m;
    } catch {
      return;
    }
    if (m.event === 'ready') onReady(m);
    if (m.event === 'done') onDone(m as unknown as SimDone);
    if (m.event !== 'done') console.error(`[sim ${k}]`, JSON.stringify(m));
  });
  return { proc, ready, done };
}

async function main(): Promise<void> {
  const ds = await openDb();
  const repo = new TelematicsRepository(ds);
  const before = await repo.countPositions('report');
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  const secret = 'bench-secret-0123456789';
  const workerEnv = {
    ...process.env, REDIS_URL, JT808_PORT: String(PORT), JT808_HOST: '0.0.0.0', JT808_WORKERS: String(WORKERS),
    JT808_AUTH_SECRET: secret, LOG_LEVEL: 'warn', DB_POOL_SIZE: '4', SQLITE_PATH, NODE_ENV: 'development',
  };
  const clusterStart = Date.now();
  const gw = await GatewayCluster.start({ workers: WORKERS, env: workerEnv, directory });
  console.error(`gateway: ${WORKERS} workers up in ${Date.now() - clusterStart} ms; storage ${process.env.DATABASE_URL ? 'MariaDB' : 'SQLite'}`);

  const per = Math.ceil(TERMINALS / SIMS);
  const sims = Array.from({ length: SIMS }, (_, k) => startSim(k, Math.min(per, TERMINALS - k * per)));
  const t0 = Date.now();
  await Promise.all(sims.map((s) => s.ready));
  await new Promise((r) => setTimeout(r, 1500));
  const connectedPeak = gw.totals().connections;
  console.error(`connected ${connectedPeak} terminals in ${Date.now() - t0} ms`);

  const bus = new CommandBus(redis);
  // The command rows' database time, measured apart (BENCH diagnostics on stderr).
  const dbMs: Record<'insert' | 'update', number[]> = { insert: [], update: [] };
  const timed = <T>(list: number[], work: Promise<T>): Promise<T> => {
    const t = Date.now();
    return work.finally(() => list.push(Date.now() - t));
  };
  const commandStore = {
    insertCommand: (row: Parameters<TelematicsRepository['insertCommand']>[0]) => timed(dbMs.insert, repo.insertCommand(row)),
    updateCommandIf: (...a: Parameters<TelematicsRepository['updateCommandIf']>) => timed(dbMs.update, repo.updateCommandIf(...a)),
    findCommand: (id: string) => repo.findCommand(id),
    findCommandByKey: (v: number, k: string) => repo.findCommandByKey(v, k),
  };
  const commands = new CommandService(commandStore, directory, new TerminalRegistry(redis, 300), bus, redis,
    { deadlineMs: 10_000, firstTimeoutMs: 2_000, retries: 2, perVehiclePerMinute: 10, waitMs: 10_000 });
  await commands.start();
  // Where an unlock's time goes: when the worker sent 0x8500 ("sent") and when it judged the 0x0500 (final).
  const seen = new Map<string, Record<string, number>>();
  const watchBus = new CommandBus(redis);
  await watchBus.onProgress((p) => {
    const m = seen.get(p.commandId) ?? {};
    m[p.state] ??= Date.now();
    seen.set(p.commandId, m);
  });
  const phases: Record<'toSent' | 'toFinal' | 'toAnswer', number[]> = { toSent: [], toFinal: [], toAnswer: [] };

  for (const s of sims) s.proc.stdin?.write('go\n');
  const driveStart = Date.now();
  const unlock: number[] = [];
  const outcomes: Record<string, number> = {};
  let rssPeak = 0;
  const cmdLoop = setInterval(() => {
    const vehicleId = 1 + Math.floor(Math.random() * TERMINALS);
    const c0 = Date.now();
    commands.issue({ vehicleId, kind: Math.random() < 0.5 ? 'unlock' : 'lock', idempotencyKey: `b-${c0}-${vehicleId}` })
      .then((v) => {
        outcomes[v.state] = (outcomes[v.state] ?? 0) + 1;
        if (v.state === 'confirmed') {
          const end = Date.now();
          unlock.push(end - c0);
          const m = seen.get(v.id) ?? {};
          seen.delete(v.id);
          if (m.sent) phases.toSent.push(m.sent - c0);
          if (m.confirmed) phases.toFinal.push(m.confirmed - (m.sent ?? c0));
          if (m.confirmed) phases.toAnswer.push(end - m.confirmed);
        }
      })
      .catch((e: { code?: string }) => (outcomes[e.code ?? 'error'] = (outcomes[e.code ?? 'error'] ?? 0) + 1));
  }, COMMAND_EVERY_MS);
  const progress = setInterval(() => {
    const t = gw.totals();
    rssPeak = Math.max(rssPeak, t.rssMb);
    console.error(`t=${Math.round((Date.now() - driveStart) / 1000)}s conns=${t.connections} reports=${t.reports} stored=${t.stored} rss=${t.rssMb}MB lag=${t.lagMaxMs}ms`);
  }, 5000);

  const done = await Promise.all(sims.map((s) => s.done));
  const driveS = (Date.now() - driveStart) / 1000;
  clearInterval(cmdLoop);
  clearInterval(progress);
  const sent = done.reduce((n, d) => n + d.sent, 0);
  const acked = done.reduce((n, d) => n + d.acked, 0);
  let stored = 0;
  for (let i = 0; i < 60; i++) {
    stored = (await repo.countPositions('report')) - before;
    if (stored >= sent) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const samples = done.flatMap((d) => d.samples);
  rssPeak = Math.max(rssPeak, gw.totals().rssMb);
  const serverRss = rssPeak + Math.round(process.memoryUsage().rss / 1048576);
  const pc = (xs: number[]) => `p50=${percentile(xs, 50)} p99=${percentile(xs, 99)}`;
  console.error(`command rows: insert ${pc(dbMs.insert)}; update ${pc(dbMs.update)}`);
  console.error(`unlock phases: issue→0x8500 sent ${pc(phases.toSent)}; sent→0x0500 judged ${pc(phases.toFinal)}; judged→answer ${pc(phases.toAnswer)}`);
  console.error(`sent=${sent} acked=${acked} commands=${JSON.stringify(outcomes)} login_failures=${done.reduce((n, d) => n + d.loginFailures, 0)}`);
  console.log(
    `BENCH jt808 terminals=${connectedPeak} reports_sent=${sent} reports_stored=${stored} reports_per_s=${Math.round(sent / driveS)} ` +
    `store_p99_ms=${percentile(samples, 99)} unlock_p99_ms=${percentile(unlock, 99)} server_rss_mb=${serverRss}`,
  );
  commands.stop();
  await bus.close();
  await watchBus.close();
  await gw.stop();
  redis.disconnect();
  await ds.destroy();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
