import ExcelJS from 'exceljs';
import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { approvedTrip, as, tripBody, type As } from '../../helpers/trips';
import { signInAs } from '../../helpers/auth';
import { approvedTravel, travelBody } from '../../helpers/travel';
import { carIdOf, rentalCar, STATION_NORTH_SQUARE, MUSEUM, type RentalCarSim } from '../../helpers/rental-cars';
import { addShanghaiDays } from '@shared/common/time';

/**
 * The left-overs of #21 item 5 through the real app: air tickets keep the government air-fare rules
 * (公务卡; the procurement fare, or a cheaper market fare with its price record; cabin by rank), and the
 * official car / NEV legs of a 出差 record carry the trips and rentals taken on them, with their cost.
 */
/** A PNG as the traveller's screenshot of the airline's page. */
const SCREENSHOT = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(400, 3)]);

describe(`air-fare rules and vehicle legs of the 出差 record (${backend})`, () => {
  let t: TestApp;
  let wang: As; let li: As;
  let travelId: number;
  const today = addShanghaiDays(new Date(), 0);
  const flyOn = addShanghaiDays(new Date(), 1);
  const carOn = addShanghaiDays(new Date(), 3);
  let fares: Array<{ agentId: number; serviceNo: string; seatClass: string; priceFen: number; marketPriceFen: number | null }>;
  let car: RentalCarSim;

  beforeAll(async () => {
    t = await startTestApp({ JT808_COMMAND_TIMEOUT_MS: '1000', JT808_COMMAND_FIRST_TIMEOUT_MS: '400', JT808_COMMAND_RETRIES: '1', JT808_COMMANDS_PER_MINUTE: '60' });
    [wang, li] = await Promise.all(['王建国', '李秀英'].map((n) => as(t, n)));
    car = await rentalCar(t, '冀AD20001', STATION_NORTH_SQUARE, 1);
    travelId = await approvedTravel(wang, li, travelBody(0, {
      purpose: '赴广州参加粤港澳大湾区产业对接会',
      legs: [
        { departOn: today, arriveOn: today, fromPlace: '省发改委', toPlace: '石家庄正定国际机场', toRegionCode: '130100', transport: 'nev' },
        { departOn: flyOn, arriveOn: flyOn, fromPlace: '石家庄', toPlace: '广州', toRegionCode: '440100', transport: 'air' },
        { departOn: carOn, arriveOn: carOn, fromPlace: '石家庄', toPlace: '保定', toRegionCode: '130600', transport: 'official_car' },
      ],
      reception: null,
    }).body);
    fares = (await wang.get(`/api/reservations/fares?travelId=${travelId}&mode=air&from=石家庄&to=广州&date=${flyOn}`)).body.items;
  }, 60_000);
  afterAll(async () => { car?.close(); await t?.close(); });

  const economy = (no: string) => fares.find((f) => f.serviceNo === no && f.seatClass === 'economy')!;
  const ticket = (f: { agentId: number; serviceNo: string }, extra: object) => wang.post('/api/reservations/ticket', {
    travelId, agentId: f.agentId, mode: 'air', serviceNo: f.serviceNo, date: flyOn, from: '石家庄', to: '广州', seatClass: 'economy', ...extra,
  });
  const record = () => wang.get(`/api/travel/${travelId}`);

  it('when an air fare is searched, then the supplier quotes the procurement fare and the market fare of each cabin', () => {
    const [cheap, dear] = [economy('CA1234'), economy('HU7802')];
    expect(cheap.marketPriceFen).toBeLessThan(cheap.priceFen);
    expect(dear.marketPriceFen).toBeGreaterThan(dear.priceFen);
  });

  it('when an air ticket is not paid with the 公务卡, then it is refused naming the rule and its source, and nothing is booked', async () => {
    const before = t.deps.fakeTicketSupplier!.orders.size;
    for (const paymentMethod of ['unit_statement', 'personal', undefined]) {
      const res = await ticket(economy('CA1234'), { paymentMethod });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'RESERVATION_AIR_FARE_RULE', details: { rule: 'official_card' } });
      expect(res.body.error.message).toContain('机票须使用公务卡支付');
      expect(res.body.error.message).toContain('财库〔2014〕33号');
    }
    expect(t.deps.fakeTicketSupplier!.orders.size).toBe(before);
  });

  it('when a market fare is chosen without its price record, then it is refused; with a record of a cheaper fare it is booked at that fare and the record is kept', async () => {
    const f = economy('CA1234');
    const bare = await ticket(f, { paymentMethod: 'official_card', fareKind: 'market' });
    expect(bare.status).toBe(409);
    expect(bare.body.error.details.rule).toBe('market_fare_record');
    expect(bare.body.error.message).toContain('未附比价记录');

    const priceRecord = { source: '中国国际航空官网', flightNo: 'CA1234', priceFen: f.marketPriceFen!, seenAt: new Date(Date.now() - 3600_000).toISOString(), quote: '国航官网经济舱 Y 舱报价截图' };
    const booked = await ticket(f, { paymentMethod: 'official_card', fareKind: 'market', priceRecord });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'awaiting_supplier', amountFen: f.marketPriceFen, travelId });
    expect(booked.body.fare).toMatchObject({ mode: 'air', fareKind: 'market', paymentMethod: 'official_card', paymentMethodLabel: '公务卡', procurementFen: f.priceFen, priceRecord });
    const order = [...t.deps.fakeTicketSupplier!.orders.values()].at(-1)!;
    expect(order).toMatchObject({ service_no: 'CA1234', fare_type: 'market', price_cent: f.marketPriceFen });

    const shown = (await record()).body.tickets.find((x: { reservationId: number }) => x.reservationId === booked.body.id);
    expect(shown).toMatchObject({ fareKind: 'market', fareKindLabel: '市场价格（低于政府采购价）', paymentMethodLabel: '公务卡', priceFen: f.marketPriceFen, procurementFen: f.priceFen, priceRecord });
    const cost = (await record()).body.costs.find((c: { key: string }) => c.key === `booking:${booked.body.id}`);
    expect(cost).toMatchObject({ paidBy: 'official_card', withinStandard: true });
  });

  it('when the traveller attaches the screenshot they saw to a market fare\'s price record, then the booking and the 出差 record show it through a signed link; it stays optional', async () => {
    const market = (await record()).body.tickets.find((x: { fareKind: string }) => x.fareKind === 'market') as { reservationId: number; priceRecord: { screenshotUrl: string | null } };
    // Booked without one: the text fields are the record, the screenshot is not required.
    expect(market.priceRecord.screenshotUrl).toBeNull();
    const auth = (await signInAs(t, '王建国')).Authorization;
    const send = (id: number, body: Buffer, type: string, authorization = auth) => request(t.callback).post(`/api/reservations/${id}/price-record/screenshot`)
      .set('Authorization', authorization).set('Content-Type', type).send(body);
    const lying = await send(market.reservationId, Buffer.from('not a png at all'), 'image/png');
    expect(lying.status).toBe(400);
    expect(lying.body.error.code).toBe('RESERVATION_PRICE_PHOTO_INVALID');
    const byApprover = await send(market.reservationId, SCREENSHOT, 'image/png', (await signInAs(t, '李秀英')).Authorization);
    expect(byApprover.status).toBe(403);

    const attached = await send(market.reservationId, SCREENSHOT, 'image/png');
    expect(attached.status).toBe(200);
    const url = attached.body.fare.priceRecord.screenshotUrl as string;
    expect(url).toMatch(/^\/api\/reservations\/price-records\/\d+\/image\?exp=\d+&sig=[0-9a-f]{32}$/);
    expect(attached.body.fare.priceRecord).toMatchObject({ source: '中国国际航空官网', flightNo: 'CA1234' });
    const image = await request(t.callback).get(url).buffer(true)
      .parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(image.body as Buffer, SCREENSHOT)).toBe(0);
    const forged = url.replace(/sig=([0-9a-f])/, (_m, c: string) => `sig=${c === '0' ? '1' : '0'}`);
    expect((await request(t.callback).get(forged)).status).toBe(404);
    const shown = (await record()).body.tickets.find((x: { reservationId: number }) => x.reservationId === market.reservationId);
    expect(shown.priceRecord.screenshotUrl).toMatch(/^\/api\/reservations\/price-records\/\d+\/image\?/);

    // A procurement-fare ticket keeps no price record to attach to.
    const plain = await ticket(economy('HU7802'), { paymentMethod: 'official_card' });
    expect(plain.status).toBe(201);
    const refused = await send(plain.body.id, SCREENSHOT, 'image/png');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RESERVATION_NO_PRICE_RECORD');
    expect((await wang.post(`/api/reservations/${plain.body.id}/cancel`, { reason: '测试完毕' })).status).toBe(200);
  });

  it('when a "market" fare is not cheaper than the procurement fare, or the record is stale or of another flight, then it is refused', async () => {
    const dear = economy('HU7802');
    const seenAt = new Date(Date.now() - 600_000).toISOString();
    const res = await ticket(dear, { paymentMethod: 'official_card', fareKind: 'market', priceRecord: { source: '南方航空官网', flightNo: 'HU7802', priceFen: dear.marketPriceFen!, seenAt } });
    expect(res.status).toBe(409);
    expect(res.body.error.details.rule).toBe('procurement_fare');
    expect(res.body.error.message).toContain('不低于 HU7802 的政府采购机票价格');
    // A record claiming a lower fare than the supplier sells today does not prove the fare bought.
    const claimed = await ticket(dear, { paymentMethod: 'official_card', fareKind: 'market', priceRecord: { source: '某旅行网', flightNo: 'HU7802', priceFen: dear.priceFen - 1000, seenAt } });
    expect(claimed.status).toBe(409);
    expect(claimed.body.error.message).toContain('高于比价记录');
    const stale = await ticket(economy('CA1234'), { paymentMethod: 'official_card', fareKind: 'market', priceRecord: { source: '国航官网', flightNo: 'CA1234', priceFen: 100, seenAt: new Date(Date.now() - 30 * 3600_000).toISOString() } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('超过 24 小时');
    const other = await ticket(economy('CA1234'), { paymentMethod: 'official_card', fareKind: 'market', priceRecord: { source: '国航官网', flightNo: 'CA9999', priceFen: 100, seenAt } });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain('不是所购航班 CA1234');
  });

  it('when the procurement fare is bought with the 公务卡, then it is booked; a cabin above the rank goes to over-standard approval naming 财行〔2013〕531号', async () => {
    const f = economy('HU7802');
    const ok = await ticket(f, { paymentMethod: 'official_card' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ amountFen: f.priceFen, fare: { fareKind: 'procurement', fareKindLabel: '政府采购机票价格', procurementFen: f.priceFen, priceRecord: null } });
    const first = fares.find((x) => x.serviceNo === 'HU7802' && x.seatClass === 'air_first')!;
    const up = await ticket(first, { paymentMethod: 'official_card', seatClass: 'air_first', reason: '随同省领导出访' });
    expect(up.status).toBe(201);
    expect(up.body.status).toBe('pending_approval');
    expect(up.body.overStandardRule).toContain('财行〔2013〕531号');
    const approvals = (await li.get('/api/approvals?kind=over_standard')).body.items;
    expect(approvals.some((a: { subjectId: number }) => a.subjectId === up.body.id)).toBe(true);
  });

  it('when the ticket agent issues a 公务卡 ticket, then the unit is not billed for it on the agent\'s statement', async () => {
    const booked = (await record()).body.tickets.find((x: { fareKind: string }) => x.fareKind === 'market');
    // 唐静 operates the seeded ticket agent (the supplier quoting the fares).
    const agent = await as(t, '唐静');
    expect((await agent.post(`/api/reservations/${booked.reservationId}/confirm`)).status).toBe(200);
    await t.deps.events.drain();
    const billed = await t.deps.db.manager.query("SELECT id FROM billable_order WHERE source_kind = 'ticket' AND source_id = ?", [String(booked.reservationId)]);
    expect(billed).toHaveLength(0);
  });

  it('when an NEV rental is linked to a record whose approval has no NEV leg, then it is refused; on the authorised leg it shows on the record with its cost beside the leg once it ends', async () => {
    const tripId = await approvedTrip(wang, [li], tripBody({ purpose: '分时租赁赴机场（出差）' }, { daysAhead: 1 }));
    const auth = await signInAs(t, '王建国');
    await wang.put('/api/rental/licence', { licenceNo: '130102198001011234', licenceClass: 'C1', expiresOn: '2031-05-01' });
    const held = await wang.post('/api/rental/rentals', { carId: await carIdOf(t, auth.Authorization, '冀AD20001'), purpose: 'official', tripId });
    expect(held.status).toBe(201);
    const rentalId = held.body.id as number;

    const noNev = await approvedTravel(wang, li, travelBody(0, { purpose: '赴保定调研（无新能源租赁）', reception: null }).body);
    const refused = await wang.post(`/api/travel/${noNev}/vehicles`, { kind: 'rental', subjectId: rentalId });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('TRAVEL_NOT_AUTHORISED');
    expect(refused.body.error.message).toContain('未批准新能源分时租赁');
    expect((await wang.get(`/api/travel/${noNev}`)).body.links).toHaveLength(0);

    const linked = await wang.post(`/api/travel/${travelId}/vehicles`, { kind: 'rental', subjectId: rentalId });
    expect(linked.status).toBe(201);
    expect(linked.body.links).toEqual([expect.objectContaining({ kind: 'rental', subjectId: rentalId, legSeq: 1, state: 'open', costFen: null, withinStandard: true })]);
    expect(linked.body.links[0].standardText).toContain('批准第 1 段 省发改委—石家庄正定国际机场');
    const again = await wang.post(`/api/travel/${travelId}/vehicles`, { kind: 'rental', subjectId: rentalId });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('TRAVEL_LINK_DUPLICATE');

    // Drive it and return it: the rental's own end event brings the cost to the record.
    expect((await wang.post(`/api/rental/rentals/${rentalId}/unlock`)).status).toBe(200);
    await car.driveTo(MUSEUM, 8.2);
    await car.park();
    expect((await wang.post(`/api/rental/rentals/${rentalId}/lock`)).status).toBe(200);
    await car.report();
    const returned = await wang.post(`/api/rental/rentals/${rentalId}/return`);
    expect(returned.status).toBe(200);
    await t.deps.events.drain();
    const after = (await record()).body;
    expect(after.links[0]).toMatchObject({ state: 'ended', costFen: returned.body.amountFen, endDate: today });
    const cost = after.costs.find((c: { key: string }) => c.key === `vehicle:${after.links[0].id}`);
    expect(cost).toMatchObject({ amountFen: returned.body.amountFen, paidBy: 'statement', withinStandard: true, categoryLabel: '新能源分时租赁（出差第 1 段）' });
    expect(returned.body.amountFen).toBeGreaterThan(0);
  }, 60_000);

  it('when an official trip falls on the car leg it links; one on another day is refused naming the authorised leg', async () => {
    const onLeg = await approvedTrip(wang, [li], tripBody({ purpose: '出差赴保定（公务用车）' }, { daysAhead: 3 }));
    const off = await approvedTrip(wang, [li], tripBody({ purpose: '乘机当天另用车' }, { daysAhead: 1, hour: 15 }));
    const refused = await wang.post(`/api/travel/${travelId}/vehicles`, { kind: 'trip', subjectId: off });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`第 3 段 石家庄—保定 ${carOn}`);
    const ok = await wang.post(`/api/travel/${travelId}/vehicles`, { kind: 'trip', subjectId: onLeg });
    expect(ok.status).toBe(201);
    expect(ok.body.links.find((l: { kind: string }) => l.kind === 'trip')).toMatchObject({ subjectId: onLeg, legSeq: 3, state: 'open' });
  });

  it('when finance exports the record, then the ticket sheet carries the fare kind and the price record, and the linked rental is a cost of its leg', async () => {
    const sun = await signInAs(t, '孙丽');
    const res = await request(t.callback).get(`/api/travel/${travelId}/export.xlsx`).set('Authorization', sun.Authorization).buffer(true)
      .parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const rows: string[][] = [];
    wb.getWorksheet('车票机票')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String)));
    const market = rows.find((r) => r[3] === '市场价格（低于政府采购价）')!;
    expect(market[4]).toBe('公务卡');
    expect(market[6]).toContain('中国国际航空官网 CA1234');
    const categories: string[] = [];
    wb.getWorksheet('差旅费报销单')!.eachRow((row) => { if (typeof row.getCell(1).value === 'number') categories.push(String(row.getCell(2).value)); });
    expect(categories).toContain('新能源分时租赁（出差第 1 段）');
  });
});
