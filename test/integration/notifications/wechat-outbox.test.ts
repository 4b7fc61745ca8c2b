import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { ManualClock } from '../../../server/src/platform/clock';
import { NotificationsRepository, NotificationsService, HttpWechatMessageGateway, messageTemplates } from '../../../server/src/modules/notifications';
import { createLogger } from '../../../server/src/platform/logger';

/**
 * The WeChat subscribe-message outbox against the project's fake WeChat (real HTTP, real errcodes):
 * sent at once when WeChat answers; kept and retried with back-off when it is busy or down; a
 * refusal (43101) is final; two instances never send one attempt twice.
 */
describe(`WeChat message outbox (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => { t = await startTestApp({}, { clock }); });
  afterAll(() => t.close());

  const fake = () => t.deps.fakeWechat!.fake;
  const outboxOf = (userId: number) => new NotificationsRepository(t.deps.db).outboxOf([userId]);
  const notice = (userId: number, title: string) => ({ userIds: [userId], family: 'tripStatus' as const, title, body: `${title} 的内容`, page: '/trips/index' });
  async function openidOf(userId: number): Promise<string> {
    return (await t.deps.identityRepo.findUser(userId))!.openid!;
  }

  it('when WeChat answers, then the message is sent at once and the entry is marked sent', async () => {
    const me = await signInAs(t, '王建国');
    await t.deps.notifications.notify([notice(me.userId, '即时送达')]);
    const [entry] = (await outboxOf(me.userId)).filter((e) => e.dataJson.includes('即时送达'));
    expect(entry).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(fake().messages.filter((m) => m.touser === entry!.openid && m.data.thing1?.value === '即时送达')).toHaveLength(1);
    expect((await t.deps.notifications.deliverDue())).toBe(0);
  });

  it('when WeChat is busy and then down, then the entry waits with back-off and is sent exactly once when WeChat is back', async () => {
    const me = await signInAs(t, '李秀英');
    const openid = await openidOf(me.userId);
    fake().failNextSends(1, 'busy');
    await t.deps.notifications.notify([notice(me.userId, '稍后重试')]);
    let [entry] = (await outboxOf(me.userId)).filter((e) => e.dataJson.includes('稍后重试'));
    expect(entry).toMatchObject({ status: 'pending', attempts: 1 });
    expect(entry!.lastError).toContain('-1');
    expect(new Date(entry!.nextAttemptAt).getTime()).toBe(clock.now().getTime() + 30_000);
    // In-app message written regardless.
    expect((await t.deps.db.manager.query('SELECT title FROM user_message WHERE user_id = ?', [me.userId])).map((r: { title: string }) => r.title)).toContain('稍后重试');

    expect(await t.deps.notifications.deliverDue()).toBe(0); // not due yet
    clock.advance(31_000);
    fake().failNextSends(1, 'http503');
    expect(await t.deps.notifications.deliverDue()).toBe(0);
    [entry] = (await outboxOf(me.userId)).filter((e) => e.dataJson.includes('稍后重试'));
    expect(entry).toMatchObject({ status: 'pending', attempts: 2 });
    expect(entry!.lastError).toContain('503');
    clock.advance(121_000);
    expect(await t.deps.notifications.deliverDue()).toBe(1);
    [entry] = (await outboxOf(me.userId)).filter((e) => e.dataJson.includes('稍后重试'));
    expect(entry).toMatchObject({ status: 'sent', attempts: 3 });
    expect(fake().messages.filter((m) => m.touser === openid && m.data.thing1?.value === '稍后重试')).toHaveLength(1);
  });

  it('when the user has not subscribed (43101), then the refusal is recorded and never retried', async () => {
    const me = await signInAs(t, '张伟');
    const openid = await openidOf(me.userId);
    fake().unsubscribed.add(openid);
    try {
      await t.deps.notifications.notify([notice(me.userId, '未订阅')]);
      clock.advance(7 * 3_600_000);
      await t.deps.notifications.deliverDue();
      const [entry] = (await outboxOf(me.userId)).filter((e) => e.dataJson.includes('未订阅'));
      expect(entry).toMatchObject({ status: 'rejected', attempts: 1 });
      expect(entry!.lastError).toContain('43101');
    } finally {
      fake().unsubscribed.delete(openid);
    }
  });

  it('when WeChat stays down, then the entry is given up after six attempts', async () => {
    const me = await signInAs(t, '孙丽');
    fake().failNextSends(6, 'busy');
    await t.deps.notifications.notify([notice(me.userId, '一直失败')]);
    for (let i = 0; i < 6; i++) {
      clock.advance(7 * 3_600_000);
      await t.deps.notifications.deliverDue();
    }
    const [entry] = (await outboxOf(me.userId)).filter((e) => e.dataJson.includes('一直失败'));
    expect(entry).toMatchObject({ status: 'failed', attempts: 6 });
  });

  it('when two instances run the job at once, then each due entry is sent once', async () => {
    const me = await signInAs(t, '刘强');
    const openid = await openidOf(me.userId);
    fake().failNextSends(5, 'busy');
    await t.deps.notifications.notify([1, 2, 3, 4, 5].map((k) => notice(me.userId, `并发${k}`)));
    clock.advance(31_000);
    const other = new NotificationsService(new NotificationsRepository(t.deps.db), t.deps.identityRepo,
      new HttpWechatMessageGateway(() => t.deps.fakeWechat!.baseUrl), messageTemplates({}), clock, createLogger('silent'));
    const [a, b] = await Promise.all([t.deps.notifications.deliverDue(), other.deliverDue()]);
    expect(a + b).toBe(5);
    for (const k of [1, 2, 3, 4, 5]) {
      expect(fake().messages.filter((m) => m.touser === openid && m.data.thing1?.value === `并发${k}`)).toHaveLength(1);
    }
  });
});
