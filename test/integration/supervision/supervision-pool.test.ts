import ExcelJS from 'exceljs';
import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { as } from '../../helpers/trips';
import { RegionEntity, UnitEntity } from '../../../server/src/modules/identity/identity.entity';
import { VehicleEntity, VehicleQuotaEntity } from '../../../server/src/modules/fleet/fleet.entity';
import { shanghaiInstant } from '@shared/common/time';
import type { PoolFigures, PoolRow } from '@shared/supervision/supervision.schemas';

/**
 * The four-level data pool on a generated slice of a province (2 cities × 3 counties × 2 townships,
 * a unit at every level with cars, trips and warnings in two months): at every level a region's figure
 * is the sum of the rows below it, and equals what was generated for it; Appendix A read back carries
 * the same totals; the assessment ranks the region's units with its formula.
 */
describe(`supervision data pool (${backend})`, () => {
  let t: TestApp;
  const expected = new Map<string, PoolFigures>(); // by unit region code's prefix, for the period
  const unitsGenerated: Array<{ id: number; regionCode: string }> = [];
  const PERIOD = '2026-11';
  beforeAll(async () => {
    t = await startTestApp();
    const m = t.deps.db.manager;
    let seed = 2026;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const regions: Array<[string, string, 'city' | 'county' | 'township', string]> = [];
    for (const [city, cityName] of [['130200', '唐山市'], ['130300', '秦皇岛市']] as const) {
      regions.push([city, cityName, 'city', '130000']);
      for (let c = 2; c <= 4; c++) {
        const county = `${city.slice(0, 4)}0${c}`;
        regions.push([county, `${cityName}第${c}区`, 'county', city]);
        for (let s = 1; s <= 2; s++) regions.push([`${county}00${s}`, `${cityName}第${c}区第${s}街道`, 'township', county]);
      }
    }
    for (const [code, name, level, parentCode] of regions) await m.insert(RegionEntity, { code, name, level, parentCode });
    let plate = 0;
    const nov = (day: number) => shanghaiInstant(`2026-11-${String(day).padStart(2, '0')}`, '15:00');
    const oct = (day: number) => shanghaiInstant(`2026-10-${String(day).padStart(2, '0')}`, '15:00');
    let tripId = 900_000;
    for (const [code, name] of regions) {
      const unit = await m.save(UnitEntity, m.create(UnitEntity, { name: `${name}政府办公室`, kind: 'party_government', regionCode: code, parentId: null, phone: null, address: null, lat: null, lng: null }));
      unitsGenerated.push({ id: unit.id, regionCode: code });
      const f: PoolFigures = { vehicles: 0, withTerminal: 0, trips: 0, distanceKm: 0, costFen: 0, warnings: 0, warningsRed: 0, warningsClosed: 0 };
      await m.insert(VehicleQuotaEntity, { unitId: unit.id, category: 'general', quota: 5 });
      const cars = 1 + rnd(4);
      const vehicleIds: number[] = [];
      for (let i = 0; i < cars; i++) {
        plate += 1;
        const withTerminal = rnd(3) > 0;
        const v = await m.save(VehicleEntity, m.create(VehicleEntity, {
          plate: `冀B${String(plate).padStart(5, '0')}`, vin: `LGEN${String(plate).padStart(13, '0')}`, brandModel: '大众 帕萨特', energyType: 'fuel', displacementMl: 1984,
          priceFen: 17_500_000, seats: 5, category: i === 0 ? 'general' : 'emergency', source: 'own', ownerUnitId: unit.id, regionCode: code, registeredOn: '2022-01-01',
          odometerHm: 100_000, terminalPhone: withTerminal ? `0139${String(plate).padStart(8, '0')}` : null, deviceModel: withTerminal ? 'JT808-2013-STD' : null,
          insuranceDue: '2027-06-30', inspectionDue: '2027-09-30', maintenanceDue: null, status: 'in_use',
        }));
        vehicleIds.push(v.id);
        f.vehicles += 1;
        if (withTerminal) f.withTerminal += 1;
      }
      // Trips in November (counted) and October (not in the period), recorded as trips records them.
      const tripsIn = async (count: number, at: (d: number) => Date, counted: boolean) => {
        for (let k = 0; k < count; k++) {
          tripId += 1;
          const km = 5 + rnd(200) / 10;
          const fuel = 1000 + rnd(5000);
          const when = at(1 + rnd(28));
          await t.deps.db.transaction(() => t.deps.events.record('trip.fulfilled', tripId, {
            tripId, unitId: unit.id, regionCode: code, purpose: '生成行程', route: 'A → B', fulfilledAt: when.toISOString(),
            assignments: [{ assignmentId: tripId, source: 'own', companyId: null, plate: null, driverName: null, distanceKm: km, returnedAt: when.toISOString(), rentalFen: 0, fuelFen: fuel, tollFen: 500, parkingFen: 0, otherFen: 0, vehicleId: null, departedAt: null }],
          }));
          if (counted) { f.trips += 1; f.distanceKm = Math.round(f.distanceKm * 10 + km * 10) / 10; f.costFen += fuel + 500; }
        }
      };
      await tripsIn(rnd(5), nov, true);
      await tripsIn(1 + rnd(2), oct, false);
      // Warnings raised in November, some of them handled.
      for (let k = 0, n = rnd(4); k < n; k++) {
        const vid = vehicleIds[k % vehicleIds.length];
        const w = await t.deps.supervision.engine.raise({
          kind: 'speeding', dedupeKey: `gen:${unit.id}:${k}`, vehicle: { id: vid, plate: '冀B00000' }, unitId: unit.id, regionCode: code,
          title: '生成预警', detail: '生成', occurredAt: nov(10), grade: k === 0 ? 'red' : 'yellow',
        });
        f.warnings += 1;
        if (w!.grade === 'red') f.warningsRed += 1;
        if (k % 2 === 1) {
          await t.deps.db.manager.update('SupervisionWarning', { id: w!.id }, { status: 'confirmed', raisedAt: nov(10) });
          f.warningsClosed += 1;
        } else {
          await t.deps.db.manager.update('SupervisionWarning', { id: w!.id }, { raisedAt: nov(10) });
        }
      }
      expected.set(`${unit.id}`, f);
    }
    await t.deps.events.drain();
  }, 180_000);
  afterAll(() => t.close());

  const sum = (rows: PoolFigures[]): PoolFigures => rows.reduce<PoolFigures>((a, r) => ({
    vehicles: a.vehicles + r.vehicles, withTerminal: a.withTerminal + r.withTerminal, trips: a.trips + r.trips, distanceKm: Math.round((a.distanceKm + r.distanceKm) * 10) / 10,
    costFen: a.costFen + r.costFen, warnings: a.warnings + r.warnings, warningsRed: a.warningsRed + r.warningsRed, warningsClosed: a.warningsClosed + r.warningsClosed,
  }), { vehicles: 0, withTerminal: 0, trips: 0, distanceKm: 0, costFen: 0, warnings: 0, warningsRed: 0, warningsClosed: 0 });
  const figures = (r: PoolRow): PoolFigures => ({ vehicles: r.vehicles, withTerminal: r.withTerminal, trips: r.trips, distanceKm: r.distanceKm, costFen: r.costFen, warnings: r.warnings, warningsRed: r.warningsRed, warningsClosed: r.warningsClosed });
  const generatedUnder = (code: string) => {
    const p = code.endsWith('00') ? code.slice(0, 4) : code;
    return sum(unitsGenerated.filter((u) => u.regionCode.startsWith(p)).map((u) => expected.get(`${u.id}`)!));
  };

  it('when the province supervisor drills down from the province to every township, then every region equals the sum of the rows below it, and the generated regions equal what was generated', async () => {
    const zhou = await as(t, '周明');
    let checked = 0;
    const walk = async (code: string): Promise<void> => {
      const res = await zhou.get(`/api/supervision/pool?regionCode=${code}&period=${PERIOD}`);
      expect(res.status).toBe(200);
      const { region, children } = res.body as { region: PoolRow; children: PoolRow[] };
      expect(figures(region)).toEqual(sum(children.map(figures)));
      if (/^13(02|03)/.test(code)) expect(figures(region)).toEqual(generatedUnder(code));
      checked += 1;
      for (const c of children.filter((x) => x.level !== 'unit')) await walk(c.key);
    };
    await walk('130000');
    expect(checked).toBe(1 + 2 + 2 + 6 + 12 + 3 + 6); // province, seed cities, new cities, new counties, new townships, seed counties, seed townships
    // A city = the sum of its counties (each the sum of its units): 唐山 has no units of its own below the city office row.
    const city = (await zhou.get(`/api/supervision/pool?regionCode=130200&period=${PERIOD}`)).body as { region: PoolRow; children: PoolRow[] };
    expect(city.children.map((c) => c.level)).toEqual(['county', 'county', 'county', 'unit']);
    expect(city.region.trips).toBeGreaterThan(0);
  });

  it('when a city supervisor asks for the province or a sibling city, then it is missing (404); a day period counts only that day', async () => {
    const wu = await as(t, '吴芳'); // 石家庄
    expect((await wu.get(`/api/supervision/pool?regionCode=130200&period=${PERIOD}`)).status).toBe(404);
    expect((await wu.get(`/api/supervision/pool?regionCode=130000&period=${PERIOD}`)).status).toBe(404);
    expect((await wu.get(`/api/supervision/pool?period=${PERIOD}`)).body.region.key).toBe('130100');
    const bad = await wu.get('/api/supervision/pool?period=2026/11');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('统计期');
    const zhou = await as(t, '周明');
    let days = 0;
    for (let d = 1; d <= 30; d++) days += (await zhou.get(`/api/supervision/pool?regionCode=130200&period=2026-11-${String(d).padStart(2, '0')}`)).body.region.trips;
    expect(days).toBe(generatedUnder('130200').trips);
  });

  it('when Appendix A is exported for a city and month, then the workbook read back lists its units and its 合计 row has the pool\'s totals', async () => {
    const auth = await signInAs(t, '周明');
    const res = await request(t.callback).get(`/api/supervision/appendix-a.xlsx?regionCode=130200&period=${PERIOD}`).set('Authorization', auth.Authorization)
      .buffer(true).parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const ws = wb.getWorksheet('附录A')!;
    expect(String(ws.getCell('A1').value)).toBe('河北省公务用车纳入信息化平台管理情况统计表');
    expect(String(ws.getCell('A2').value)).toContain('唐山市（130200）');
    const head = (ws.getRow(3).values as unknown[]).map(String);
    const col = (name: string) => head.indexOf(name);
    let totalRow: ExcelJS.Row | null = null;
    let units = 0;
    ws.eachRow((row, n) => { if (n > 3 && row.getCell(1).value === '合计') totalRow = row; else if (n > 3 && typeof row.getCell(1).value === 'number') units += 1; });
    expect(units).toBe(unitsGenerated.filter((u) => u.regionCode.startsWith('1302')).length);
    const g = generatedUnder('130200');
    const cell = (name: string) => Number(totalRow!.getCell(col(name)).value);
    expect(cell('实有车辆合计')).toBe(g.vehicles);
    expect(cell('安装终端数')).toBe(g.withTerminal);
    expect(cell('本期出车次数')).toBe(g.trips);
    expect(cell('本期行驶里程（km）')).toBeCloseTo(g.distanceKm, 5);
    expect(Math.round(cell('本期费用（元）') * 100)).toBe(g.costFen);
    expect(cell('本期预警数')).toBe(g.warnings);
    expect(cell('编制数')).toBe(5 * units);
    expect(cell('一般公务用车') + cell('应急保障用车')).toBe(g.vehicles);
  });

  it('when the assessment of a city is asked for a month, then every unit with cars is scored by the shown formula and ranked best first', async () => {
    const zhou = await as(t, '周明');
    const res = await zhou.get(`/api/supervision/assessment?regionCode=130200&period=${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.body.formula).toContain('终端入网率');
    const items = res.body.items as Array<{ rank: number; score: number; unitId: number; figures: PoolFigures; indicators: Record<string, number> }>;
    expect(items).toHaveLength(unitsGenerated.filter((u) => u.regionCode.startsWith('1302')).length);
    for (let i = 1; i < items.length; i++) expect(items[i - 1].score).toBeGreaterThanOrEqual(items[i].score);
    expect(items[0].rank).toBe(1);
    for (const it of items) {
      const f = expected.get(`${it.unitId}`)!;
      expect(it.figures).toEqual(f);
      const want = (30 * (f.withTerminal / f.vehicles) + 30 * (f.warnings ? f.warningsClosed / f.warnings : 1) + 20 * Math.max(0, 1 - f.warningsRed / f.vehicles) + 20 * Math.min(1, f.trips / f.vehicles / 10)) / 100 * 100;
      expect(it.score).toBeCloseTo(Math.round(want * 10) / 10, 5);
    }
  });
});
