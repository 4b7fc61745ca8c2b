import ExcelJS from 'exceljs';
import { serviceImportColumns, type ServiceKind } from '@shared/fleet/service-records.schemas';
import { ManualClock } from '../../../server/src/platform/clock';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedUnitId, seedVehicleId } from '../../helpers/seed-lookup';
import { BillableOrderEntity } from '../../../server/src/modules/settlement/settlement.entity';
import { ServiceRecordEntity } from '../../../server/src/modules/fleet/service-record.entity';

/** A statement of a kind (its header first), as base64 for the import body. */
async function statement(kind: ServiceKind, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('对账单');
  ws.addRow([...serviceImportColumns[kind]]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

type Line = { sourceKind: string; sourceId: string; amountFen: number };

describe(`三定 statements imported from Excel: all rows or none, billed once (${backend})`, () => {
  // 2026-11-20 10:00 Shanghai: the statements below are November's.
  const clock = new ManualClock(new Date('2026-11-20T02:00:00Z'));
  let t: TestApp;
  let wei: As; let xu: As; let jiang: As; let zhao: As; let sun: As; let zhou: As;
  let fuel: number;
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    [wei, xu, jiang, zhao, sun, zhou] = await Promise.all(['韦强', '许亮', '蒋敏', '赵磊', '孙丽', '周明'].map((n) => as(t, n)));
    fuel = await seedUnitId(t, '中石化河北石家庄石油分公司');
  });
  afterAll(() => t.close());

  const counts = async () => ({
    records: await t.deps.db.manager.count(ServiceRecordEntity),
    orders: await t.deps.db.manager.count(BillableOrderEntity),
  });
  const stationLines = async (): Promise<Line[]> => {
    const gen = await sun.post('/api/settlement/statements/generate', { period: '2026-11' });
    expect(gen.status).toBe(201);
    const mine = (gen.body as Array<{ id: number; companyId: number }>).filter((s) => s.companyId === fuel);
    const lines: Line[] = [];
    for (const s of mine) lines.push(...((await wei.get(`/api/settlement/statements/${s.id}`)).body.lines as Line[]));
    return lines;
  };

  const good = [
    ['冀A00101', '2026-11-05 08:30', 'JY202611050001', '汽油', 45.5, 350, '挂账月结', 86300, ''],
    ['冀A00102', '2026-11-06 17:45', 'JY202611060002', '汽油', 38, '291.60', '', '', ''],
    ['冀AD00103', new Date(Date.UTC(2026, 10, 7, 14, 10)), 'JY202611070003', '充电', 42.3, 50.76, '挂账月结', '', ''],
    ['冀A00104', '2026/11/8', 'JY202611080004', '柴油', 30, 210, '现场已付', '', '加油卡'],
  ];

  it('when a statement has bad rows, then each bad cell is reported by row and column in Chinese and nothing is written, not even the good rows', async () => {
    const before = await counts();
    const res = await wei.post('/api/service-records/import', {
      fileBase64: await statement('fuel', [
        good[0]!,
        ['冀A99999', '2026-11-05 09:00', 'JY202611050009', '汽油', 20, 150, '', '', ''],
        ['冀A00102', '2026-11-31 10:00', 'JY202611050010', '煤油', 20, '一百五', '', '', ''],
        good[1]!,
        ['冀A00101', '2026-11-09 11:00', 'JY202611050001', '汽油', 10, 80, '', '', ''],
        ['冀A00104', '2026-11-09 12:00', 'JY202611090011', '汽油', 0, 80.123, '赊账', '', ''],
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SERVICE_IMPORT_REJECTED');
    expect(res.body.error.message).toMatch(/^对账单有 4 行错误，未写入任何记录：第 3 行「车牌号」：车牌 冀A·99999 未在平台登记/);
    const details = res.body.error.details as Array<{ row: number; column: string; subject: string; message: string }>;
    expect(details.map((d) => [d.row, d.column])).toEqual([
      [3, '车牌号'],
      [4, '金额(元)'], [4, '品种'], [4, '交易时间'],
      [6, '交易流水号'],
      [7, '金额(元)'], [7, '结算方式'], [7, '数量(升/千瓦时)'],
    ]);
    expect(details.find((d) => d.row === 4 && d.column === '品种')!.message).toBe('第 4 行「品种」：「煤油」应为 汽油、柴油、充电 之一');
    expect(details.find((d) => d.row === 4 && d.column === '金额(元)')!.message).toContain('「一百五」应为不小于 0、最多两位小数的金额');
    expect(details.find((d) => d.row === 6)!.message).toBe('第 6 行「交易流水号」：交易流水号 JY202611050001 与第 2 行重复');
    expect(details.find((d) => d.row === 7 && d.column === '结算方式')!.message).toContain('「赊账」应为 挂账月结、现场已付 之一');
    for (const d of details) expect(d.message).not.toMatch(/[A-Za-z]{4,}/); // Chinese, not zod's English
    await t.deps.events.drain();
    expect(await counts()).toEqual(before);
  });

  it('when a good statement is imported, then each row is a cost of its vehicle and the monthly-billed rows are on the station\'s statement with the unit', async () => {
    const before = await counts();
    const res = await wei.post('/api/service-records/import', { fileBase64: await statement('fuel', good) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'fuel', written: 4, writtenFen: 35_000 + 29_160 + 5_076 + 21_000, billedFen: 35_000 + 29_160 + 5_076, skipped: [] });
    await t.deps.events.drain();
    expect(await counts()).toEqual({ records: before.records + 4, orders: before.orders + 3 });

    const [a101, ad103, a104] = await Promise.all(['冀A00101', '冀AD00103', '冀A00104'].map((p) => seedVehicleId(t, p)));
    const life101 = (await zhao.get(`/api/vehicles/${a101}/life`)).body;
    expect(life101.costs.fuelFen).toBe(35_000);
    expect(life101.serviceRecords[0]).toMatchObject({ enterpriseId: fuel, occurredOn: '2026-11-05', amountFen: 35_000, billing: 'monthly', details: { txnNo: 'JY202611050001', time: '08:30', quantity: 45.5, energy: 'gasoline' } });
    expect((await zhao.get(`/api/vehicles/${ad103}/life`)).body.serviceRecords[0]).toMatchObject({ occurredOn: '2026-11-07', amountFen: 5_076, details: { energy: 'electricity', time: '14:10' } });
    expect((await zhao.get(`/api/vehicles/${a104}/life`)).body.costs.fuelFen).toBe(21_000);

    const ids = (res.body.recordIds as number[]).map(String);
    const lines = (await stationLines()).filter((l) => l.sourceKind === 'fuel' && ids.includes(l.sourceId));
    expect(lines.map((l) => l.amountFen).sort((x, y) => x - y)).toEqual([5_076, 29_160, 35_000]);
  });

  it('when the same statement is imported again, then every row is skipped and reported, and nothing is billed twice', async () => {
    const before = await counts();
    const again = await wei.post('/api/service-records/import', { fileBase64: await statement('fuel', good) });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ written: 0, writtenFen: 0, billedFen: 0, recordIds: [] });
    expect((again.body.skipped as Array<{ row: number; key: string }>).map((s) => [s.row, s.key])).toEqual([
      [2, 'JY202611050001'], [3, 'JY202611060002'], [4, 'JY202611070003'], [5, 'JY202611080004'],
    ]);
    // The month's statement grown by one more day: the old rows skipped, the new one written.
    const grown = await wei.post('/api/service-records/import', {
      fileBase64: await statement('fuel', [...good, ['冀A00101', '2026-11-18 07:50', 'JY202611180005', '汽油', 40, 300, '', '', '']]),
    });
    expect(grown.status).toBe(200);
    expect(grown.body).toMatchObject({ written: 1, billedFen: 30_000 });
    expect(grown.body.skipped).toHaveLength(4);
    await t.deps.events.drain();
    expect(await counts()).toEqual({ records: before.records + 1, orders: before.orders + 1 });
    // One billable order per fill-up: the five 流水号 of the month, each billed once (the paid one not at all).
    const records = await t.deps.db.manager.find(ServiceRecordEntity, { where: { enterpriseId: fuel } });
    const keyed = records.filter((r) => r.recordKey?.startsWith('JY2026'));
    expect(keyed.map((r) => r.recordKey).sort()).toEqual(['JY202611050001', 'JY202611060002', 'JY202611070003', 'JY202611080004', 'JY202611180005']);
    const orders = await t.deps.db.manager.find(BillableOrderEntity, { where: { sourceKind: 'fuel', companyId: fuel } });
    const billed = orders.filter((o) => keyed.some((r) => String(r.id) === o.sourceId));
    expect(billed).toHaveLength(4);
    expect(new Set(billed.map((o) => o.sourceId)).size).toBe(4);

    // The same 流水号 with another amount is not the same fill-up: the row is refused, nothing written.
    const changed = await wei.post('/api/service-records/import', {
      fileBase64: await statement('fuel', [['冀A00101', '2026-11-05 08:30', 'JY202611050001', '汽油', 45.5, 360, '', '', '']]),
    });
    expect(changed.status).toBe(400);
    expect(changed.body.error.details).toEqual([expect.objectContaining({ row: 2, column: '交易流水号', message: expect.stringContaining('已于 2026-11-05 登记为另一笔记录') })]);
    // One entered by hand under a key already imported: 409, named.
    const byHand = await wei.post('/api/service-records', { kind: 'fuel', plate: '冀A00101', occurredOn: '2026-11-05', amountFen: 35_000, energy: 'gasoline', quantity: 45.5, txnNo: 'JY202611050001' });
    expect(byHand.status).toBe(409);
    expect(byHand.body.error).toMatchObject({ code: 'SERVICE_RECORD_DUPLICATE', message: expect.stringContaining('交易流水号 JY202611050001 已于 2026-11-05 登记') });
    expect(await counts()).toEqual({ records: before.records + 1, orders: before.orders + 1 });
  });

  it('when the same statement is sent twice at once, then the unique key lets one write it and the other is refused or skips it: each fill-up billed once', async () => {
    const before = await counts();
    const fileBase64 = await statement('fuel', [
      ['冀A00101', '2026-11-19 07:10', 'JY202611190001', '汽油', 30, 240, '', '', ''],
      ['冀A00102', '2026-11-19 08:20', 'JY202611190002', '汽油', 35, 280, '', '', ''],
    ]);
    const [a, b] = await Promise.all([wei.post('/api/service-records/import', { fileBase64 }), wei.post('/api/service-records/import', { fileBase64 })]);
    const outcomes = [a, b].map((r) => (r.status === 200 ? `written ${r.body.written as number}, skipped ${(r.body.skipped as unknown[]).length}` : `${r.status} ${r.body.error.code as string}`)).sort();
    expect(outcomes[1]).toBe('written 2, skipped 0');
    expect(['409 SERVICE_RECORD_DUPLICATE', 'written 0, skipped 2']).toContain(outcomes[0]);
    await t.deps.events.drain();
    expect(await counts()).toEqual({ records: before.records + 2, orders: before.orders + 2 });
  });

  it('when the repair shop and the insurer import theirs, then the same path sets the due dates and the statements are read in their own columns', async () => {
    const cdcCar = await seedVehicleId(t, '冀A00112');
    const repair = await xu.post('/api/service-records/import', {
      fileBase64: await statement('repair', [
        ['冀A00112', '2026-11-10', 'WX-2026-1110', '年检', '年检代办、灯光调整', 300, '', 99_500, '', '2027-11-30', ''],
        ['冀A00112', '2026-11-12', 'WX-2026-1112', '保养', '更换机油、机滤', 680.5, '挂账月结', 99_800, '2027-05-12', '', ''],
      ]),
    });
    expect(repair.status).toBe(200);
    expect(repair.body).toMatchObject({ kind: 'repair', written: 2, billedFen: 98_050 });
    const policy = await jiang.post('/api/service-records/import', {
      fileBase64: await statement('insurance', [
        ['冀A00112', '2026-11-01', 'PDAA202613010000999', '人保财险石家庄分公司', '交强险＋商业险', '2026-11-02', '2027-11-01', 5200, '', ''],
      ]),
    });
    expect(policy.status).toBe(200);
    const life = (await zhou.get(`/api/vehicles/${cdcCar}/life`)).body;
    expect(life.vehicle).toMatchObject({ insuranceDue: '2027-11-01', inspectionDue: '2027-11-30', maintenanceDue: '2027-05-12' });
    expect(life.costs).toMatchObject({ repairFen: 98_050, insuranceFen: 520_000 });
    // A repair statement sent by the fuel station is read as a fuel statement and refused for its columns.
    const wrong = await wei.post('/api/service-records/import', { fileBase64: await statement('repair', [['冀A00112', '2026-11-10', 'WX-1', '维修', '补胎', 50, '', '', '', '', '']]) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'IMPORT_UNREADABLE', message: expect.stringContaining('缺少列：交易时间、交易流水号、品种、数量(升/千瓦时)') });
    // Only 三定 operators import statements.
    expect((await zhao.post('/api/service-records/import', { fileBase64: await statement('fuel', good) })).status).toBe(403);
  });

  it('when an operator downloads the template, then it has the columns of their enterprise\'s kind', async () => {
    const res = await xu.get('/api/service-records/import-template.xlsx').buffer(true).parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers['content-disposition'] ?? '')).toContain('维修保养对账单模板.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([...serviceImportColumns.repair]);
  });
});
