/**
 * HTTP load on the real app: listing trips and creating trips with 100 concurrent connections, beside a
 * bare Koa hello-world in the same run (the baseline of this machine). Loopback only, bounded duration.
 * Backends: the embedded default (a fresh SQLite file + Redis emulation) or DATABASE_URL/REDIS_URL.
 *   npm run bench:http            BENCH_SECONDS=10 per route by default, after BENCH_WARMUP_SECONDS=2 of the same load
 * Prints: BENCH http route=<route> rps=<req/s> p99_ms=<ms> baseline_rps=<req/s>
 * With DATABASE_URL and REDIS_URL the same routes run again against `npm start`'s clustered server
 * (HTTP_WORKERS=auto: one process per core, server/src/cluster.ts), printed with processes=<n>.
 */
import http from 'node:http';
import { ChildProcess, fork, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { loadConfig } from '@config/load-config';
import { createDeps } from '../server/src/container';
import { buildApp } from '../server/src/app';

interface CannonResult { requests: { average: number; total: number }; latency: { p99: number }; non2xx: number; errors: number; '2xx': number }
/** A route to load; `stored` (writes) counts what the database holds of it, read before and after the run. */
interface Route { name: string; opts: Record<string, unknown>; stored?: () => Promise<number> }
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Cannon;

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const connections = 100;

async function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

function tripBody(i: number): string {
  const start = new Date(Date.now() + (2 + (i % 300)) * 86_400_000);
  return JSON.stringify({
    purpose: '压测用车申请', passengers: 2, startAt: start.toISOString(), endAt: new Date(start.getTime() + 2 * 3600_000).toISOString(),
    origin: { name: '省发改委', lat: 38.0455, lng: 114.5025 }, destinations: [{ name: '河北省人民政府', lat: 38.0466, lng: 114.5215 }],
    seatsWanted: 2, kind: 'in_city',
  });
}

/**
 * The app and the baseline each run in their own process, as they would in production, so the load
 * generator (autocannon, in this process) does not share their event loop.
 */
async function serve(kind: 'app' | 'baseline'): Promise<void> {
  if (kind === 'baseline') {
    const bare = new Koa();
    bare.use((ctx) => { ctx.body = { hello: 'world' }; });
    const server = await listen(bare.callback());
    process.send!({ url: server.url });
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-http-'));
  // As the tests run the app: no JT/T 808 listener on the fixed port 7611 and no simulated fleet writing
  // positions in the same process (bench:jt808 measures those); the HTTP API, auth and writes are all real.
  const config = loadConfig({
    ...process.env, LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false', DEMO_LOGIN: 'true', SEED_ON_START: 'true', FAKE_WECHATPAY_PORT: '0',
    JT808_PORT: '0', SIMULATOR_ENABLED: 'false',
    // One user posts thousands of trips a second here: the abuse limit on bookings (#19) would answer 429.
    RATE_BOOKING_PER_USER_PER_MIN: '0', RATE_BOOKING_PER_IP_PER_MIN: '0', RATE_SIGNIN_PER_IP_PER_MIN: '0',
    SQLITE_PATH: process.env.DATABASE_URL ? undefined : path.join(dir, 'bench.sqlite'),
  });
  const deps = await createDeps(config);
  const server = await listen(buildApp(deps).callback());
  process.send!({ url: server.url, backend: deps.db.kind });
  process.on('disconnect', () => {
    void server.close().then(() => deps.close()).finally(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

function spawnServer(kind: 'app' | 'baseline'): Promise<{ child: ChildProcess; info: { url: string; backend?: string } }> {
  // BENCH_PROFILE=<dir>: the app writes a V8 CPU profile there (node --cpu-prof) when it exits.
  const profile = kind === 'app' && process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = fork(__filename, [kind], { execArgv: [...process.execArgv, ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ child, info: info as { url: string; backend?: string } }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

/** `npm start`'s server with one HTTP process per core, on a free port; resolves once it answers. */
async function spawnClustered(): Promise<{ child: ChildProcess; url: string }> {
  const port = 20_000 + Math.floor(Math.random() * 5_000);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../server/src/main.ts')], {
    env: {
      ...process.env, HTTP_WORKERS: 'auto', PORT: String(port), LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false', DEMO_LOGIN: 'true',
      SEED_ON_START: 'true', JT808_PORT: '0', SIMULATOR_ENABLED: 'false', SKIP_H5_BUILD: '1',
      RATE_BOOKING_PER_USER_PER_MIN: '0', RATE_BOOKING_PER_IP_PER_MIN: '0', RATE_SIGNIN_PER_IP_PER_MIN: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let k = 0; k < 240; k++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { child, url };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error('the clustered server did not answer /healthz in 60 s');
}

async function demoUsers(url: string): Promise<Map<string, number>> {
  const users = (await (await fetch(`${url}/api/auth/demo-users`)).json()) as { items: Array<{ id: number; name: string }> };
  return new Map(users.items.map((u) => [u.name, u.id]));
}

async function signIn(url: string, userId: number): Promise<Record<string, string>> {
  const login = await fetch(`${url}/api/auth/demo-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  const { token } = (await login.json()) as { token: string };
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/**
 * The hot routes of a Monday 8:30, each as the role that uses it: 王建国 lists and books trips and
 * opens one, 李秀英 her approval inbox, 张伟 the dispatch board, 刘强 his tasks, and a demo sign-in.
 */
async function hotRoutes(url: string): Promise<Route[]> {
  const ids = await demoUsers(url);
  const as = (name: string) => signIn(url, ids.get(name)!);
  const applicant = await as('王建国');
  let tripId = 0;
  for (let i = 0; i < 50; i++) {
    const r = await fetch(`${url}/api/trips`, { method: 'POST', headers: applicant, body: tripBody(i) });
    tripId = ((await r.json()) as { id: number }).id;
  }
  const json = { 'content-type': 'application/json' };
  // The applicant's own trips as the API counts them (the total of a one-line page).
  const myTrips = async () => ((await (await fetch(`${url}/api/trips?mine=true&pageSize=1`, { headers: applicant })).json()) as { total: number }).total;
  const route = (name: string, opts: Record<string, unknown>, stored?: () => Promise<number>): Route => ({ name, opts, stored });
  return [
    route('GET /api/trips', { url: `${url}/api/trips?pageSize=20`, headers: applicant }),
    route('POST /api/trips', { url: `${url}/api/trips`, method: 'POST', headers: applicant, body: tripBody(7) }, myTrips),
    route('GET /api/trips/:id', { url: `${url}/api/trips/${tripId}`, headers: applicant }),
    route('GET /api/approvals', { url: `${url}/api/approvals?box=waiting&pageSize=20`, headers: await as('李秀英') }),
    route('GET /api/trips(dispatch-board)', { url: `${url}/api/trips?pageSize=50`, headers: await as('张伟') }),
    route('GET /api/driver/tasks', { url: `${url}/api/driver/tasks`, headers: await as('刘强') }),
    route('POST /api/auth/demo-login', { url: `${url}/api/auth/demo-login`, method: 'POST', headers: json, body: JSON.stringify({ userId: ids.get('王建国') }) }),
  ];
}

async function main(): Promise<void> {
  const baseline = await spawnServer('baseline');
  const base = await autocannon({ url: `${baseline.info.url}/`, connections, duration: seconds });
  const baselineRps = Math.round(base.requests.average);
  baseline.child.kill();
  const app = await spawnServer('app');
  try {
    await runRoutes(await hotRoutes(app.info.url), baselineRps, `processes=1 backend=${app.info.backend}`, [app.child.pid!]);
  } finally {
    app.child.disconnect();
  }
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) return;
  const clustered = await spawnClustered();
  try {
    await runRoutes(await hotRoutes(clustered.url), baselineRps, `processes=${os.availableParallelism()} backend=mysql`);
  } finally {
    clustered.child.kill('SIGTERM');
  }
}

/** A count read until two readings 250 ms apart agree (at most 10 s). */
async function settled(count: () => Promise<number>): Promise<number> {
  let last = await count();
  for (let k = 0; k < 40; k++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await count();
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks of 1/100 s
  } catch {
    return Number.NaN;
  }
}

/**
 * cpu_us_per_req is the app's own CPU time per answered request: on a loaded machine (CI, a laptop with
 * other work) rps and p99 move with the load, this figure much less, so two runs can be compared by it.
 */
async function runRoutes(routes: Route[], baselineRps: number, label: string, pids: number[] = []): Promise<void> {
  // BENCH_ROUTES=GET,POST… : only the routes whose name starts with one of these (e.g. to profile one).
  const only = process.env.BENCH_ROUTES?.split(',');
  for (const { name, opts, stored } of routes.filter((r) => !only || only.some((o) => r.name.startsWith(o)))) {
    // Warm-up (not reported): the first seconds of a fresh process are spent compiling the hot paths.
    await autocannon({ ...opts, connections, duration: warmupSeconds });
    const storedBefore = await stored?.();
    const cpuBefore = pids.reduce((a, pid) => a + cpuSeconds(pid), 0);
    const r = await autocannon({ ...opts, connections, duration: seconds });
    const cpuUs = ((pids.reduce((a, pid) => a + cpuSeconds(pid), 0) - cpuBefore) * 1e6) / Math.max(1, r.requests.total);
    const cpu = Number.isFinite(cpuUs) && pids.length ? ` cpu_us_per_req=${Math.round(cpuUs)}` : '';
    // Writes: every 2xx answer must be a row in the database. Requests still in flight when the client stopped
    // may be stored without an answer counted (at most one per connection): the count is read once it settles.
    const rows = stored && storedBefore !== undefined ? (await settled(stored)) - storedBefore : undefined;
    const kept = rows === undefined ? '' : ` answered_2xx=${r['2xx']} stored=${rows} lost=${Math.max(0, r['2xx'] - rows)}`;
    console.log(`BENCH http route=${name.replace(' ', '_')} rps=${Math.round(r.requests.average)} p99_ms=${r.latency.p99} baseline_rps=${baselineRps}${cpu} non2xx=${r.non2xx} errors=${r.errors}${kept} ${label}`);
  }
}

const role = process.argv[2];
(role === 'app' || role === 'baseline' ? serve(role) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
