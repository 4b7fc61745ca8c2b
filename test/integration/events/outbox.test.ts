import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { ManualClock } from '../../../server/src/platform/clock';
import { EventBus, OutboxRepository, PermanentEventFailure, type DomainEvent } from '../../../server/src/platform/events';
import { DomainEventEntity, EventDeliveryEntity } from '../../../server/src/platform/events/outbox.entity';

/**
 * The outbox itself (platform/events), on the real database: buses of their own over the app's
 * database stand for server instances, so their subscribers are the test's.
 */
const paid = (orderId: number) => ({ orderId, outTradeNo: `T${orderId}`, payerUserId: 1, sourceKind: 'deposit', sourceId: String(orderId), amountFen: 100, paidAt: new Date(0).toISOString() });

describe(`domain events through the outbox (${backend})`, () => {
  let t: TestApp;
  // Starts at the real time: the admin's retry (through the app, on the system clock) makes a delivery due "now".
  const clock = new ManualClock(new Date());
  const settings = { maxAttempts: 3, retryBaseMs: 1_000, leaseMs: 60_000, pollMs: 1_000, relay: false };
  const bus = () => new EventBus(t.deps.db, new OutboxRepository(t.deps.db), clock, t.deps.logger, { ...settings });

  beforeAll(async () => {
    t = await startTestApp();
    // Migrating a fresh MariaDB under load can take longer than the back-offs the tests advance by: the
    // clock starts once the app is up, so the admin's "now" is never ahead of this bus's.
    clock.set(new Date());
  });
  afterAll(() => t.close());

  it('when an event is recorded in a transaction that rolls back, then neither it nor its deliveries exist; outside a transaction it is refused', async () => {
    const b = bus();
    b.subscribe('test.rollback', ['payment.paid'], async () => undefined);
    const before = await t.deps.db.manager.count(DomainEventEntity);
    await expect(t.deps.db.transaction(async () => {
      await b.record('payment.paid', 'rb-1', paid(9001));
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await t.deps.db.manager.count(DomainEventEntity)).toBe(before);
    await expect(b.record('payment.paid', 'rb-2', paid(9002))).rejects.toThrow(/outside a transaction/);
    // A payload that breaks its schema is refused before anything is written.
    await expect(t.deps.db.transaction(() => b.record('payment.paid', 'rb-3', { ...paid(9003), amountFen: 'lots' } as never))).rejects.toThrow();
    expect(await t.deps.db.manager.count(DomainEventEntity)).toBe(before);
  });

  it('when a subscriber keeps failing, then it is retried with back-off, given up after the last try, listed for the platform admin with its error, and the admin\'s retry delivers it', async () => {
    const b = bus();
    let failing = true;
    const seen: number[] = [];
    b.subscribe('test.flaky', ['payment.paid'], async (e) => {
      seen.push(e.id);
      if (failing) throw new Error('供应商接口超时');
    });
    await t.deps.db.transaction(() => b.record('payment.paid', 'flaky-1', paid(9101)));
    const delivery = async () => (await t.deps.db.manager.findOneByOrFail(EventDeliveryEntity, { subscriber: 'test.flaky' }));
    await b.drain();
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 1, lastError: '供应商接口超时' });
    await b.drain(); // not due yet: the back-off holds it
    expect(seen).toHaveLength(1);
    clock.advance(1_000);
    await b.drain();
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 2 });
    clock.advance(3_999);
    await b.drain();
    expect(seen).toHaveLength(2); // the second wait is 4× the first
    clock.advance(1);
    await b.drain();
    expect(await delivery()).toMatchObject({ status: 'dead', attempts: 3, lastError: '供应商接口超时' });

    // The platform admin sees it (the app's bus reads the same table) and retries it once it can succeed.
    const admin = await signInAs(t, '陈静');
    const list = await request(t.callback).get('/api/platform/event-deliveries').set('Authorization', admin.Authorization);
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { subscriber: string }) => i.subscriber === 'test.flaky');
    expect(item).toMatchObject({ type: 'payment.paid', aggregateId: 'flaky-1', status: 'dead', attempts: 3, lastError: '供应商接口超时', payload: { orderId: 9101 } });
    const finance = await signInAs(t, '孙丽');
    expect((await request(t.callback).get('/api/platform/event-deliveries').set('Authorization', finance.Authorization)).status).toBe(403);
    expect((await request(t.callback).post('/api/platform/event-deliveries/999999/retry').set('Authorization', admin.Authorization)).status).toBe(404);
    failing = false;
    // The retry through the API revives it; this instance's bus (the one with the subscriber) delivers it.
    const retried = await request(t.callback).post(`/api/platform/event-deliveries/${item.id}/retry`).set('Authorization', admin.Authorization);
    expect([retried.status, retried.body.status === 'pending' || retried.body.status === 'dead']).toEqual([200, true]);
    await b.drain();
    expect(await delivery()).toMatchObject({ status: 'done', lastError: null });
    const again = await request(t.callback).post(`/api/platform/event-deliveries/${item.id}/retry`).set('Authorization', admin.Authorization);
    expect([again.status, again.body.error.code]).toEqual([409, 'EVENT_DELIVERY_NOT_DEAD']);
  });

  it('when a handler fails for good (PermanentEventFailure), then it is given up at once', async () => {
    const b = bus();
    b.subscribe('test.permanent', ['payment.paid'], async () => { throw new PermanentEventFailure('订单不存在'); });
    await t.deps.db.transaction(() => b.record('payment.paid', 'perm-1', paid(9201)));
    await b.drain();
    expect(await t.deps.db.manager.findOneByOrFail(EventDeliveryEntity, { subscriber: 'test.permanent' })).toMatchObject({ status: 'dead', attempts: 1, lastError: '订单不存在' });
  });

  it('when events of one aggregate follow each other, then each subscriber gets them in order, a later one waiting while an earlier one fails; other aggregates go on', async () => {
    const b = bus();
    const got: string[] = [];
    let failFirst = true;
    b.subscribe('test.order', ['payment.paid'], async (e: DomainEvent<'payment.paid'>) => {
      if (e.payload.orderId === 1 && failFirst) { failFirst = false; throw new Error('once'); }
      got.push(`${e.aggregateId}#${e.payload.orderId}`);
    });
    await t.deps.db.transaction(async () => {
      await b.record('payment.paid', 'agg-A', paid(1));
      await b.record('payment.paid', 'agg-A', paid(2));
      await b.record('payment.paid', 'agg-B', paid(3));
    });
    await b.drain();
    expect(got).toEqual(['agg-B#3']);
    clock.advance(1_000);
    await b.drain();
    expect(got).toEqual(['agg-B#3', 'agg-A#1', 'agg-A#2']);
  });

  it('when two instances relay at the same time, then each delivery is handled by one of them, once', async () => {
    const [one, two] = [bus(), bus()];
    const calls = new Map<number, number>();
    const handler = async (e: DomainEvent<'payment.paid'>) => { calls.set(e.id, (calls.get(e.id) ?? 0) + 1); };
    one.subscribe('test.once', ['payment.paid'], handler);
    two.subscribe('test.once', ['payment.paid'], handler);
    await t.deps.db.transaction(async () => {
      for (let i = 0; i < 30; i++) await one.record('payment.paid', `once-${i}`, paid(9300 + i));
    });
    await Promise.all([one.drain(), two.drain(), one.drain(), two.drain()]);
    expect(calls.size).toBe(30);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    expect(await t.deps.db.manager.count(EventDeliveryEntity, { where: { subscriber: 'test.once', status: 'done' } })).toBe(30);
  });

  it('when an instance dies holding a delivery, then another takes it over once the lease ran out', async () => {
    const b = bus();
    const got: number[] = [];
    b.subscribe('test.lease', ['payment.paid'], async (e) => { got.push(e.id); });
    await t.deps.db.transaction(() => b.record('payment.paid', 'lease-1', paid(9401)));
    // A crashed instance's claim: leased, never completed.
    const d = await t.deps.db.manager.findOneByOrFail(EventDeliveryEntity, { subscriber: 'test.lease' });
    await t.deps.db.manager.update(EventDeliveryEntity, { id: d.id }, { leaseUntil: new Date(clock.now().getTime() + 60_000), leaseToken: 'dead-instance', attempts: 1 });
    await b.drain();
    expect(got).toEqual([]);
    clock.advance(60_001);
    await b.drain();
    expect(got).toHaveLength(1);
    expect(await t.deps.db.manager.findOneByOrFail(EventDeliveryEntity, { id: d.id })).toMatchObject({ status: 'done', attempts: 2 });
  });
});
