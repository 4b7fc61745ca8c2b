/**
 * 分时租赁 under load (issue #15): BENCH_CARS (2,000) time-share cars, each with a simulated JT/T 808
 * terminal connected over TCP to the app's gateway, parked in BENCH_STATIONS (100) stations around
 * 石家庄; BENCH_USERS (500) civil servants at once find cars at a station, reserve one (racing each
 * other for the same cars: a refused reservation looks again, up to BENCH_TRIES times), unlock it
 * (confirmed by the terminal's 0x0500 status bits), drive it to a station (the terminal moves and
 * reports the mileage), lock it and return it, all through the HTTP API.
 *
 * Three processes, as in production: the app (HTTP API + gateway, one process), the cars (one
 * simulator process), and this one, the users. Backends: the embedded default (a fresh SQLite file +
 * Redis emulation) or DATABASE_URL/REDIS_URL (use a database of its own: it is filled with bench rows).
 *   npm run bench:rental
 * Prints: BENCH rental users=… rentals=… reserve_p99_ms=… unlock_p99_ms=… return_p99_ms=… double_reservations=…
 * (p99 over every call of that kind, refusals included; double_reservations counts pairs of rentals
 * open on the same car, or of the same user, at the same time, read from the rental table afterwards).
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@config/load-config';
import { createDeps, type Deps } from '../server/src/container';
import { buildApp } from '../server/src/app';
import { UnitEntity, UserEntity, UserRoleEntity } from '../server/src/modules/identity/identity.entity';
import { VehicleEntity } from '../server/src/modules/fleet/fleet.entity';
import { CarEntity, PlanEntity, StationEntity } from '../server/src/modules/rental/rental.entity';
import { SimulatedTerminal, loopFor } from '../server/src/fakes/jt808-terminal';
import { percentile } from '../server/src/fakes/jt808-terminal/fleet';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const CARS = env('BENCH_CARS', 2_000);
const USERS = env('BENCH_USERS', 500);
const STATIONS = env('BENCH_STATIONS', 100);
const TRIES = env('BENCH_TRIES', 20);
/** Each parked car reports its position this often (spread over the interval). */
const REPORT_EVERY_MS = env('BENCH_REPORT_EVERY_MS', 30_000);
const FIRST_PHONE = 15_900_000_000;
const COMPANY = '河北公务出行汽车租赁有限公司';

interface Spot { lat: number; lng: number }
/** Station k: a grid around the city centre, 600 m apart (fences of 150 m). */
function stationSpot(k: number): Spot {
  const side = Math.ceil(Math.sqrt(STATIONS));
  return { lat: 38.0 + Math.floor(k / side) * 0.0054, lng: 114.45 + (k % side) * 0.0068 };
}
const phoneOf = (i: number) => String(FIRST_PHONE + i).padStart(12, '0');
const plateOf = (i: number) => `冀AD${String(30_000 + i).padStart(5, '0')}`;

// ── The app process ──────────────────────────────────────────────────────────────────────────────
async function app(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rental-'));
  const config = loadConfig({
    ...process.env, LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false', DEMO_LOGIN: 'true', SEED_ON_START: 'true', FAKE_WECHATPAY_PORT: '0',
    JT808_PORT: '0', SIMULATOR_ENABLED: 'false', SEED_DEMO_TRIPS: 'false',
    // 500 users from one address: the abuse limits (#19) would answer 429; per-car command pacing stays as configured.
    RATE_BOOKING_PER_USER_PER_MIN: '0', RATE_BOOKING_PER_IP_PER_MIN: '0', RATE_SIGNIN_PER_IP_PER_MIN: '0',
    RATE_COMMAND_PER_USER_PER_MIN: '0', RATE_COMMAND_PER_IP_PER_MIN: '0', SESSION_MAX_PER_USER: '0',
    SQLITE_PATH: process.env.DATABASE_URL ? undefined : path.join(dir, 'bench.sqlite'),
  });
  const deps = await createDeps(config);
  // How long the app's event loop was held at a time (a held loop leaves terminal replies and requests unread).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  if (config.redis.kind === 'redis') await deps.redis.flushdb();
  const { userIds: users, stationIds } = await seed(deps);
  const server = buildApp(deps).listen(0, '127.0.0.1');
  // 500 users keep their connections: an idle one closed by the server as a request goes out would be ECONNRESET.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((r) => server.once('listening', () => r()));
  const { port } = server.address() as { port: number };
  loopDelay.enable();
  process.send!({ kind: 'ready', url: `http://127.0.0.1:${port}`, gatewayPort: deps.telematics.gatewayPort, users, stationIds, backend: deps.db.kind });
  process.on('message', (m: { kind: string }) => {
    if (m.kind === 'check') {
      loopDelay.disable();
      const loop = { loopP99Ms: Math.round(loopDelay.percentile(99) / 1e6), loopMaxMs: Math.round(loopDelay.max / 1e6) };
      void check(deps).then((r) => process.send!({ kind: 'checked', ...r, ...loop }));
    }
  });
  process.on('disconnect', () => {
    server.close();
    void deps.close().finally(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

/** Stations, one plan, CARS vehicles with terminals as time-share cars, USERS civil servants. */
async function seed(deps: Deps): Promise<{ userIds: number[]; stationIds: number[] }> {
  const em = deps.db.manager;
  const company = await em.findOneByOrFail(UnitEntity, { name: COMPANY });
  const civil = (await em.findOneByOrFail(UserEntity, { name: '王建国' }));
  const now = new Date();
  const stationIds: number[] = [];
  for (let k = 0; k < STATIONS; k++) {
    const at = stationSpot(k);
    const row = await em.save(StationEntity, { companyId: company.id, name: `压测网点 ${k + 1}`, address: '', lat: at.lat, lng: at.lng, fence: JSON.stringify({ kind: 'circle', center: at, radiusM: 150 }), acceptsReturns: true, createdAt: now });
    stationIds.push(row.id);
  }
  const plan = await em.save(PlanEntity, { companyId: company.id, name: '压测按分钟', timeUnit: 'minute', dayRateFen: 50, nightRateFen: 25, nightStartMinute: 1320, nightEndMinute: 360, perKmFen: 80, dailyCapFen: 8300, minChargeFen: 500 });
  for (let from = 0; from < CARS; from += 200) {
    const n = Math.min(200, CARS - from);
    const vehicles = Array.from({ length: n }, (_, j) => {
      const i = from + j;
      return em.create(VehicleEntity, {
        plate: plateOf(i), vin: `LBENCHRNT${String(i).padStart(8, '0')}`, brandModel: '比亚迪 海豚', energyType: 'electric', displacementMl: null,
        priceFen: 11_680_000, seats: 5, category: 'general', source: 'timeshare', ownerUnitId: company.id, regionCode: company.regionCode,
        registeredOn: '2024-03-01', odometerHm: 100_000, terminalPhone: phoneOf(i), deviceModel: 'JT808-2013-STD', insuranceDue: '2027-03-01',
        inspectionDue: '2027-03-01', maintenanceDue: '2027-03-31', status: 'in_use',
      });
    });
    const ids = (await em.insert(VehicleEntity, vehicles)).identifiers.map((x) => Number(x.id));
    const saved = ids.every((x) => Number.isInteger(x) && x > 0) ? ids : (await em.find(VehicleEntity, { where: vehicles.map((v) => ({ plate: v.plate })) })).map((v) => v.id);
    await em.insert(CarEntity, saved.map((vehicleId, j) => ({
      vehicleId, companyId: company.id, stationId: stationIds[(from + j) % STATIONS]!, planId: plan.id, plate: plateOf(from + j), model: '比亚迪 海豚', seats: 5,
      batteryPct: 60 + ((from + j) % 40), rangeKm: 250, status: 'available' as const,
    })));
  }
  const userIds: number[] = [];
  for (let from = 0; from < USERS; from += 100) {
    const rows = Array.from({ length: Math.min(100, USERS - from) }, (_, j) => em.create(UserEntity, {
      name: `压测用户${from + j + 1}`, phone: `1370000${String(from + j).padStart(4, '0')}`, unitId: civil.unitId, regionCode: civil.regionCode,
      openid: `bench-rental-${from + j}`, status: 'active',
    }));
    await em.insert(UserEntity, rows);
    const saved = await em.find(UserEntity, { where: rows.map((r) => ({ openid: r.openid! })) });
    await em.insert(UserRoleEntity, saved.map((u) => ({ userId: u.id, role: 'applicant' as const })));
    userIds.push(...saved.map((u) => u.id));
  }
  return { userIds, stationIds };
}

/** Pairs of rentals open at the same time on one car or of one user, and rentals left open. */
async function check(deps: Deps): Promise<{ doubles: number; open: number; returned: number }> {
  const rows = (await deps.db.manager.query('SELECT car_id, user_id, status, reserved_at, ended_at FROM rental')) as Array<Record<string, unknown>>;
  const ms = (v: unknown) => (v == null ? Infinity : new Date(v instanceof Date ? v : `${String(v).replace(' ', 'T')}${String(v).endsWith('Z') ? '' : 'Z'}`).getTime());
  const spans = rows.map((r) => ({ car: Number(r.car_id), user: Number(r.user_id), from: ms(r.reserved_at), to: ms(r.ended_at), status: String(r.status) }));
  let doubles = 0;
  for (const key of ['car', 'user'] as const) {
    const by = new Map<number, typeof spans>();
    for (const s of spans) by.set(s[key], [...(by.get(s[key]) ?? []), s]);
    for (const list of by.values()) {
      list.sort((a, b) => a.from - b.from);
      for (let i = 1; i < list.length; i++) if (list[i]!.from < list[i - 1]!.to) doubles++;
    }
  }
  return { doubles, open: spans.filter((s) => s.status === 'reserved' || s.status === 'in_rental').length, returned: spans.filter((s) => s.status === 'returned').length };
}

// ── The cars process ─────────────────────────────────────────────────────────────────────────────
interface CarState { at: Spot; odometerHm: number; moving: boolean; terminal: SimulatedTerminal }

async function cars(gatewayPort: number): Promise<void> {
  const fleet: CarState[] = [];
  for (let i = 0; i < CARS; i++) {
    const home = stationSpot(i % STATIONS);
    const state = { at: { lat: home.lat + ((i % 7) - 3) * 0.0002, lng: home.lng + ((i % 5) - 2) * 0.0002 }, odometerHm: 100_000, moving: false } as CarState;
    state.terminal = new SimulatedTerminal({
      phone: phoneOf(i), plate: plateOf(i), edition: 2013, loop: loopFor(i),
      motion: { fixAt: () => ({ lat: state.at.lat, lon: state.at.lng, direction: 0, speedKmh: state.moving ? 30 : 0, moving: state.moving }), odometerHmAt: () => state.odometerHm },
    }, 30_000);
    fleet.push(state);
  }
  const t0 = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: 100 }, async () => {
    while (next < fleet.length) {
      const c = fleet[next++]!;
      await c.terminal.connect({ host: '127.0.0.1', port: gatewayPort });
      await c.terminal.login();
      await c.terminal.report();
    }
  }));
  // Parked cars report now and then, spread over the interval.
  const timers = fleet.map((c, i) => setTimeout(() => {
    const tick = setInterval(() => void c.terminal.report().catch(() => undefined), REPORT_EVERY_MS);
    timers.push(tick as unknown as NodeJS.Timeout);
  }, (i * REPORT_EVERY_MS) / fleet.length));
  process.send!({ kind: 'ready', connectMs: Date.now() - t0 });
  // The users' side tells a car to drive somewhere (moving, more km) or to park, and to report now.
  process.on('message', (m: { kind: string; seq: number; car: number; to?: Spot; km?: number }) => {
    const c = fleet[m.car]!;
    if (m.kind === 'drive') {
      c.moving = true;
      c.at = m.to!;
      c.odometerHm += Math.round(m.km! * 10);
    } else if (m.kind === 'park') c.moving = false;
    void c.terminal.report().then((r) => process.send!({ kind: 'done', seq: m.seq, ok: r === 0 }), () => process.send!({ kind: 'done', seq: m.seq, ok: false }));
  });
  process.on('disconnect', () => {
    for (const t of timers) clearTimeout(t);
    for (const c of fleet) c.terminal.close();
    process.exit(0);
  });
}

// ── The users (this process) ─────────────────────────────────────────────────────────────────────
function spawnChild(role: string, ...args: string[]): { child: ChildProcess; first: Promise<Record<string, unknown>> } {
  const child = fork(__filename, [role, ...args], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const first = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
  return { child, first };
}

async function main(): Promise<void> {
  const started = Date.now();
  const appProc = spawnChild('app');
  const ready = (await appProc.first) as { url: string; gatewayPort: number; users: number[]; stationIds: number[]; backend: string };
  console.error(`[bench] app ready (${ready.backend}) in ${((Date.now() - started) / 1000).toFixed(1)} s; connecting ${CARS} cars`);
  const carProc = spawnChild('cars', String(ready.gatewayPort));
  const carsReady = (await carProc.first) as { connectMs: number };
  console.error(`[bench] ${CARS} cars connected and reporting in ${(carsReady.connectMs / 1000).toFixed(1)} s; signing in ${USERS} users`);

  let seq = 0;
  const waiting = new Map<number, (ok: boolean) => void>();
  carProc.child.on('message', (m: { kind: string; seq: number; ok: boolean }) => { if (m.kind === 'done') waiting.get(m.seq)?.(m.ok); });
  const car = (kind: 'drive' | 'park', index: number, extra: { to?: Spot; km?: number } = {}) => new Promise<boolean>((resolve) => {
    const s = ++seq;
    waiting.set(s, (ok) => { waiting.delete(s); resolve(ok); });
    carProc.child.send({ kind, seq: s, car: index, ...extra });
  });

  const base = ready.url;
  const call = async (auth: string, method: string, p: string, body?: object) => {
    const t = performance.now();
    const res = await fetch(`${base}${p}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, body: json, ms: performance.now() - t };
  };
  const tokens: string[] = [];
  for (const userId of ready.users) {
    const res = await fetch(`${base}/api/auth/demo-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
    tokens.push(`Bearer ${((await res.json()) as { token: string }).token}`);
  }

  const lat = { find: [] as number[], reserve: [] as number[], unlock: [] as number[], lock: [] as number[], ret: [] as number[] };
  const outcome = { rentals: 0, reserveRefused: 0, gaveUp: 0, unlockFailed: 0, returnRefused: 0, errors: 0 };
  const plateIndex = (plate: string) => Number(plate.slice(-5)) - 30_000;
  const stations = Array.from({ length: STATIONS }, (_, k) => k);

  async function user(u: number): Promise<void> {
    const auth = tokens[u]!;
    let rental: { id: number; plate: string } | null = null;
    for (let attempt = 0; attempt < TRIES && !rental; attempt++) {
      // Users crowd a few stations first (a race for the same cars), then look wider.
      const k = attempt < 2 ? u % Math.max(1, Math.floor(STATIONS / 10)) : stations[Math.floor(Math.random() * STATIONS)]!;
      const found = await call(auth, 'GET', `/api/rental/cars?stationId=${ready.stationIds[k]}`);
      lat.find.push(found.ms);
      const list = (found.body.cars as Array<{ id: number; plate: string }> | undefined) ?? [];
      if (!list.length) continue;
      const pick = list[Math.floor(Math.random() * Math.min(3, list.length))]!;
      const held = await call(auth, 'POST', '/api/rental/rentals', { carId: pick.id, purpose: 'personal' });
      lat.reserve.push(held.ms);
      if (held.status === 201) rental = { id: Number(held.body.id), plate: pick.plate };
      else outcome.reserveRefused++;
    }
    if (!rental) {
      outcome.gaveUp++;
      return;
    }
    const index = plateIndex(rental.plate);
    const unlocked = await call(auth, 'POST', `/api/rental/rentals/${rental.id}/unlock`);
    lat.unlock.push(unlocked.ms);
    if (unlocked.status !== 200) {
      if (++outcome.unlockFailed <= 3) console.error(`[bench] unlock not confirmed: ${JSON.stringify(unlocked.body)}`);
      await call(auth, 'POST', `/api/rental/rentals/${rental.id}/cancel`);
      return;
    }
    // Drive to a station (the car's own or another), park, lock, return.
    const to = stationSpot(Math.floor(Math.random() * STATIONS));
    await car('drive', index, { to, km: 1 + Math.round(Math.random() * 190) / 10 });
    await car('park', index);
    const locked = await call(auth, 'POST', `/api/rental/rentals/${rental.id}/lock`);
    lat.lock.push(locked.ms);
    await car('park', index); // the terminal reports its locked doors
    for (let k = 0; k < 3; k++) {
      const back = await call(auth, 'POST', `/api/rental/rentals/${rental.id}/return`);
      lat.ret.push(back.ms);
      if (back.status === 200) {
        outcome.rentals++;
        return;
      }
      outcome.returnRefused++;
      if (k === 2) console.error(`[bench] return refused: ${JSON.stringify(back.body)}`);
      await car('park', index);
    }
  }

  const t0 = Date.now();
  await Promise.all(tokens.map((_, u) => user(u).catch((e: unknown) => { outcome.errors++; console.error('[bench] user failed', e); })));
  const wallS = (Date.now() - t0) / 1000;
  appProc.child.send({ kind: 'check' });
  type Checked = { doubles: number; open: number; returned: number; loopP99Ms: number; loopMaxMs: number };
  const checked = await new Promise<Checked>((resolve) => appProc.child.on('message', (m: { kind: string } & Record<string, number>) => {
    if (m.kind === 'checked') resolve(m as unknown as Checked);
  }));
  const p = (v: number[], q = 99) => Math.round(percentile(v, q));
  console.error(`[bench] ${wallS.toFixed(1)} s for every user; reservations refused ${outcome.reserveRefused} (car taken), users without a car ${outcome.gaveUp}, unlocks not confirmed ${outcome.unlockFailed}, returns refused ${outcome.returnRefused}, errors ${outcome.errors}; rentals left open ${checked.open}; find p50/p99 ${p(lat.find, 50)}/${p(lat.find)} ms, reserve p50 ${p(lat.reserve, 50)} ms, unlock p50 ${p(lat.unlock, 50)} ms, lock p99 ${p(lat.lock)} ms, return p50 ${p(lat.ret, 50)} ms; the app's event loop held p99 ${checked.loopP99Ms} ms, max ${checked.loopMaxMs} ms`);
  console.log(`BENCH rental users=${USERS} cars=${CARS} backend=${ready.backend} rentals=${checked.returned} reserve_p99_ms=${p(lat.reserve)} unlock_p99_ms=${p(lat.unlock)} return_p99_ms=${p(lat.ret)} double_reservations=${checked.doubles}`);
  carProc.child.disconnect();
  appProc.child.disconnect();
}

const [role, arg] = process.argv.slice(2);
(role === 'app' ? app() : role === 'cars' ? cars(Number(arg)) : main()).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
