import ExcelJS from 'exceljs';
import request from 'supertest';
import type Koa from 'koa';
import { ManualClock } from '../../../server/src/platform/clock';
import type { Actor } from '../../../server/src/platform/data-scope';
import { LedgerService } from '../../../server/src/modules/ledger';
import { recordBillableOrder, SettlementService, settlementRoutes } from '../../../server/src/modules/settlement';
import { SettlementEntities } from '../../../server/src/modules/settlement/settlement.entity';
import { Settlement1764300002000 } from '../../../server/src/migrations/1764300002000-settlement';
import { SettlementPerUnit1764600004000 } from '../../../server/src/migrations/1764600004000-settlement-per-unit';
import { BillableOrderParts1764900001000 } from '../../../server/src/migrations/1764900001000-billable-order-parts';
import type { DirectoryUnit, SettlementDirectory } from '../../../server/src/modules/settlement';
import { openMoneyTestDb, MoneyTestDb } from '../payments/support/money-test-db';
import { memoryLogger } from '../payments/support/memory-logger';
import { actorHeader, buildTestApp, finance } from '../payments/support/payments-test-app';

const RENTAL_CO = 501;
const HOTEL = 502;
const UNIT_A = 11;
const UNIT_B = 12;
const names = new Map([[RENTAL_CO, '石家庄安达汽车租赁有限公司'], [HOTEL, '河北宾馆'], [UNIT_A, '河北省财政厅'], [UNIT_B, '石家庄市长安区教育局']]);
// `finance` (payments-test-app) sits at unit 1, the province's 机关事务管理局: it settles every unit in 13.
const units = new Map<number, DirectoryUnit>([
  [1, { kind: 'supervision_office', regionCode: '130000' }], [UNIT_A, { kind: 'party_government', regionCode: '130000' }],
  [UNIT_B, { kind: 'public_institution', regionCode: '130102' }], [RENTAL_CO, { kind: 'rental_company', regionCode: '130100' }],
  [HOTEL, { kind: 'hotel', regionCode: '130100' }],
]);
const directory: SettlementDirectory = {
  names: async (ids) => new Map(ids.map((id) => [id, names.get(id) ?? `单位 ${id}`])),
  units: async (ids) => new Map(ids.filter((id) => units.has(id)).map((id) => [id, units.get(id)!])),
};
const rentalOperator: Actor = { userId: 601, unitId: RENTAL_CO, regionCode: '130100', regionLevel: 'city', roles: ['rental_operator'] };
const hotelOperator: Actor = { userId: 602, unitId: HOTEL, regionCode: '130100', regionLevel: 'city', roles: ['supplier_operator'] };

const clock = new ManualClock(new Date('2026-11-01T02:00:00Z'));
let t: MoneyTestDb;
let ledger: LedgerService;
let app: Koa;

beforeAll(async () => {
  t = await openMoneyTestDb('settlement', { entities: SettlementEntities, migrations: [Settlement1764300002000, SettlementPerUnit1764600004000, BillableOrderParts1764900001000] });
  ledger = new LedgerService(t.db, clock);
  const svc = new SettlementService({ db: t.db, ledger, clock, directory });
  app = buildTestApp(memoryLogger().logger, [settlementRoutes(svc)]);
  const orders = [
    { sourceKind: 'rental' as const, sourceId: 'RO-1001', companyId: RENTAL_CO, unitId: UNIT_A, amountFen: 45000, completedAt: '2026-10-03T02:00:00Z' },
    { sourceKind: 'rental' as const, sourceId: 'RO-1002', companyId: RENTAL_CO, unitId: UNIT_A, amountFen: 30050, completedAt: '2026-10-15T09:30:00Z' },
    { sourceKind: 'trip' as const, sourceId: 'TR-2001', companyId: RENTAL_CO, unitId: UNIT_B, amountFen: 128800, completedAt: '2026-10-31T15:59:00Z' },
    // 00:30 on 1 November in Beijing: belongs to November, not to October's statement.
    { sourceKind: 'trip' as const, sourceId: 'TR-2002', companyId: RENTAL_CO, unitId: UNIT_B, amountFen: 9900, completedAt: '2026-10-31T16:30:00Z' },
    { sourceKind: 'hotel' as const, sourceId: 'HR-3001', companyId: HOTEL, unitId: UNIT_B, amountFen: 50000, completedAt: '2026-10-20T04:00:00Z' },
  ];
  for (const o of orders) {
    await recordBillableOrder({ ...o, description: `${o.sourceKind} ${o.sourceId}`, completedAt: new Date(o.completedAt) }, { db: t.db, ledger, clock });
  }
});
afterAll(async () => {
  await t.close();
});

const api = () => request(app.callback());
/** The rental company's October statement billed to unit A (the list filtered by unit). */
async function rentalStatementId(): Promise<number> {
  const res = await api().get(`/api/settlement/statements?period=2026-10&unitId=${UNIT_A}`).set(actorHeader(rentalOperator));
  expect(res.body.items).toHaveLength(1);
  return res.body.items[0].id as number;
}

describe('billable orders', () => {
  it('when a module records the same order twice, then it is billed once; a changed amount is refused with 409', async () => {
    const again = { sourceKind: 'rental' as const, sourceId: 'RO-1001', companyId: RENTAL_CO, unitId: UNIT_A, amountFen: 45000, description: 'x', completedAt: new Date('2026-10-03T02:00:00Z') };
    const row = await recordBillableOrder(again, { db: t.db, ledger, clock });
    expect(row.amountFen).toBe(45000);
    await expect(recordBillableOrder({ ...again, amountFen: 1 }, { db: t.db, ledger, clock })).rejects.toMatchObject({ code: 'BILLABLE_ORDER_CONFLICT' });
    expect(await ledger.balance('unit:11:payable')).toBe(75050);
  });
});

describe('monthly statement', () => {
  it('when finance generates October, then each company gets a draft per billed unit listing that unit\'s October orders only', async () => {
    const res = await api().post('/api/settlement/statements/generate').set(actorHeader(finance)).send({ period: '2026-10' });
    expect(res.status).toBe(201);
    const made = res.body.map((s: { companyId: number; unitId: number; unitName: string; totalFen: number; lineCount: number; status: string }) =>
      [s.companyId, s.unitId, s.unitName, s.status, s.totalFen, s.lineCount]);
    expect(made).toEqual([
      [RENTAL_CO, UNIT_A, '河北省财政厅', 'draft', 45000 + 30050, 2],
      [RENTAL_CO, UNIT_B, '石家庄市长安区教育局', 'draft', 128800, 1],
      [HOTEL, UNIT_B, '石家庄市长安区教育局', 'draft', 50000, 1],
    ]);
    const again = await api().post('/api/settlement/statements/generate').set(actorHeader(finance)).send({ period: '2026-10' });
    expect(again.body).toEqual([]);
  });

  it('when the company lists its statements, then it sees one per unit it served, and only its own', async () => {
    const res = await api().get('/api/settlement/statements?period=2026-10').set(actorHeader(rentalOperator));
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((s: { companyId: number; unitName: string }) => [s.companyId, s.unitName]).sort()).toEqual([
      [RENTAL_CO, '河北省财政厅'], [RENTAL_CO, '石家庄市长安区教育局'],
    ]);
    const st = (await api().get(`/api/settlement/statements/${await rentalStatementId()}`).set(actorHeader(rentalOperator))).body;
    expect(st).toMatchObject({ unitId: UNIT_A, unitName: '河北省财政厅', units: [{ unitId: UNIT_A, lineCount: 2 }] });
    expect(st.lines.every((l: { unitId: number }) => l.unitId === UNIT_A)).toBe(true);
  });

  it('when a company looks at another company\'s statement, then it gets 404', async () => {
    const id = await rentalStatementId();
    const res = await api().get(`/api/settlement/statements/${id}`).set(actorHeader(hotelOperator));
    expect(res.status).toBe(404);
  });

  it('when finance tries to approve a draft, then it is refused with 409', async () => {
    const id = await rentalStatementId();
    const res = await api().post(`/api/settlement/statements/${id}/approve`).set(actorHeader(finance));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('STATEMENT_STATE_CONFLICT');
  });

  it('when the company disputes a line and finance corrects it, then the correction is a new line and the original is unchanged', async () => {
    const id = await rentalStatementId();
    const st = (await api().get(`/api/settlement/statements/${id}`).set(actorHeader(rentalOperator))).body;
    const disputed = st.lines.find((l: { sourceId: string }) => l.sourceId === 'RO-1002');
    const review = await api().post(`/api/settlement/statements/${id}/review`).set(actorHeader(rentalOperator)).send({
      lines: st.lines.map((l: { id: number }) => (l.id === disputed.id ? { lineId: l.id, decision: 'dispute', reason: '实际还车提前 1 小时，应为 250.50 元' } : { lineId: l.id, decision: 'confirm' })),
    });
    expect(review.body.status).toBe('disputed');
    const wrongUnit = await api().post(`/api/settlement/statements/${id}/corrections`).set(actorHeader(finance))
      .send({ unitId: UNIT_B, amountFen: -5000, reason: '提前还车，减收 1 小时', correctsLineId: disputed.id });
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.body.error.code).toBe('VALIDATION_FAILED');
    expect(wrongUnit.body.error.message).toContain(`结算单 ${id}`);
    expect(wrongUnit.body.error.message).toContain('河北省财政厅');
    expect(wrongUnit.body.error.message).toContain('石家庄市长安区教育局');
    // Without a unit the correction is billed to the statement's unit.
    const fix = await api().post(`/api/settlement/statements/${id}/corrections`).set(actorHeader(finance))
      .send({ amountFen: -5000, reason: '提前还车，减收 1 小时', correctsLineId: disputed.id });
    expect(fix.status).toBe(201);
    expect(fix.body.totalFen).toBe(45000 + 30050 - 5000);
    expect(fix.body.lines.filter((l: { kind: string }) => l.kind === 'correction')).toEqual([expect.objectContaining({ unitId: UNIT_A, amountFen: -5000 })]);
    expect(fix.body.lines.find((l: { id: number }) => l.id === disputed.id).amountFen).toBe(30050);
    const resubmitted = await api().post(`/api/settlement/statements/${id}/resubmit`).set(actorHeader(finance));
    expect(resubmitted.body.status).toBe('draft');
    const pending = resubmitted.body.lines.filter((l: { reviewStatus: string }) => l.reviewStatus === 'pending').map((l: { id: number }) => ({ lineId: l.id, decision: 'confirm' }));
    expect(pending).toHaveLength(2); // the disputed line and its correction
    const confirmed = await api().post(`/api/settlement/statements/${id}/review`).set(actorHeader(rentalOperator)).send({ lines: pending });
    expect(confirmed.body.status).toBe('confirmed');
  });

  it('when finance approves and records payment, then the statement is paid and the units owe nothing for it', async () => {
    const id = await rentalStatementId();
    expect((await api().post(`/api/settlement/statements/${id}/approve`).set(actorHeader(finance))).body.status).toBe('approved');
    const paid = await api().post(`/api/settlement/statements/${id}/pay`).set(actorHeader(finance)).send({ paymentReference: 'ZJ-2026-11-0042' });
    expect(paid.body).toMatchObject({ status: 'paid', paymentReference: 'ZJ-2026-11-0042' });
    expect(await ledger.balance('unit:11:payable')).toBe(0);
    // Unit B still owes the November trip (not yet on a statement), its own rental statement and the hotel (both unpaid).
    expect(await ledger.balance('unit:12:payable')).toBe(9900 + 128800 + 50000);
    expect(await ledger.balance(`company:${RENTAL_CO}:receivable`)).toBe(-(9900 + 128800));
    expect(await ledger.unbalancedJournalIds()).toEqual([]);
    expect((await ledger.trialSum()).sumFen).toBe(0);
    const twice = await api().post(`/api/settlement/statements/${id}/pay`).set(actorHeader(finance)).send({ paymentReference: 'AGAIN' });
    expect(twice.status).toBe(409);
  });

  it('when the statement is exported, then the workbook read back has the title, the billed unit, its subtotal, total and signature row', async () => {
    const id = await rentalStatementId();
    const statement = (await api().get(`/api/settlement/statements/${id}`).set(actorHeader(finance))).body;
    const res = await api().get(`/api/settlement/statements/${id}/export.xlsx`).set(actorHeader(finance))
      .buffer(true).parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const ws = wb.getWorksheet('结算单')!;
    expect(String(ws.getCell('A1').value)).toContain('石家庄安达汽车租赁有限公司 2026年10月');
    expect(String(ws.getCell('A2').value)).toContain('结算单位：河北省财政厅');
    const rows: Array<{ label: string; fen: number | null }> = [];
    ws.eachRow((row) => {
      const v = row.getCell(7).value;
      const num = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v ? Number(v.result) : null;
      rows.push({ label: String(row.getCell(2).value ?? ''), fen: num === null ? null : Math.round(num * 100) });
    });
    const subtotal = (name: string) => rows.find((r) => r.label === `${name} 小计`)?.fen;
    expect(subtotal('河北省财政厅')).toBe(45000 + 30050 - 5000);
    expect(subtotal('石家庄市长安区教育局')).toBeUndefined(); // another unit: another statement
    expect(rows.find((r) => r.label === '合计')?.fen).toBe(statement.totalFen);
    const lineSum = rows.filter((r) => r.fen !== null && !r.label.endsWith('小计') && r.label !== '合计').reduce((s, r) => s + (r.fen ?? 0), 0);
    expect(lineSum).toBe(statement.totalFen);
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    for (const word of ['经办人：', '审核人：', '负责人：', '日期：', '人民币（大写）：柒佰元伍角']) expect(texts.some((x) => x.includes(word))).toBe(true);
  });

  it('when November is generated, then the trip completed just after midnight on 1 November is on it', async () => {
    const res = await api().post('/api/settlement/statements/generate').set(actorHeader(finance)).send({ period: '2026-11' });
    expect(res.body).toEqual([expect.objectContaining({ companyId: RENTAL_CO, unitId: UNIT_B, totalFen: 9900, lineCount: 1 })]);
  });

  it('when an order is billed to a unit missing from the unit table, then the platform admin\'s generate is refused with 409 and writes nothing; a regional finance generates the rest', async () => {
    for (const [sourceId, unitId] of [['RO-1201', UNIT_A], ['RO-1202', 99]] as const) {
      await recordBillableOrder({
        sourceKind: 'rental', sourceId, companyId: RENTAL_CO, unitId, amountFen: 1000, description: sourceId, completedAt: new Date('2026-12-05T02:00:00Z'),
      }, { db: t.db, ledger, clock });
    }
    const admin: Actor = { ...finance, userId: 901, roles: ['platform_admin'] };
    const refused = await api().post('/api/settlement/statements/generate').set(actorHeader(admin)).send({ period: '2026-12' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'BILLED_UNIT_UNKNOWN' });
    expect(refused.body.error.message).toContain('RO-1202');
    expect((await api().get('/api/settlement/statements?period=2026-12').set(actorHeader(admin))).body.total).toBe(0);
    const made = await api().post('/api/settlement/statements/generate').set(actorHeader(finance)).send({ period: '2026-12' });
    expect(made.body).toEqual([expect.objectContaining({ unitId: UNIT_A, totalFen: 1000, lineCount: 1 })]);
  });
});
