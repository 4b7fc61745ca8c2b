/**
 * HTTP load on the real app: listing trips and creating trips with 100 concurrent connections, beside a
 * bare Koa hello-world in the same run (the baseline of this machine). Loopback only, bounded duration.
 * Backends: the embedded default (a fresh SQLite file + Redis emulation) or DATABASE_URL/REDIS_URL.
 *   npm run bench:http            BENCH_SECONDS=10 per route by default, after BENCH_WARMUP_SECONDS=2 of the same load
 * Prints: BENCH http route=<route> rps=<req/s> p99_ms=<ms> baseline_rps=<req/s>
 */
import http from 'node:http';
import { ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { loadConfig } from '@config/load-config';
import { createDeps } from '../server/src/container';
import { buildApp } from '../server/src/app';
import { UserEntity } from '../server/src/modules/identity/identity.entity';

interface CannonResult { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number }
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
    RATE_BOOKING_PER_USER_PER_MIN: '0', RATE_BOOKING_PER_IP_PER_MIN: '0',
    SQLITE_PATH: process.env.DATABASE_URL ? undefined : path.join(dir, 'bench.sqlite'),
  });
  const deps = await createDeps(config);
  const server = await listen(buildApp(deps).callback());
  const user = await deps.db.manager.findOneByOrFail(UserEntity, { name: '王建国' });
  process.send!({ url: server.url, userId: user.id, backend: deps.db.kind });
  process.on('disconnect', () => {
    void server.close().then(() => deps.close()).finally(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

function spawnServer(kind: 'app' | 'baseline'): Promise<{ child: ChildProcess; info: { url: string; userId?: number; backend?: string } }> {
  // BENCH_PROFILE=<dir>: the app writes a V8 CPU profile there (node --cpu-prof) when it exits.
  const profile = kind === 'app' && process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = fork(__filename, [kind], { execArgv: [...process.execArgv, ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ child, info: info as { url: string; userId?: number; backend?: string } }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const app = await spawnServer('app');
  const baseline = await spawnServer('baseline');
  try {
    const login = await fetch(`${app.info.url}/api/auth/demo-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: app.info.userId }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (let i = 0; i < 50; i++) await fetch(`${app.info.url}/api/trips`, { method: 'POST', headers, body: tripBody(i) });

    const base = await autocannon({ url: `${baseline.info.url}/`, connections, duration: seconds });
    const baselineRps = Math.round(base.requests.average);
    const routes: Array<[string, Record<string, unknown>]> = [
      ['GET /api/trips', { url: `${app.info.url}/api/trips?pageSize=20`, headers }],
      ['POST /api/trips', { url: `${app.info.url}/api/trips`, method: 'POST', headers, body: tripBody(7) }],
    ];
    // BENCH_ROUTES=GET,POST… : only the routes whose name starts with one of these (e.g. to profile one).
    const only = process.env.BENCH_ROUTES?.split(',');
    for (const [route, opts] of routes.filter(([name]) => !only || only.some((o) => name.startsWith(o)))) {
      // Warm-up (not reported): the first seconds of a fresh process are spent compiling the hot paths.
      await autocannon({ ...opts, connections, duration: warmupSeconds });
      const r = await autocannon({ ...opts, connections, duration: seconds });
      console.log(`BENCH http route=${route.replace(' ', '_')} rps=${Math.round(r.requests.average)} p99_ms=${r.latency.p99} baseline_rps=${baselineRps} non2xx=${r.non2xx} errors=${r.errors} backend=${app.info.backend}`);
    }
  } finally {
    app.child.disconnect();
    baseline.child.kill();
  }
}

const role = process.argv[2];
(role === 'app' || role === 'baseline' ? serve(role) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
