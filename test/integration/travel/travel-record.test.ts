import ExcelJS from 'exceljs';
import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { signInAs } from '../../helpers/auth';
import { approvedTravel, travelBody } from '../../helpers/travel';

/** An e-invoice as the tax bureau's 数电票 XML carries it (the fields the record reads). */
const digitalInvoiceXml = (number: string, date: string, amount: string, tax: string) => `<?xml version="1.0" encoding="UTF-8"?>
<EInvoice><Header><EIid>${number}</EIid><EInvoiceTag>SWEI1300</EInvoiceTag><Version>0.1</Version></Header>
<EInvoiceData>
  <SellerInformation><SellerIdNum>91130600MA0FXXXX1A</SellerIdNum><SellerName>保定市政府接待中心餐厅</SellerName></SellerInformation>
  <BuyerInformation><BuyerIdNum>11130000000000000A</BuyerIdNum><BuyerName>河北省发展和改革委员会</BuyerName></BuyerInformation>
  <BasicInformation><TotalAmWithoutTax>${amount}</TotalAmWithoutTax><TotalTaxAm>${tax}</TotalTaxAm><RequestTime>${date} 12:10:00</RequestTime></BasicInformation>
</EInvoiceData>
<TaxSupervisionInfo><InvoiceNumber>${number}</InvoiceNumber><IssueTime>${date} 12:10:00</IssueTime><TaxBureauCode>11300000000</TaxBureauCode></TaxSupervisionInfo>
</EInvoice>`;

const hotelInvoice = (issuedOn: string) => ({
  invoiceCode: '013002400111', invoiceNumber: '20261201', issuedOn, sellerName: '河北宾馆', sellerTaxId: '911301001043XXXX5K',
  buyerTaxId: '11130000000000000A', amountFen: 30_189, taxFen: 1_811,
});

describe(`one business-trip record (出差) from approval to reimbursement (${backend})`, () => {
  let t: TestApp;
  let wang: As; let li: As; let meng: As; let sun: As; let zhou: As;
  let travelId: number; let day: string; let nextDay: string;
  let hotelReservationId: number;

  beforeAll(async () => {
    t = await startTestApp();
    [wang, li, meng, sun, zhou] = await Promise.all(['王建国', '李秀英', '孟德海', '孙丽', '周婷'].map((n) => as(t, n)));
  });
  afterAll(() => t.close());

  it('when a traveller applies for 出差, then nothing can be booked under it until the approval center approves it, and then the hotel can', async () => {
    const b = travelBody(3, { companionIds: [meng.userId] });
    ({ day, nextDay } = b);
    const created = await wang.post('/api/travel', b.body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', statusLabel: '审批中', startDate: day, endDate: nextDay, days: 2 });
    expect(created.body.serviceLabels).toEqual(['公务用车', '酒店住宿', '公务接待用餐', '车票机票']);
    expect(created.body.travellers.map((x: { name: string }) => x.name)).toEqual(['王建国', '孟德海']);
    travelId = created.body.id;

    const early = await wang.get(`/api/reservations/hotels?travelId=${travelId}&checkIn=${day}&nights=1`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('TRAVEL_STATE_CONFLICT');
    expect(early.body.error.message).toContain('批准后才能预订');

    const item = (await li.get('/api/approvals?kind=travel')).body.items.find((i: { subjectId: number }) => i.subjectId === travelId);
    expect(item.kindLabel ?? item.kind).toBeTruthy();
    expect(item.summary).toContain('保发改函〔2026〕12号');
    expect((await li.post(`/api/approvals/${item.id}/decide`, { action: 'approve' })).status).toBe(200);
    expect((await wang.get(`/api/travel/${travelId}`)).body.status).toBe('approved');

    const offers = await wang.get(`/api/reservations/hotels?travelId=${travelId}&checkIn=${day}&nights=1`);
    expect(offers.status).toBe(200);
    const standard = offers.body.items.find((o: { name: string }) => o.name === '标准间');
    const booked = await wang.post('/api/reservations/hotel', { travelId, roomTypeId: standard.roomTypeId, checkIn: day, nights: 1, rooms: 1 });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ travelId, tripId: null, status: 'awaiting_supplier', officialFen: 32_000, standardText: '标准 ¥350.00/晚' });
    hotelReservationId = booked.body.id;
  });

  it('when a booking asks for more than the 出差 authorised, then it is refused naming the 公函; neither trip nor record, or both, is a bad request', async () => {
    const menu = (await wang.get(`/api/reservations/dining?travelId=${travelId}&date=${day}&slot=lunch`)).body.items[0];
    const tooMany = await wang.post('/api/reservations/dining', { travelId, menuId: menu.menuId, date: day, slot: 'lunch', guests: 6, hosts: 2 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.code).toBe('TRAVEL_NOT_AUTHORISED');
    expect(tooMany.body.error.message).toContain('保定市发展和改革委员会 保发改函〔2026〕12号');
    const neither = await wang.post('/api/reservations/hotel', { roomTypeId: 1, checkIn: day, nights: 1, rooms: 1 });
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toContain('二选一');
  });

  it('when an invoice is submitted twice, by anyone, then the second is refused with 409 naming the earlier record, and nothing is added', async () => {
    const first = await wang.post(`/api/travel/${travelId}/invoices`, { category: 'hotel', reservationId: hotelReservationId, invoice: hotelInvoice(day) });
    expect(first.status).toBe(201);
    expect(first.body.invoices).toHaveLength(1);
    // The same invoice again on the same record, by the companion.
    const again = await meng.post(`/api/travel/${travelId}/invoices`, { category: 'hotel', invoice: hotelInvoice(day) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('TRAVEL_INVOICE_DUPLICATE');
    expect(again.body.error.message).toContain(`出差记录 ${travelId}`);
    expect(again.body.error.message).toContain('王建国');
    // And on another record of another trip.
    const other = await approvedTravel(wang, li, travelBody(5, { purpose: '赴保定参加项目推进会', reception: null }).body);
    const elsewhere = await wang.post(`/api/travel/${other}/invoices`, { category: 'hotel', invoice: hotelInvoice(day) });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.details).toMatchObject({ travelId });
    expect((await wang.get(`/api/travel/${other}`)).body.invoices).toHaveLength(0);
    expect((await wang.get(`/api/travel/${travelId}`)).body.invoices).toHaveLength(1);
    // An e-invoice's XML read twice is one invoice too.
    const xml = digitalInvoiceXml('26132000000012345678', day, '884.96', '115.04');
    expect((await wang.post(`/api/travel/${travelId}/invoices`, { category: 'dining', xml })).status).toBe(201);
    const xmlAgain = await meng.post(`/api/travel/${travelId}/invoices`, { category: 'dining', xml });
    expect(xmlAgain.status).toBe(409);
    expect(xmlAgain.body.error.message).toContain('26132000000012345678');
  });

  it('when 公务卡 payments are entered and imported from the bank statement, then they attach once each and meet the costs of the same amount', async () => {
    const entered = await wang.post(`/api/travel/${travelId}/card-payments`, { cardLast4: '6617', paidAt: `${nextDay} 08:05`, merchant: '河北宾馆', amountFen: 32_000, bankRef: 'REF0001' });
    expect(entered.status).toBe(201);
    expect(entered.body.cardPayments[0]).toMatchObject({ matchedCostKey: `booking:${hotelReservationId}` });
    const csv = [
      '交易日期,交易时间,卡号,商户名称,交易金额,交易参考号',
      `${day},12:31:00,6222****6617,保定市政府接待中心餐厅,"1,000.00",REF0002`,
      `${nextDay},08:05:00,6222****6617,河北宾馆,320.00,REF0001`,
      '2020-01-01,09:00:00,6222****6617,与本次出差无关,55.00,REF0003',
    ].join('\r\n');
    const imported = await wang.post(`/api/travel/${travelId}/card-statement`, { csv });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ imported: 1, skipped: 2 });
    const dining = imported.body.record.cardPayments.find((p: { bankRef: string }) => p.bankRef === 'REF0002');
    expect(dining).toMatchObject({ amountFen: 100_000, source: 'statement', matchedCostTitle: '保定市政府接待中心餐厅（发票 26132000000012345678）' });
    const dup = await meng.post(`/api/travel/${travelId}/card-payments`, { cardLast4: '6617', paidAt: `${day} 12:31`, merchant: '餐厅', amountFen: 100_000, bankRef: 'REF0002' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('TRAVEL_CARD_PAYMENT_DUPLICATE');
    const bad = await wang.post(`/api/travel/${travelId}/card-statement`, { csv: '日期,金额\n2026-01-01,1.00' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('交易日期');
  });

  it('when the traveller reads the record, then every cost stands beside its standard, over-standard marked with its approval, and the sums are right', async () => {
    const suite = (await wang.get(`/api/reservations/hotels?travelId=${travelId}&checkIn=${day}&nights=1`)).body.items.find((o: { name: string }) => o.name === '商务大床房');
    const over = await meng.post('/api/reservations/hotel', { travelId, roomTypeId: suite.roomTypeId, checkIn: day, nights: 1, rooms: 1, reason: '会场指定' });
    expect(over.status).toBe(201);
    expect(over.body.status).toBe('pending_approval');
    const res = await wang.get(`/api/travel/${travelId}`);
    expect(res.status).toBe(200);
    const r = res.body;
    const byKey = (k: string) => r.costs.find((c: { key: string }) => c.key === k);
    expect(byKey(`booking:${hotelReservationId}`)).toMatchObject({
      amountFen: 32_000, standardText: '标准 ¥350.00/晚', withinStandard: true, invoiceNumbers: ['20261201'], paidBy: 'official_card', paidByLabel: '公务卡支付',
    });
    const overCost = byKey(`booking:${over.body.id}`);
    expect(overCost).toMatchObject({ amountFen: 48_000, withinStandard: false, approval: { status: 'pending', statusLabel: '待审批' } });
    expect(overCost.overStandardRule).toContain('超出差旅住宿费标准');
    // The reception invoice: ¥1,000 for the 公函's 5 diners against the per-person cap in 保定.
    const dinner = r.costs.find((c: { kind: string; category: string }) => c.kind === 'invoice' && c.category === 'dining');
    expect(dinner.amountFen).toBe(100_000);
    expect(dinner.standardText).toContain('× 5 人（公函 保发改函〔2026〕12号）');
    expect(dinner.withinStandard).toBe(dinner.amountFen <= dinner.standardFen);
    // Allowances: 2 travellers × 2 days.
    expect(byKey('allowance:meals')).toMatchObject({ amountFen: 2 * 2 * 10_000, standardText: '标准 ¥100.00/人·天（财行〔2013〕531号）' });
    expect(byKey('allowance:local')).toMatchObject({ amountFen: 2 * 2 * 8_000 });
    const sum = (xs: Array<{ amountFen: number }>) => xs.reduce((s, x) => s + x.amountFen, 0);
    expect(r.totals).toMatchObject({
      costFen: 32_000 + 48_000 + 100_000 + 40_000 + 32_000,
      overStandardFen: sum(r.costs.filter((c: { withinStandard: boolean }) => !c.withinStandard)),
      invoiceTotalFen: 32_000 + 100_000, invoiceTaxFen: 1_811 + 11_504, cardPaidFen: 132_000, cardUnmatchedCount: 0,
      statementFen: 0, reimburseFen: 32_000 + 100_000 + 40_000 + 32_000,
    });
    expect(r.rankLabel).toBe('其他人员');
  });

  it('when finance exports the record, then the 报销单 reads back with every cost, its standard and the total; others may not export it', async () => {
    const sunAuth = await signInAs(t, '孙丽');
    const res = await request(t.callback).get(`/api/travel/${travelId}/export.xlsx`).set('Authorization', sunAuth.Authorization).buffer(true)
      .parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const ws = wb.getWorksheet('差旅费报销单')!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const text = rows.map((r) => r.map((c) => (c && typeof c === 'object' && 'result' in (c as object) ? (c as { result: unknown }).result : c)).join('|'));
    expect(text[0]).toContain(`差旅费报销单（出差记录 ${travelId}）`);
    expect(text.join('\n')).toContain('王建国、孟德海');
    const record = (await wang.get(`/api/travel/${travelId}`)).body;
    const header = text.findIndex((l) => l.startsWith('序号|费用类别'));
    const lines = rows.slice(header + 1, header + 1 + record.costs.length);
    expect(lines.map((l) => [l[1], l[4], l[5]])).toEqual(record.costs.map((c: { categoryLabel: string; amountFen: number; standardText: string }) => [c.categoryLabel, c.amountFen / 100, c.standardText]));
    expect(lines.find((l) => l[6] === '超标准')?.[7]).toMatch(/^审批 \d+ 待审批$/);
    const total = rows[header + 1 + record.costs.length]!;
    expect(total[1]).toBe('合计');
    expect((total[4] as { result: number }).result).toBe(record.totals.costFen / 100);
    expect(text.join('\n')).toContain('人民币（大写）：贰仟伍佰贰拾元整');
    const invoices: unknown[][] = [];
    wb.getWorksheet('发票')!.eachRow((row) => invoices.push((row.values as unknown[]).slice(1)));
    expect(invoices.slice(1).map((r) => r[3])).toEqual(['20261201', '26132000000012345678']);
    const cards: unknown[][] = [];
    wb.getWorksheet('公务卡')!.eachRow((row) => cards.push((row.values as unknown[]).slice(1)));
    expect(cards).toHaveLength(3);

    expect((await wang.get(`/api/travel/${travelId}/export.xlsx`)).status).toBe(403);
    expect((await zhou.get(`/api/travel/${travelId}/export.xlsx`)).status).toBe(404);
    expect((await zhou.get(`/api/travel/${travelId}`)).status).toBe(404);
    const finance = await sun.get('/api/travel?box=finance');
    expect(finance.body.items.map((x: { id: number }) => x.id)).toContain(travelId);
  });
});
