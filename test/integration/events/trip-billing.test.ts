import ExcelJS from 'exceljs';
import request from 'supertest';
import { shanghaiMonth } from '@shared/common/time';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, As } from '../../helpers/trips';
import { RENTAL_COMPANY, rentalTrip } from '../../helpers/rental-trips';
import { seedUnitId } from '../../helpers/seed-lookup';
import { signInAs } from '../../helpers/auth';
import { EventDeliveryEntity } from '../../../server/src/platform/events/outbox.entity';
import { BillableOrderEntity, type BillableOrderRow } from '../../../server/src/modules/settlement/settlement.entity';
import { LedgerJournalEntity } from '../../../server/src/modules/ledger/ledger.entity';
import { TRIP_BILLING_SUBSCRIBER, tripOrderId } from '../../../server/src/modules/settlement';

/**
 * Money reaches the statements (DOMAIN.md §6): a trip handed to the rental company, accepted, driven,
 * reviewed and confirmed is billed to the company through the outbox, split by kind, and the monthly
 * statement flow runs on it; a correction after review replaces what it bills.
 */

/** Per describe: an app of its own, the people who act on statements, the company, and its billable orders of a trip. */
function billingBed() {
  const bed = {} as { t: TestApp; zhang: As; gao: As; sun: As; companyId: number; ordersOf(tripId: number, assignmentId: number): Promise<BillableOrderRow[]> };
  beforeAll(async () => {
    const t = await startTestApp();
    const [zhang, gao, sun] = await Promise.all(['张伟', '高峰', '孙丽'].map((n) => as(t, n)));
    const ordersOf = (tripId: number, assignmentId: number) => t.deps.db.manager.find(BillableOrderEntity, { where: { sourceKind: 'trip', sourceId: tripOrderId(tripId, assignmentId) } });
    Object.assign(bed, { t, zhang: zhang!, gao: gao!, sun: sun!, companyId: await seedUnitId(t, RENTAL_COMPANY), ordersOf });
  });
  afterAll(() => bed.t.close());
  return bed;
}

describe(`fulfilled rental-company trips reach the statements (${backend})`, () => {
  const bed = billingBed();

  it('when a rental-company trip is confirmed, then the company\'s statement lists it with its split amounts, and confirm → approve → pay → Excel export agree with the lines', async () => {
    const { t, zhang, gao, sun, companyId, ordersOf } = bed;
    const { tripId, assignmentId } = await rentalTrip(t, 3, { rentalFen: 15_000, fuelFen: 2_000, tollFen: 500 });
    // The event is delivered before the confirmation answers: the order is there at once.
    const [order] = await ordersOf(tripId, assignmentId);
    expect(order).toMatchObject({ companyId, amountFen: 17_500, rentalFen: 15_000, fuelFen: 2_000, tollFen: 500, parkingFen: 0, otherFen: 0 });

    const period = shanghaiMonth(new Date());
    const made = await sun.post('/api/settlement/statements/generate', { period });
    expect(made.status).toBe(201);
    const statement = (made.body as Array<{ id: number; companyId: number; unitName: string; totalFen: number }>).find((s) => s.companyId === companyId)!;
    expect(statement).toMatchObject({ unitName: '河北省发展和改革委员会', totalFen: 17_500 });
    const view = (await gao.get(`/api/settlement/statements/${statement.id}`)).body;
    const line = view.lines.find((l: { sourceId: string }) => l.sourceId === tripOrderId(tripId, assignmentId));
    expect(line).toMatchObject({ kind: 'order', sourceKind: 'trip', amountFen: 17_500, parts: { rentalFen: 15_000, fuelFen: 2_000, tollFen: 500, parkingFen: 0, otherFen: 0 } });
    expect(line.description).toContain(`行程 ${tripId}`);

    const review = await gao.post(`/api/settlement/statements/${statement.id}/review`, { lines: view.lines.map((l: { id: number }) => ({ lineId: l.id, decision: 'confirm' })) });
    expect(review.body.status).toBe('confirmed');
    expect((await sun.post(`/api/settlement/statements/${statement.id}/approve`)).body.status).toBe('approved');
    const paid = await sun.post(`/api/settlement/statements/${statement.id}/pay`, { paymentReference: 'BANK-2026-0001' });
    expect(paid.body.status).toBe('paid');

    const xlsx = await request(t.callback).get(`/api/settlement/statements/${statement.id}/export.xlsx`).set('Authorization', (await signInAs(t, '孙丽')).Authorization)
      .buffer(true).parse((res, cb) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => cb(null, Buffer.concat(chunks))); });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const tripRow = rows.find((r) => r[3] === tripOrderId(tripId, assignmentId))!;
    expect(tripRow[6]).toBe(175);
    expect(String(tripRow[5])).toContain('租车费 150.00、油费/充电费 20.00、通行费 5.00');
  });

});

describe(`a correction after review replaces the bill (${backend})`, () => {
  const bed = billingBed();

  it('when the dispatcher corrects a car\'s costs after review, then the bill is replaced: before the statement the order itself, on a draft statement a correction line', async () => {
    const { t, zhang, gao, sun, companyId, ordersOf } = bed;
    // Corrected after confirmation, before any statement lists it: the order's amounts are replaced.
    const a = await rentalTrip(t, 5, { rentalFen: 10_000, fuelFen: 1_000, tollFen: 500 });
    const fix = await zhang.post(`/api/trips/${a.tripId}/assignments/${a.assignmentId}/costs`, { rentalFen: 10_000, fuelFen: 1_000, tollFen: 800, parkingFen: 300, otherFen: 0, reason: '补交停车与过路票据' });
    expect(fix.status).toBe(200);
    expect(fix.body.costFen).toBe(12_100);
    expect(fix.body.events.some((e: { action: string }) => e.action === 'correct_costs')).toBe(true);
    expect((await ordersOf(a.tripId, a.assignmentId)).map((o) => [o.amountFen, o.tollFen, o.parkingFen])).toEqual([[12_100, 800, 300]]);

    // Corrected once the draft statement lists it: a correction line of the difference on that statement.
    const b = await rentalTrip(t, 6, { rentalFen: 8_000, fuelFen: 0, tollFen: 0 });
    const period = shanghaiMonth(new Date());
    const made = await sun.post('/api/settlement/statements/generate', { period });
    const statementId = (made.body as Array<{ id: number; companyId: number }>).find((s) => s.companyId === companyId)!.id;
    const before = (await sun.get(`/api/settlement/statements/${statementId}`)).body;
    expect(before.lines.find((l: { sourceId: string }) => l.sourceId === tripOrderId(a.tripId, a.assignmentId)).amountFen).toBe(12_100);
    const fixB = await zhang.post(`/api/trips/${b.tripId}/assignments/${b.assignmentId}/costs`, { rentalFen: 6_000, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0, reason: '按半日计价' });
    expect(fixB.status).toBe(200);
    const after = (await sun.get(`/api/settlement/statements/${statementId}`)).body;
    const original = after.lines.find((l: { sourceId: string; kind: string }) => l.sourceId === tripOrderId(b.tripId, b.assignmentId) && l.kind === 'order');
    const correction = after.lines.find((l: { correctsLineId: number | null }) => l.correctsLineId === original.id);
    expect([original.amountFen, correction.amountFen, correction.kind]).toEqual([8_000, -2_000, 'correction']);
    expect(after.totalFen - before.totalFen).toBe(-2_000);

    // Wrong input: no change, nothing written; another unit's dispatcher does not see the trip.
    const same = await zhang.post(`/api/trips/${b.tripId}/assignments/${b.assignmentId}/costs`, { rentalFen: 6_000, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0, reason: '重复' });
    expect([same.status, same.body.error.code]).toEqual([409, 'TRIP_COSTS_UNCHANGED']);
    const bad = await zhang.post(`/api/trips/${b.tripId}/assignments/${b.assignmentId}/costs`, { rentalFen: -1, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0, reason: '' });
    expect(bad.status).toBe(400);
    const other = await (await as(t, '何勇')).post(`/api/trips/${b.tripId}/assignments/${b.assignmentId}/costs`, { rentalFen: 1, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0, reason: '越权' });
    expect(other.status).toBe(404);
    expect((await sun.get(`/api/settlement/statements/${statementId}`)).body.totalFen).toBe(after.totalFen);
  });

  it('when the same trip.fulfilled event is delivered twice, then it bills once', async () => {
    const { t, zhang, gao, sun, companyId, ordersOf } = bed;
    const { tripId, assignmentId } = await rentalTrip(t, 8, { rentalFen: 5_000, fuelFen: 0, tollFen: 0 });
    const [{ event, deliveries }] = (await t.deps.events.history('trip', tripId)).filter((h) => h.event.type === 'trip.fulfilled');
    const billing = deliveries.find((d) => d.subscriber === TRIP_BILLING_SUBSCRIBER)!;
    expect(billing.status).toBe('done');
    // At-least-once: as if the first delivery's completion was lost, it is handed out again.
    await t.deps.db.manager.update(EventDeliveryEntity, { id: billing.id }, { status: 'pending', doneAt: null, nextAttemptAt: new Date(0) });
    await t.deps.events.drain();
    expect((await t.deps.db.manager.findOneByOrFail(EventDeliveryEntity, { id: billing.id })).status).toBe('done');
    expect(await ordersOf(tripId, assignmentId)).toHaveLength(1);
    expect(await t.deps.db.manager.count(LedgerJournalEntity, { where: { kind: 'charge', reference: `trip:${tripOrderId(tripId, assignmentId)}` } })).toBe(1);
    expect(event.aggregateId).toBe(String(tripId));
  });
});
