/**
 * Supervision benchmark (#18), on the backend of DATABASE_URL / REDIS_URL (the embedded default without).
 *
 * 1. `BENCH supervision`: the warnings engine's position rules judge the report stream of
 *    BENCH_TERMINALS (20,000) simulated terminals, each reporting every TERMINALS / BENCH_RATE s
 *    (10,500 reports/s offered) for BENCH_DURATION_S (30) on the simulator's routes (fakes/jt808-terminal
 *    route.ts). 97 % of the moving cars are on a departed trip; the other 3 % start driving without
 *    one at random moments (无单出车, once per car and day), and a report now and then raises the
 *    overspeed bit (超速行驶). reports_per_s counts reports judged over the wall clock; warnings_p99_ms is
 *    from a report's arrival to its warning committed (engine.raise: rule switch, dedupe, repetition
 *    grade, warning and its first action in one transaction).
 * 2. `BENCH pool` (MariaDB only, on a database whose name contains "bench"): a generated province
 *    — 11 cities, 165 counties, 1,650 townships, 5,000 units, 50,000 vehicles and 3,000,000 trips over
 *    the last year, loaded with multi-row INSERTs (the trips as the pool's trip facts, with their monthly
 *    unit figures computed in one INSERT … SELECT as the migration does) — then the province supervisor
 *    drills down BENCH_DRILLS (300) times, a random region at a random level and a month or a day of the
 *    year; drilldown_p99_ms is PoolService.view's time (regions, units, vehicle census, quotas, trips,
 *    warnings, summed to the level below). A database already holding the generated province is reused.
 *
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/h18_bench REDIS_URL=redis://127.0.0.1:6379/8 npm run bench:supervision
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@config/load-config';
import { addShanghaiDays, shanghaiMonth } from '@shared/common/time';
import { createDeps } from '../server/src/container';
import { scopeOf } from '../server/src/platform/data-scope';
import type { RequestActor } from '../server/src/platform/access';
import { percentile } from '../server/src/fakes/jt808-terminal/fleet';
import { loopFor } from '../server/src/fakes/jt808-terminal/route';
import type { PositionReport } from '../server/src/modules/supervision/position-stream';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const TERMINALS = env('BENCH_TERMINALS', 20_000);
const RATE = env('BENCH_RATE', 10_500);
const DURATION_S = env('BENCH_DURATION_S', 30);
const TICK_MS = 50;
const VEHICLES = env('BENCH_VEHICLES', 50_000);
const TRIPS = env('BENCH_TRIPS', 3_000_000);
const DRILLS = env('BENCH_DRILLS', 300);
const PLATE_PREFIX = '冀Z';

const cities: Array<[code: string, name: string]> = [
  ['130100', '石家庄市'], ['130200', '唐山市'], ['130300', '秦皇岛市'], ['130400', '邯郸市'], ['130500', '邢台市'], ['130600', '保定市'],
  ['130700', '张家口市'], ['130800', '承德市'], ['130900', '沧州市'], ['131000', '廊坊市'], ['131100', '衡水市'],
];

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-supervision-'));
  const config = loadConfig({
    ...process.env, LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false', DEMO_LOGIN: 'true', SEED_ON_START: 'true', SEED_DEMO_TRIPS: 'false', FAKE_WECHATPAY_PORT: '0',
    JT808_PORT: '0', SIMULATOR_ENABLED: 'false', SQLITE_PATH: process.env.DATABASE_URL ? undefined : path.join(dir, 'bench.sqlite'),
  });
  const deps = await createDeps(config);
  const db = deps.db;
  const poolBench = db.kind === 'mysql' && /bench/.test(process.env.DATABASE_URL ?? '');
  try {
    if (poolBench) await generateProvince(db);
    else console.log('# pool: skipped (needs MariaDB on a database whose name contains "bench")');
    await benchEngine(deps);
    if (poolBench) await benchPool(deps);
  } finally {
    await deps.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Deps = Awaited<ReturnType<typeof createDeps>>;

async function benchEngine(deps: Deps): Promise<void> {
  const m = deps.db.manager;
  // The cars: the generated province's (or, on a small database, made up: the engine reads cars through its ports).
  const rows = await m.query(`SELECT id, plate, owner_unit_id AS unitId, region_code AS regionCode FROM vehicle WHERE terminal_phone IS NOT NULL ORDER BY id LIMIT ${TERMINALS}`) as Array<Record<string, unknown>>;
  const cars = Array.from({ length: TERMINALS }, (_, i) => {
    const r = rows[i];
    return r ? { id: Number(r.id), plate: String(r.plate), ownerUnitId: Number(r.unitId), regionCode: String(r.regionCode) }
      : { id: 50_000_000 + i, plate: `${PLATE_PREFIX}${String(900_000 + i)}`, ownerUnitId: 1, regionCode: '130102' };
  });
  // Fresh warnings for the run (earlier runs' keys would be duplicates).
  await m.query("DELETE FROM supervision_warning_action WHERE warning_id IN (SELECT id FROM supervision_warning WHERE dedupe_key LIKE 'no_trip:%' OR dedupe_key LIKE 'alarm:%')");
  await m.query("DELETE FROM supervision_warning WHERE dedupe_key LIKE 'no_trip:%' OR dedupe_key LIKE 'alarm:%'");
  const rules = deps.supervision.engine.positionRules();
  const noTrip = new Map<number, number>(); // car index → when it starts driving without a trip
  const onTheRoad: number[] = [];
  cars.forEach((c, i) => { if (i % 33 === 0) noTrip.set(i, Math.random() * DURATION_S * 1000 * 0.8); else onTheRoad.push(c.id); });
  rules.know(cars, onTheRoad);
  const periodMs = (TERMINALS / RATE) * 1000;
  const loops = cars.map((_, i) => loopFor(i));
  const latencies: number[] = [];
  let judged = 0;
  let lastSlot = 0;
  const start = Date.now();
  const alarmOn = new Set<number>();
  while (Date.now() - start < DURATION_S * 1000) {
    const now = Date.now();
    const elapsed = now - start;
    // Terminals whose report falls due since the last tick (each reports once per period, staggered).
    const upTo = Math.floor((elapsed / periodMs) * TERMINALS);
    const batch: PositionReport[] = [];
    for (let slot = lastSlot; slot < upTo; slot++) {
      const i = slot % TERMINALS;
      const l = loops[i]!;
      const starts = noTrip.get(i);
      const moving = starts == null || elapsed >= starts;
      const angle = l.phase + (elapsed / 1000) * (l.speedKmh / 3.6) / l.radiusM;
      let word = 0;
      if (alarmOn.has(i)) alarmOn.delete(i);
      else if (Math.random() < 0.0005) { alarmOn.add(i); word = 1 << 1; }
      batch.push({
        vehicleId: cars[i]!.id, atMs: now, speedKmh: moving ? l.speedKmh : 0, alarmWord: word,
        lat: l.centerLat + (Math.sin(angle) * l.radiusM) / 111_000, lng: l.centerLon + (Math.cos(angle) * l.radiusM) / 87_000,
      });
    }
    lastSlot = upTo;
    if (batch.length) {
      const raised = await rules.evaluate(batch, 8);
      const done = Date.now();
      for (const w of raised) latencies.push(done - new Date(w.occurredAt).getTime());
      judged += batch.length;
    }
    const wait = TICK_MS - (Date.now() - now);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const seconds = (Date.now() - start) / 1000;
  console.log(`# engine: ${judged} reports judged in ${seconds.toFixed(1)} s, ${latencies.length} warnings raised (${noTrip.size} cars drove without a trip), backend ${deps.db.kind}`);
  console.log(`BENCH supervision terminals=${TERMINALS} reports_per_s=${Math.round(judged / seconds)} warnings_p99_ms=${percentile(latencies, 99)} warnings=${latencies.length} backend=${deps.db.kind}`);
}

/** The generated province, bulk-loaded once (multi-row INSERTs of a few thousand rows). */
async function generateProvince(db: Deps['db']): Promise<void> {
  const m = db.manager;
  const have = Number((await m.query(`SELECT COUNT(*) AS n FROM vehicle WHERE plate LIKE '${PLATE_PREFIX}%'`) as Array<{ n: number }>)[0]!.n);
  const facts = Number((await m.query('SELECT COUNT(*) AS n FROM supervision_trip_fact') as Array<{ n: number }>)[0]!.n);
  if (have >= VEHICLES && facts >= TRIPS) {
    console.log(`# pool: reusing the generated province (${have} vehicles, ${facts} trip facts)`);
    return;
  }
  const started = Date.now();
  const insert = async (table: string, cols: string[], rows: unknown[][], chunk = 2_000) => {
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      await m.query(`INSERT IGNORE INTO ${table} (${cols.join(', ')}) VALUES ${part.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ')}`, part.flat());
    }
  };
  await m.query('DELETE FROM supervision_unit_month');
  await m.query('DELETE FROM supervision_trip_fact');
  const regions: unknown[][] = [['130000', '河北省', 'province', null]];
  const counties: string[] = [];
  const townships: string[] = [];
  for (const [code, name] of cities) {
    regions.push([code, name, 'city', '130000']);
    for (let k = 1; k <= 15; k++) {
      const county = `${code.slice(0, 4)}${String(k + 20).padStart(2, '0')}`;
      counties.push(county);
      regions.push([county, `${name.slice(0, 2)}第${k}县`, 'county', code]);
      for (let t = 1; t <= 10; t++) {
        const town = `${county}${String(t + 100).padStart(3, '0')}`;
        townships.push(town);
        regions.push([town, `${name.slice(0, 2)}${k}县第${t}镇`, 'township', county]);
      }
    }
  }
  await insert('region', ['code', 'name', 'level', 'parent_code'], regions);
  const unitCount = Math.ceil(VEHICLES / 10);
  const now = new Date();
  const unitRows = Array.from({ length: unitCount }, (_, i) => {
    const region = i % 2 === 0 ? counties[i % counties.length]! : townships[i % townships.length]!;
    return [`生成单位${String(i + 1).padStart(5, '0')}`, 'party_government', region, null, null, null, null, null, now];
  });
  await insert('unit', ['name', 'kind', 'region_code', 'parent_id', 'phone', 'address', 'lat', 'lng', 'created_at'], unitRows);
  const units = await m.query("SELECT id, region_code AS regionCode FROM unit WHERE name LIKE '生成单位%' ORDER BY id") as Array<{ id: number; regionCode: string }>;
  const vehicleRows = Array.from({ length: VEHICLES }, (_, i) => {
    const u = units[i % units.length]!;
    return [`${PLATE_PREFIX}${String(i).padStart(6, '0')}`, `LBENCH${String(i).padStart(11, '0')}`, '大众 帕萨特', 'fuel', 1984, 17_500_000, 5, i % 7 === 0 ? 'law_enforcement' : 'general', 'own',
      u.id, u.regionCode, '2020-01-01', 100_000, i % 20 === 0 ? null : `0199${String(i).padStart(8, '0')}`, 'JT808-2013-STD', '2027-06-30', '2027-09-30', null, 'in_use', now, 'purchased'];
  });
  await insert('vehicle', ['plate', 'vin', 'brand_model', 'energy_type', 'displacement_ml', 'price_fen', 'seats', 'category', 'source', 'owner_unit_id', 'region_code', 'registered_on',
    'odometer_hm', 'terminal_phone', 'device_model', 'insurance_due', 'inspection_due', 'maintenance_due', 'status', 'created_at', 'acquisition'], vehicleRows);
  const today = addShanghaiDays(now, 0);
  const days = Array.from({ length: 365 }, (_, d) => addShanghaiDays(today, -d));
  for (let i = 0; i < TRIPS; i += 200_000) {
    const rows: unknown[][] = [];
    for (let j = i; j < Math.min(TRIPS, i + 200_000); j++) {
      const u = units[(j * 7919) % units.length]!;
      rows.push([100_000_000 + j, u.id, u.regionCode, days[(j * 104_729) % days.length]!, 1, 50 + ((j * 31) % 2_000), 1_000 + ((j * 97) % 50_000)]);
    }
    await insert('supervision_trip_fact', ['trip_id', 'unit_id', 'region_code', 'day', 'cars', 'distance_hm', 'cost_fen'], rows, 5_000);
  }
  await m.query(`INSERT INTO supervision_unit_month (unit_id, month, region_code, trips, distance_hm, cost_fen)
    SELECT unit_id, SUBSTR(day, 1, 7), MAX(region_code), COUNT(*), SUM(distance_hm), SUM(cost_fen) FROM supervision_trip_fact GROUP BY unit_id, SUBSTR(day, 1, 7)`);
  const warnings: unknown[][] = [];
  for (let j = 0; j < 60_000; j++) {
    const u = units[(j * 613) % units.length]!;
    const at = new Date(now.getTime() - ((j * 7_211) % (365 * 86_400)) * 1000);
    warnings.push(['off_hours_use', j % 5 === 0 ? 'red' : 'yellow', j % 3 === 0 ? 'published' : 'open', `bench:${j}`, null, null, u.id, u.regionCode, null, '生成预警', '生成预警', at, at, at, null]);
  }
  await insert('supervision_warning', ['kind', 'grade', 'status', 'dedupe_key', 'vehicle_id', 'plate', 'unit_id', 'region_code', 'trip_id', 'title', 'detail', 'occurred_at', 'raised_at', 'updated_at', 'published_to'], warnings);
  console.log(`# pool: generated ${regions.length} regions, ${units.length} units, ${VEHICLES} vehicles, ${TRIPS} trip facts, 60000 warnings in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function benchPool(deps: Deps): Promise<void> {
  const m = deps.db.manager;
  const zhou = await m.query("SELECT id, unit_id AS unitId FROM app_user WHERE name = '周明'") as Array<Record<string, unknown>>;
  const base = { userId: Number(zhou[0]!.id), unitId: Number(zhou[0]!.unitId), regionCode: '130000', regionLevel: 'province' as const, roles: ['supervisor' as const] };
  const actor: RequestActor = { ...base, scope: scopeOf(base), name: '周明', tokenId: 'bench' };
  const regions = await m.query('SELECT code, level FROM region') as Array<{ code: string; level: string }>;
  const byLevel = (level: string) => regions.filter((r) => r.level === level).map((r) => r.code);
  const levels = [['130000'], byLevel('city'), byLevel('county'), byLevel('township')];
  const vehicles = Number((await m.query('SELECT COUNT(*) AS n FROM vehicle') as Array<{ n: number }>)[0]!.n);
  const trips = Number((await m.query('SELECT COUNT(*) AS n FROM supervision_trip_fact') as Array<{ n: number }>)[0]!.n);
  const times: number[] = [];
  const perLevel: number[][] = [[], [], [], []];
  const now = Date.now();
  for (let i = 0; i < DRILLS; i++) {
    const level = i % 4;
    const codes = levels[level]!;
    const code = codes[Math.floor(Math.random() * codes.length)]!;
    const monthly = i % 3 !== 2;
    const at = now - Math.floor(Math.random() * 364) * 86_400_000;
    const period = monthly ? shanghaiMonth(at) : addShanghaiDays(at, 0);
    const t0 = performance.now();
    const view = await deps.supervision.pool.view(actor, { regionCode: code, period });
    const ms = performance.now() - t0;
    if (i === 0 && view.region.vehicles === 0) throw new Error('the generated province has no vehicles');
    times.push(ms);
    perLevel[level]!.push(ms);
  }
  const p = (xs: number[]) => Math.round(percentile(xs, 99));
  console.log(`# pool: p99 by level province ${p(perLevel[0]!)} ms, city ${p(perLevel[1]!)} ms, county ${p(perLevel[2]!)} ms, township ${p(perLevel[3]!)} ms; median ${Math.round(percentile(times, 50))} ms over ${DRILLS} drill-downs (2/3 months, 1/3 days)`);
  console.log(`BENCH pool vehicles=${vehicles} trips=${trips} drilldown_p99_ms=${p(times)} backend=${deps.db.kind}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
