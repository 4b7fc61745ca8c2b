/**
 * JT/T 808 gateway benchmark: simulated terminals (several processes, several 127.0.0.x source
 * addresses) against the gateway (several worker processes), history in MariaDB (DATABASE_URL) or
 * SQLite, latest positions and command routing in Redis (REDIS_URL, default redis://127.0.0.1:6379/7).
 * Env: BENCH_TERMINALS (20000), BENCH_WORKERS and BENCH_SIMS (2, or one per 15,000 terminals), BENCH_RATE (10500 reports/s
 * offered) or BENCH_INTERVAL_MS (default TERMINALS / RATE), BENCH_DURATION_S (60), BENCH_PORT (17611),
 * BENCH_COMMAND_EVERY_MS (200), BENCH_SIM_NICE (0), BENCH_WARMUP_S (5: the fleet drives this long at the
 * full rate before the measured window of BENCH_DURATION_S starts).
 *
 * reports_per_s is what reached the database during the measured window (rows counted in the
 * database at its start and at its end, divided by its length), not what was offered;
 * reports_sent/reports_stored count the whole drive, warm-up included. Lock/unlock
 * commands go through the real command service at a steady rate over the same window, each one
 * confirmed by the terminal's 0x0500 status bits; unlock_p99_ms counts every command issued, a
 * failed or expired one at the time it took to answer.
 *
 * BENCH_SIM_NICE runs the simulators at a lower CPU priority. It is 0 by default: a terminal's own
 * answer to 0x8500 is part of every unlock measured, and simulators starved of CPU (nice 10: p99 of
 * 0x8500 written → read by the terminal 306 ms against 29 ms at nice 0, on a quiet machine) only
 * move the tail from the gateway to the terminals, and fall behind the offered rate.
 * On a database whose name contains "bench" the telematics tables are emptied first.
 * CPU profiles of every process (workers and simulators inherit the flags):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/jt808.bench.ts
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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
import { percentile, simulatedIdentity } from '../server/src/fakes/jt808-terminal/fleet';
import type { TerminalDirectory, TerminalInfo } from '../server/src/modules/telematics/telematics.ports';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const TERMINALS = env('BENCH_TERMINALS', 20_000);
/**
 * A process holds at most 20,000 open files here (a hard limit): gateway workers and simulators each
 * take at most 15,000 terminals by default (at 50,000 terminals on 2 + 2 processes, 25,000 each, about
 * 12,000 stayed connected per process and logins failed).
 */
const PER_PROCESS = 15_000;
const WORKERS = env('BENCH_WORKERS', Math.max(2, Math.ceil(TERMINALS / PER_PROCESS)));
const SIMS = env('BENCH_SIMS', Math.max(2, Math.ceil(TERMINALS / PER_PROCESS)));
const RATE = env('BENCH_RATE', 10_500);
const INTERVAL_MS = env('BENCH_INTERVAL_MS', Math.round((TERMINALS * 1000) / RATE));
const DURATION_S = env('BENCH_DURATION_S', 60);
const WARMUP_S = env('BENCH_WARMUP_S', 5);
const PORT = env('BENCH_PORT', 17611);
const COMMAND_EVERY_MS = env('BENCH_COMMAND_EVERY_MS', 200);
const SIM_NICE = env('BENCH_SIM_NICE', 0);
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
  // A benchmark database starts empty, so every run inserts into a table of the same size.
  if (url && new URL(url).pathname.includes('bench')) {
    await ds.query('TRUNCATE TABLE telematics_position');
    await ds.query('TRUNCATE TABLE telematics_command');
  }
  return ds;
}

/** When each terminal (by phone) received platform commands, from the simulators' trace. */
const commandSeenAt = new Map<string, number[]>();

function startSim(k: number, count: number): { proc: ChildProcess; ready: Promise<unknown>; done: Promise<SimDone> } {
  const cli = path.join(__dirname, '../server/src/fakes/jt808-terminal/simulator.cli.ts');
  const args = [
    ...process.execArgv, cli, '--json', '--wait-go', '--count', String(count), '--first-phone', String(FIRST_PHONE + k * count),
    '--port', String(PORT), '--hosts', '127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4', '--local', `127.0.1.${10 + k},127.0.2.${10 + k}`,
    '--trace-commands', '--edition', 'mixed', '--interval', String(INTERVAL_MS), '--duration', String(WARMUP_S + DURATION_S), '--concurrency', '300',
  ];
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  if (SIM_NICE && proc.pid) os.setPriority(proc.pid, SIM_NICE);
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
    if (m.event === 'cmd') {
      const list = commandSeenAt.get(String(m.phone)) ?? [];
      list.push(Number(m.at));
      commandSeenAt.set(String(m.phone), list.slice(-8));
      return;
    }
    if (m.event === 'ready') onReady(m);
    if (m.event === 'done') onDone(m as unknown as SimDone);
    if (m.event !== 'done') console.error(`[sim ${k}]`, JSON.stringify(m));
  });
  return { proc, ready, done };
}

/** CPU time (ms) of a process so far, from /proc (0 if it is gone or unreadable). */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}
/** Busy, interrupt (mostly loopback TCP in softirq) and total CPU time of the machine (ms, all cores). */
function machineMs(): { busy: number; irq: number; total: number } {
  const [, ...v] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = v.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: ((total - n[3] - n[4]) * 1000) / 100, irq: ((n[5] + n[6]) * 1000) / 100, total: (total * 1000) / 100 };
}
function pidsNamed(name: string): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

async function main(): Promise<void> {
  const ds = await openDb();
  const repo = new TelematicsRepository({ manager: ds.manager });
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
  console.error(`connected ${connectedPeak} terminals in ${Date.now() - t0} ms; offering ${Math.round((connectedPeak * 1000) / INTERVAL_MS)} reports/s (interval ${INTERVAL_MS} ms), simulators at nice ${SIM_NICE}`);

  const bus = new CommandBus(redis);
  // Where an unlock's time goes, hop by hop (BENCH diagnostics on stderr).
  interface Hops {
    c0: number; insStart?: number; insEnd?: number; pubEnd?: number; sentAt?: number; simAt?: number; confAt?: number; confSeen?: number; end?: number;
  }
  const hops = new Map<number, Hops>();
  const commandStore = {
    insertCommand: (row: Parameters<TelematicsRepository['insertCommand']>[0]) => {
      const h = hops.get(row.vehicleId);
      if (h) h.insStart = Date.now();
      return repo.insertCommand(row).finally(() => h && (h.insEnd = Date.now()));
    },
    updateCommandIf: (...a: Parameters<TelematicsRepository['updateCommandIf']>) => repo.updateCommandIf(...a),
    findCommand: (id: string) => repo.findCommand(id),
    findCommandByKey: (v: number, k: string) => repo.findCommandByKey(v, k),
  };
  const toWorker = bus.toWorker.bind(bus);
  bus.toWorker = (workerId, req) => toWorker(workerId, req).finally(() => {
    const h = hops.get(req.vehicleId);
    if (h) h.pubEnd = Date.now();
  });
  const commands = new CommandService(commandStore, directory, new TerminalRegistry(redis, 300), bus, redis,
    { deadlineMs: 10_000, firstTimeoutMs: 2_000, retries: 2, perVehiclePerMinute: 10, waitMs: 10_000 });
  await commands.start();
  // When the worker sent 0x8500 and judged the 0x0500 (its clock: same machine), and when that reached us.
  const seen = new Map<string, Record<string, number>>();
  const watchBus = new CommandBus(redis);
  await watchBus.onProgress((p) => {
    const m = seen.get(p.commandId) ?? {};
    m[p.state] ??= Date.now();
    m[`${p.state}At`] ??= p.at;
    seen.set(p.commandId, m);
  });

  const ours = () => ({
    bench: [process.pid], ...Object.fromEntries(gw.pids().map((p, i) => [`w${i}`, [p]])),
    ...Object.fromEntries(sims.map((s, i) => [`sim${i}`, [s.proc.pid as number]])),
    mariadb: pidsNamed('mariadbd'), redis: pidsNamed('redis-server'),
  });
  const cpuSnap = () => ({ m: machineMs(), p: Object.fromEntries(Object.entries(ours()).map(([k, ps]) => [k, ps.reduce((n, pid) => n + cpuMs(pid), 0)])) });

  for (const s of sims) s.proc.stdin?.write('go\n');
  const driveStart = Date.now();
  const windowStart = driveStart + WARMUP_S * 1000;
  const windowEnd = windowStart + DURATION_S * 1000;
  const unlock: number[] = [];
  const finished: Hops[] = [];
  const outcomes: Record<string, number> = {};
  const inFlight = new Set<Promise<unknown>>();
  let rssPeak = 0;
  const issueOne = () => {
    const vehicleId = 1 + Math.floor(Math.random() * TERMINALS);
    const c0 = Date.now();
    const h: Hops = { c0 };
    hops.set(vehicleId, h);
    const work = commands.issue({ vehicleId, kind: Math.random() < 0.5 ? 'unlock' : 'lock', idempotencyKey: `b-${c0}-${vehicleId}` })
      .then((v) => {
        const end = Date.now();
        outcomes[v.state] = (outcomes[v.state] ?? 0) + 1;
        unlock.push(end - c0);
        if (v.state !== 'confirmed') return;
        const m = seen.get(v.id) ?? {};
        seen.delete(v.id);
        const simAt = (commandSeenAt.get(String(FIRST_PHONE + vehicleId - 1)) ?? []).find((t) => t >= (m.sentAt ?? c0));
        finished.push(Object.assign(h, { sentAt: m.sentAt, confAt: m.confirmedAt, confSeen: m.confirmed, end, simAt }));
      })
      .catch((e: { code?: string }) => {
        outcomes[e.code ?? 'error'] = (outcomes[e.code ?? 'error'] ?? 0) + 1;
        unlock.push(Date.now() - c0);
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  };
  // The measured window starts once the fleet has driven WARMUP_S at the full rate (JIT-compiled
  // code, pools and caches in their steady state): rows in the database and CPU times are taken
  // at its start, and commands are issued at a steady rate over the window only.
  await new Promise((r) => setTimeout(r, Math.max(0, windowStart - Date.now())));
  const cpu0 = cpuSnap();
  const storedAtStart = await repo.countPositions('report');
  const cmdLoop = setInterval(() => {
    if (Date.now() < windowEnd) issueOne();
  }, COMMAND_EVERY_MS);
  // MariaDB's side of the writes: redo written, checkpoint age, dirty and free pages, waits for a free page.
  const dbStatus = async (): Promise<string> => {
    if (!process.env.DATABASE_URL) return '';
    const rows = (await ds.query(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_os_log_written','Innodb_checkpoint_age','Innodb_buffer_pool_pages_dirty','Innodb_buffer_pool_pages_free','Innodb_buffer_pool_wait_free','Innodb_log_waits','Innodb_data_reads','Innodb_buffer_pool_pages_flushed')",
    )) as Array<{ Variable_name: string; Value: string }>;
    const v = Object.fromEntries(rows.map((r) => [r.Variable_name.replace(/^Innodb_(buffer_pool_)?/, ''), Number(r.Value)]));
    return `db redo=${Math.round(v.os_log_written / 1048576)}MB ckpt_age=${Math.round(v.checkpoint_age / 1048576)}MB dirty=${v.pages_dirty} free=${v.pages_free} wait_free=${v.wait_free} log_waits=${v.log_waits} reads=${v.data_reads} flushed=${v.pages_flushed}`;
  };
  const progress = setInterval(async () => {
    const db = await dbStatus().catch(() => '');
    const t = gw.totals();
    rssPeak = Math.max(rssPeak, t.rssMb);
    const store = Object.entries(gw.takeStoreDiagnostics()).map(([w, d]) => `${w}:${d.batches}b/max${d.maxBatchRows}r/${d.maxInsertMs}ms/backlog${d.maxBacklog}`).join(' ');
    console.error(`t=${Math.round((Date.now() - driveStart) / 1000)}s conns=${t.connections} reports=${t.reports} stored=${t.stored} rss=${t.rssMb}MB lag=${gw.takeLagMax()}ms store ${store} ${db}`);
  }, 5000);

  // What reached the database during the window: rows counted at its end.
  await new Promise((r) => setTimeout(r, Math.max(0, windowEnd - Date.now())));
  clearInterval(cmdLoop);
  const cpu1 = cpuSnap();
  const windowS = (Date.now() - windowStart) / 1000;
  const storedInWindow = (await repo.countPositions('report')) - storedAtStart;

  const simsDone = await Promise.all(sims.map((s) => s.done));
  await Promise.all([...inFlight]);
  clearInterval(progress);
  const sent = simsDone.reduce((n, d) => n + d.sent, 0);
  const acked = simsDone.reduce((n, d) => n + d.acked, 0);
  let stored = 0;
  for (let i = 0; i < 60; i++) {
    stored = (await repo.countPositions('report')) - before;
    if (stored >= sent) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const samples = simsDone.flatMap((d) => d.samples);
  rssPeak = Math.max(rssPeak, gw.totals().rssMb);
  const serverRss = rssPeak + Math.round(process.memoryUsage().rss / 1048576);
  const pc = (xs: number[]) => `p50=${percentile(xs, 50)} p99=${percentile(xs, 99)}`;

  const spanMs = cpu1.m.total - cpu0.m.total;
  const pct = (ms: number) => Math.round((ms / spanMs) * 100 * os.cpus().length);
  const mine = Object.keys(cpu1.p).map((k) => [k, cpu1.p[k] - (cpu0.p[k] ?? 0)] as const);
  // Interrupt time (loopback TCP in softirq) is shown apart; part of it is also in the processes' own time.
  const irq = cpu1.m.irq - cpu0.m.irq;
  const others = Math.max(0, cpu1.m.busy - cpu0.m.busy - mine.reduce((n, [, v]) => n + v, 0));
  console.error(`cpu over the window (% of one core): ${mine.map(([k, v]) => `${k}=${pct(v)}`).join(' ')} (irq=${pct(irq)}) other_processes=${pct(others)} idle=${pct(spanMs - (cpu1.m.busy - cpu0.m.busy))}`);

  // Per hop of an unlock: issue → Redis checks → command row → publish → worker sends 0x8500 →
  // terminal reads it → worker judges 0x0500 → progress reaches the service → row updated, answered.
  const hopNames: Array<[string, keyof Hops, keyof Hops]> = [
    ['checks', 'c0', 'insStart'], ['insert', 'insStart', 'insEnd'], ['publish', 'insEnd', 'pubEnd'], ['toWorker', 'pubEnd', 'sentAt'],
    ['toTerminal', 'sentAt', 'simAt'], ['reply', 'simAt', 'confAt'], ['progress', 'confAt', 'confSeen'], ['update', 'confSeen', 'end'],
  ];
  const full = finished.filter((h) => hopNames.every(([, a, b]) => typeof h[a] === 'number' && typeof h[b] === 'number'));
  const d = (h: Hops, a: keyof Hops, b: keyof Hops) => (h[b] as number) - (h[a] as number);
  console.error(`unlock hops (${full.length}): ` + hopNames.map(([n, a, b]) => `${n} ${pc(full.map((h) => d(h, a, b)))}`).join('; '));
  for (const h of [...full].sort((x, y) => d(y, 'c0', 'end') - d(x, 'c0', 'end')).slice(0, 5)) {
    console.error(`  slow: ${d(h, 'c0', 'end')} ms at t=${Math.round((h.c0 - windowStart) / 1000)}s of the window: ` + hopNames.map(([n, a, b]) => `${n}=${d(h, a, b)}`).join(' '));
  }
  console.error(`sent=${sent} acked=${acked} stored_in_window=${storedInWindow} window_s=${windowS.toFixed(1)} commands=${JSON.stringify(outcomes)} login_failures=${simsDone.reduce((n, x) => n + x.loginFailures, 0)}`);
  console.log(
    `BENCH jt808 terminals=${connectedPeak} reports_sent=${sent} reports_stored=${stored} reports_per_s=${Math.round(storedInWindow / windowS)} ` +
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
