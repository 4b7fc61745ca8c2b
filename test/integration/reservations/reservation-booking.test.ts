import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, tripBody, type As } from '../../helpers/trips';
import { approvedBusinessTrip, roomTypeId } from '../../helpers/reservations';
import { ReservationEntity } from '../../../server/src/modules/reservations/reservations.entity';
import { BillableOrderEntity } from '../../../server/src/modules/settlement/settlement.entity';
import { UserMessageEntity } from '../../../server/src/modules/notifications/message.entity';
import { shanghaiMonth } from '@shared/common/time';

describe(`hotel, dining and ticket reservations on an approved trip (${backend})`, () => {
  let t: TestApp;
  let wang: As; let lin: As; let xie: As; let tang: As; let li: As;
  let tripId: number; let day: string;
  beforeAll(async () => {
    t = await startTestApp({ TICKET_SUPPLIER_TIMEOUT_MS: '300' });
    ({ wang, tripId, day } = await approvedBusinessTrip(t));
    [lin, xie, tang, li] = await Promise.all(['林娜', '谢东', '唐静', '李秀英'].map((n) => as(t, n)));
  });
  afterAll(() => t.close());

  const remainingOf = async (roomType: number, night: string) => {
    const inv = await lin.get('/api/reservations/inventory');
    return (inv.body.rows as Array<{ key: string; remaining: number }>).find((r) => r.key === `${roomType}:${night}`)!.remaining;
  };

  it('when a traveller books a room within the standard and the hotel confirms, then it is confirmed, shows the standard, and the month\'s statement with the hotel lists it', async () => {
    const standard = await roomTypeId(wang, tripId, day, '标准间');
    const search = await wang.get(`/api/reservations/hotels?tripId=${tripId}&checkIn=${day}&nights=1`);
    expect(search.body.items.find((o: { roomTypeId: number }) => o.roomTypeId === standard)).toMatchObject({ withinStandard: true, standardText: '标准 ¥350.00/晚', totalFen: 32_000 });
    const booked = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: standard, checkIn: day, nights: 1, rooms: 1 });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ kind: 'hotel', status: 'awaiting_supplier', officialFen: 32_000, personalFen: 0, standardText: '标准 ¥350.00/晚', overStandardRule: null });
    const inbox = await lin.get('/api/reservations?box=supplier');
    expect(inbox.body.items.map((r: { id: number }) => r.id)).toContain(booked.body.id);
    const confirmed = await lin.post(`/api/reservations/${booked.body.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
    const order = await t.deps.db.manager.findOne(BillableOrderEntity, { where: { sourceKind: 'hotel', sourceId: String(booked.body.id) } });
    expect(order).toMatchObject({ amountFen: 32_000, companyId: booked.body.supplierId });

    const finance = await as(t, '孙丽');
    const period = shanghaiMonth(new Date());
    const gen = await finance.post('/api/settlement/statements/generate', { period });
    expect(gen.status).toBe(201);
    const hotelStatement = (gen.body as Array<{ id: number; companyId: number }>).find((s) => s.companyId === booked.body.supplierId);
    expect(hotelStatement).toBeDefined();
    const statement = await lin.get(`/api/settlement/statements/${hotelStatement!.id}`);
    expect(statement.status).toBe(200);
    expect(statement.body.lines.map((l: { sourceKind: string; sourceId: string; amountFen: number }) => [l.sourceKind, l.sourceId, l.amountFen])).toContainEqual(['hotel', String(booked.body.id), 32_000]);
  });

  it('when a room above the standard is booked, then it goes to the approval center naming the rule, and once approved to the hotel', async () => {
    const suite = await roomTypeId(wang, tripId, day, '商务大床房');
    const booked = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: suite, checkIn: day, nights: 1, rooms: 1, reason: '会场指定住宿' });
    expect(booked.status).toBe(201);
    expect(booked.body.status).toBe('pending_approval');
    expect(booked.body.overStandardRule).toContain('超出差旅住宿费标准：其他人员 ¥350.00/晚');
    expect(booked.body.overStandardRule).toContain('财行〔2015〕497号');
    const inbox = await li.get('/api/approvals?kind=over_standard');
    const item = inbox.body.items.find((i: { subjectId: number }) => i.subjectId === booked.body.id);
    expect(item.summary).toContain('超出差旅住宿费标准');
    expect((await li.post(`/api/approvals/${item.id}/decide`, { action: 'approve' })).status).toBe(200);
    expect((await wang.get(`/api/reservations/${booked.body.id}`)).body.status).toBe('awaiting_supplier');
  });

  it('when the traveller pays the difference above the standard, then the unit is billed the standard and the person pays the rest with WeChat Pay before the hotel sees it', async () => {
    const suite = await roomTypeId(wang, tripId, day, '商务大床房');
    const booked = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: suite, checkIn: day, nights: 1, rooms: 1, payDifference: true });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'awaiting_payment', amountFen: 48_000, officialFen: 35_000, personalFen: 13_000 });
    const pay = await wang.post(`/api/reservations/${booked.body.id}/pay`);
    expect(pay.status).toBe(200);
    expect(pay.body.payment).toMatchObject({ amountFen: 13_000, sourceKind: 'reservation', sourceId: String(booked.body.id) });
    t.deps.fakeWechatPay!.settle(pay.body.payment.outTradeNo);
    expect((await wang.post(`/api/payments/${pay.body.payment.outTradeNo}/sync`)).body.status).toBe('paid');
    expect((await wang.get(`/api/reservations/${booked.body.id}`)).body.status).toBe('awaiting_supplier');
    expect((await lin.post(`/api/reservations/${booked.body.id}/confirm`)).body.status).toBe('confirmed');
    const order = await t.deps.db.manager.findOne(BillableOrderEntity, { where: { sourceKind: 'hotel', sourceId: String(booked.body.id) } });
    expect(order?.amountFen).toBe(35_000);
  });

  it('when the rule says refuse, then a room above the standard is refused with a 409 naming the rule, and nothing is written or held', async () => {
    const admin = await as(t, '陈静');
    const set = await admin.put('/api/reservations/standards/lodging', { regionCode: '13', rank: 'other', capFen: 35_000, overStandard: 'refuse', source: '财行〔2015〕497号（测试：超标拒绝）', year: 2015 });
    expect(set.status).toBe(200);
    const suite = await roomTypeId(wang, tripId, day, '商务大床房');
    const before = await t.deps.db.manager.count(ReservationEntity);
    const held = await remainingOf(suite, day);
    const res = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: suite, checkIn: day, nights: 1, rooms: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('RESERVATION_OVER_STANDARD');
    expect(res.body.error.message).toContain('超出差旅住宿费标准：其他人员 ¥350.00/晚');
    expect(await t.deps.db.manager.count(ReservationEntity)).toBe(before);
    expect(await remainingOf(suite, day)).toBe(held);
    await admin.put('/api/reservations/standards/lodging', { regionCode: '13', rank: 'other', capFen: 35_000, overStandard: 'approval', source: '财行〔2015〕497号', year: 2015 });
  });

  it('when the night falls in a peak season of the table, then the cap carries the uplift and a room within it books without approval', async () => {
    const admin = await as(t, '陈静');
    const md = day.slice(5);
    await admin.put('/api/reservations/standards/lodging', { regionCode: '1301', rank: 'other', capFen: 35_000, peakFrom: md, peakTo: md, peakUpliftPct: 50, overStandard: 'refuse', source: '测试旺季', year: 2026 });
    const suite = await roomTypeId(wang, tripId, day, '商务大床房');
    const search = await wang.get(`/api/reservations/hotels?tripId=${tripId}&checkIn=${day}&nights=2`);
    const offer = search.body.items.find((o: { roomTypeId: number }) => o.roomTypeId === suite);
    expect(offer.nightlyFen.map((n: { standardFen: number }) => n.standardFen)).toEqual([52_500, 35_000]);
    const peak = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: suite, checkIn: day, nights: 1, rooms: 1 });
    expect(peak.status).toBe(201);
    expect(peak.body).toMatchObject({ status: 'awaiting_supplier', standardText: '标准 ¥525.00/晚（含旺季上浮 50%）', overStandardRule: null });
    // The next night is out of season: the same room is above the 1301 row's cap, which refuses.
    const off = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: suite, checkIn: day, nights: 2, rooms: 1 });
    expect(off.status).toBe(409);
    expect(off.body.error.message).toContain('¥350.00/晚');
  });

  it('when a confirmed booking is cancelled, then its rooms return to the inventory', async () => {
    const standard = await roomTypeId(wang, tripId, day, '标准间');
    const before = await remainingOf(standard, day);
    const booked = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: standard, checkIn: day, nights: 1, rooms: 2 });
    expect(await remainingOf(standard, day)).toBe(before - 2);
    await lin.post(`/api/reservations/${booked.body.id}/confirm`);
    const cancelled = await wang.post(`/api/reservations/${booked.body.id}/cancel`, { reason: '会议改期' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await remainingOf(standard, day)).toBe(before);
    // Cancelled free before the deadline: the hotel's order is replaced by nothing owed.
    const order = await t.deps.db.manager.findOne(BillableOrderEntity, { where: { sourceKind: 'hotel', sourceId: String(booked.body.id) } });
    expect(order?.amountFen).toBe(0);
    const again = await wang.post(`/api/reservations/${booked.body.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('RESERVATION_STATE_CONFLICT');
  });

  it('when a reception table is booked within the cap, then the restaurant confirms it; too many hosts goes for approval naming the head-count rule', async () => {
    const search = await wang.get(`/api/reservations/dining?tripId=${tripId}&date=${day}&slot=lunch`);
    const menu = search.body.items.find((m: { name: string }) => m.name === '公务工作餐');
    expect(menu).toMatchObject({ withinStandard: true, standardText: '标准 ¥100.00/人' });
    const booked = await wang.post('/api/reservations/dining', { tripId, menuId: menu.menuId, date: day, slot: 'lunch', guests: 6, hosts: 2 });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'awaiting_supplier', amountFen: 8 * 6_000 });
    expect((await xie.post(`/api/reservations/${booked.body.id}/confirm`)).body.status).toBe('confirmed');
    const crowd = await wang.post('/api/reservations/dining', { tripId, menuId: menu.menuId, date: day, slot: 'dinner', guests: 6, hosts: 5 });
    expect(crowd.status).toBe(201);
    expect(crowd.body.status).toBe('pending_approval');
    expect(crowd.body.overStandardRule).toContain('陪餐人数超标：接待对象 6 人，陪餐最多 3 人');
  });

  it('when a train ticket within the class standard is booked, then the agent confirms and it is issued; a business seat goes for approval', async () => {
    const fares = await wang.get(`/api/reservations/fares?tripId=${tripId}&mode=train&from=北京西&to=石家庄&date=${day}`);
    expect(fares.status).toBe(200);
    const second = fares.body.items.find((f: { seatClass: string }) => f.seatClass === 'second');
    expect(second).toMatchObject({ allowed: true, standardText: '标准 二等座/硬卧/硬座' });
    const booked = await wang.post('/api/reservations/ticket', { tripId, agentId: second.agentId, mode: 'train', serviceNo: second.serviceNo, date: day, from: '北京西', to: '石家庄', seatClass: 'second' });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'awaiting_supplier', amountFen: second.priceFen });
    const issued = await tang.post(`/api/reservations/${booked.body.id}/confirm`);
    expect(issued.body).toMatchObject({ status: 'confirmed' });
    expect(issued.body.ticketNo).toMatch(/^E/);
    const business = await wang.post('/api/reservations/ticket', { tripId, agentId: second.agentId, mode: 'train', serviceNo: second.serviceNo, date: day, from: '北京西', to: '石家庄', seatClass: 'business' });
    expect(business.body.status).toBe('pending_approval');
    expect(business.body.overStandardRule).toContain('其他人员 可乘 二等座、硬卧、硬座，所选 商务座');
  });

  it('when the ticket supplier times out on every issue, then the order is refunded with the supplier, nothing is issued or billed, and the traveller is told', async () => {
    const fares = await wang.get(`/api/reservations/fares?tripId=${tripId}&mode=train&from=北京西&to=石家庄&date=${day}`);
    const second = fares.body.items.find((f: { seatClass: string }) => f.seatClass === 'second');
    const booked = await wang.post('/api/reservations/ticket', { tripId, agentId: second.agentId, mode: 'train', serviceNo: second.serviceNo, date: day, from: '北京西', to: '石家庄', seatClass: 'second' });
    const fake = t.deps.fakeTicketSupplier!;
    fake.failNext('issue', 3, 'timeout');
    const res = await tang.post(`/api/reservations/${booked.body.id}/confirm`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'failed', ticketNo: null });
    expect(res.body.note).toContain('已向供应商退票');
    const row = (await t.deps.db.manager.findOne(ReservationEntity, { where: { id: booked.body.id } }))!;
    expect(fake.orders.get(row.supplierOrderNo!)).toMatchObject({ state: 'REFUNDED', ticket_no: null });
    expect(await t.deps.db.manager.count(BillableOrderEntity, { where: { sourceKind: 'ticket', sourceId: String(booked.body.id) } })).toBe(0);
    const told = await t.deps.db.manager.find(UserMessageEntity, { where: { userId: wang.userId, title: '出票失败，已退款' } });
    expect(told).toHaveLength(1);
  });

  it('when the trip is not approved or the input is bad, then the booking is refused with a code and a Chinese message', async () => {
    const pending = await wang.post('/api/trips', { ...tripBody({ purpose: '待审批的行程' }, { daysAhead: 4 }) });
    const notApproved = await wang.post('/api/reservations/hotel', { tripId: pending.body.id, roomTypeId: 1, checkIn: day, nights: 1, rooms: 1 });
    expect(notApproved.status).toBe(409);
    expect(notApproved.body.error).toMatchObject({ code: 'RESERVATION_TRIP_NOT_ELIGIBLE' });
    expect(notApproved.body.error.message).toContain('未审批通过');
    const bad = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: 1, checkIn: day, nights: 0, rooms: 1 });
    expect(bad.status).toBe(400);
    const missing = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: 99999, checkIn: day, nights: 1, rooms: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('房型 99999 不存在');
    const outside = await wang.post('/api/reservations/hotel', { tripId, roomTypeId: 1, checkIn: '2030-01-01', nights: 1, rooms: 1 });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toContain('不在行程');
  });
});
