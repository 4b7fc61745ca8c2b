import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, tripBody } from '../../helpers/trips';
import { wechatRequests } from '../../helpers/wechat-messages';
import { ManualClock } from '../../../server/src/platform/clock';
import { ConflictError } from '../../../server/src/platform/errors';
import type { Notice } from '../../../server/src/modules/notifications';
import { TripEntity } from '../../../server/src/modules/trips/trips.entity';

/**
 * The in-app messages and WeChat message events of a change are written in the change's own
 * transaction: they commit with it (a crash after commit loses nothing — the relay sends them) and
 * roll back with it (a 409 leaves none). This app does not relay on its own (EVENTS_RELAY=off), so
 * the test decides when the relay runs (events.drain) — as if the process died right after commit.
 */
describe(`messages committed with the change that causes them (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => { t = await startTestApp({ EVENTS_RELAY: 'off' }, { clock }); });
  afterAll(() => t.close());

  const fake = () => t.deps.fakeWechat!.fake;
  const titlesOf = async (userId: number): Promise<string[]> =>
    (await t.deps.db.manager.query('SELECT title FROM user_message WHERE user_id = ? ORDER BY id', [userId])).map((r: { title: string }) => r.title);
  const count = async (table: 'user_message' | 'domain_event'): Promise<number> => Number((await t.deps.db.manager.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const sentTo = (openid: string, title: string) => fake().messages.filter((m) => m.touser === openid && m.data.thing1?.value === title);
  const notice = (userId: number, title: string): Notice => ({ userIds: [userId], family: 'tripStatus', title, body: `${title} 的内容`, page: '/trips/index' });

  it('when the process dies after the change committed, then the message event is there, pending, and the relay sends it once', async () => {
    const me = await as(t, '王建国');
    await t.deps.db.transaction(async (em) => {
      await em.update(TripEntity, { applicantId: me.userId }, { updatedAt: clock.now() });
      await t.deps.notifications.record([notice(me.userId, '提交后崩溃')]);
    });
    expect(await titlesOf(me.userId)).toContain('提交后崩溃');
    const entry = (await wechatRequests(t, me.userId)).find((e) => e.title === '提交后崩溃')!;
    expect(entry).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    expect(sentTo(entry.openid, '提交后崩溃')).toHaveLength(0);

    await t.deps.events.drain();
    expect((await wechatRequests(t, me.userId)).find((e) => e.title === '提交后崩溃')).toMatchObject({ status: 'done', attempts: 1 });
    expect(sentTo(entry.openid, '提交后崩溃')).toHaveLength(1);
    await t.deps.events.drain();
    expect(sentTo(entry.openid, '提交后崩溃')).toHaveLength(1);
  });

  it('when a real decision commits and the process dies before sending, then the applicant is still told once the relay runs', async () => {
    const applicant = await as(t, '王建国');
    const approver = await as(t, '李秀英');
    const created = await applicant.post('/api/trips', tripBody({ purpose: '崩溃恢复演练' }, { daysAhead: 4, now: clock.now() }));
    expect(created.status).toBe(201);
    const item = (await approver.get('/api/approvals')).body.items.find((i: { subjectId: number }) => i.subjectId === created.body.id);
    const before = (await wechatRequests(t, applicant.userId)).length;

    expect((await approver.post(`/api/approvals/${item.id}/decide`, { action: 'approve' })).status).toBe(200);
    expect(await titlesOf(applicant.userId)).toContain('用车申请审批通过');
    const mine = (await wechatRequests(t, applicant.userId)).slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'pending', title: '用车申请审批通过' });
    expect(sentTo(mine[0]!.openid, '用车申请审批通过').filter((m) => m.page === mine[0]!.page)).toHaveLength(0);

    await t.deps.events.drain();
    expect((await wechatRequests(t, applicant.userId)).slice(before)[0]).toMatchObject({ status: 'done', attempts: 1 });
    expect(sentTo(mine[0]!.openid, '用车申请审批通过').filter((m) => m.page === mine[0]!.page)).toHaveLength(1);
  });

  it('when the change fails with a 409 after its messages were recorded, then neither the messages nor their events remain', async () => {
    const me = await as(t, '李秀英');
    const [messages, events] = [await count('user_message'), await count('domain_event')];
    await expect(t.deps.db.transaction(async () => {
      await t.deps.notifications.record([notice(me.userId, '回滚的消息')]);
      throw new ConflictError('TRIP_STATE_CONFLICT', '模拟冲突');
    })).rejects.toBeInstanceOf(ConflictError);
    expect(await titlesOf(me.userId)).not.toContain('回滚的消息');
    expect((await wechatRequests(t, me.userId)).filter((e) => e.title === '回滚的消息')).toHaveLength(0);
    expect([await count('user_message'), await count('domain_event')]).toEqual([messages, events]);
  });

  it('when a decision is made twice or a dispatch collides (409), then no new message and no event is left', async () => {
    const applicant = await as(t, '王建国');
    const approver = await as(t, '李秀英');
    const dispatcher = await as(t, '张伟');
    const body = tripBody({ purpose: '冲突不发消息' }, { daysAhead: 5, now: clock.now() });
    const a = (await applicant.post('/api/trips', body)).body.id as number;
    const b = (await applicant.post('/api/trips', body)).body.id as number;
    const inbox = (await approver.get('/api/approvals')).body.items;
    for (const id of [a, b]) {
      const item = inbox.find((i: { subjectId: number }) => i.subjectId === id);
      expect((await approver.post(`/api/approvals/${item.id}/decide`, { action: 'approve' })).status).toBe(200);
    }
    const itemA = inbox.find((i: { subjectId: number }) => i.subjectId === a);
    const cand = (await dispatcher.get(`/api/dispatch/candidates?tripId=${a}`)).body;
    const vehicle = cand.vehicles.find((x: { eligible: boolean }) => x.eligible).id;
    const [d1, d2] = cand.drivers.filter((x: { eligible: boolean }) => x.eligible).map((x: { id: number }) => x.id);
    expect((await dispatcher.post(`/api/dispatch/trips/${a}`, { picks: [{ vehicleId: vehicle, driverId: d1 }] })).status).toBe(200);
    await t.deps.events.drain();

    const sentBefore = fake().messages.length;
    const [messages, events] = [await count('user_message'), await count('domain_event')];
    const twice = await approver.post(`/api/approvals/${itemA.id}/decide`, { action: 'approve' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('APPROVAL_ALREADY_DECIDED');
    // Same car, same window, another driver: the booking collides and the whole dispatch rolls back.
    const collide = await dispatcher.post(`/api/dispatch/trips/${b}`, { picks: [{ vehicleId: vehicle, driverId: d2 }] });
    expect(collide.status).toBe(409);
    expect((await applicant.get(`/api/trips/${b}`)).body.status).toBe('approved');
    expect([await count('user_message'), await count('domain_event')]).toEqual([messages, events]);
    await t.deps.events.drain();
    expect(fake().messages.length).toBe(sentBefore);
  });

  it('when a trip is created through the API, then the approver gets one in-app message and one subscribe message, sent once', async () => {
    const applicant = await as(t, '王建国');
    const approver = await as(t, '李秀英');
    const before = (await wechatRequests(t, approver.userId)).length;
    const unread = (await approver.get('/api/messages?unread=true')).body.unreadCount as number;

    const created = await applicant.post('/api/trips', tripBody({ purpose: '端到端只送一次' }, { daysAhead: 6, now: clock.now() }));
    expect(created.status).toBe(201);
    const item = (await approver.get('/api/approvals')).body.items.find((i: { subjectId: number }) => i.subjectId === created.body.id);
    const page = `/approvals/detail?id=${item.id}`;

    const messages = (await approver.get('/api/messages?unread=true')).body;
    expect(messages.unreadCount).toBe(unread + 1);
    expect(messages.items.filter((m: { page: string }) => m.page === page)).toEqual([expect.objectContaining({ title: '待审批：公务用车', read: false })]);
    await t.deps.events.drain();
    const entries = (await wechatRequests(t, approver.userId)).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: 'done', attempts: 1, page, templateId: 'tpl-approval-todo' });
    expect(fake().messages.filter((m) => m.touser === entries[0]!.openid && m.page === page)).toHaveLength(1);
    await t.deps.events.drain();
    expect(fake().messages.filter((m) => m.touser === entries[0]!.openid && m.page === page)).toHaveLength(1);
  });
});
