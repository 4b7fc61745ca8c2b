import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { wechatRequests } from '../../helpers/wechat-messages';
import { ManualClock } from '../../../server/src/platform/clock';

/**
 * WeChat subscribe messages are one subscriber of the domain events (platform/events), against the
 * project's fake WeChat (real HTTP, real errcodes): sent once the change committed; kept and retried
 * with back-off while WeChat is busy or down; a refusal (43101) is final; given up after the last try.
 */
describe(`WeChat subscribe messages through the outbox (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  beforeAll(async () => { t = await startTestApp({ EVENTS_MAX_ATTEMPTS: '6' }, { clock }); });
  afterAll(() => t.close());

  const fake = () => t.deps.fakeWechat!.fake;
  const notice = (userId: number, title: string) => ({ userIds: [userId], family: 'tripStatus' as const, title, body: `${title} 的内容`, page: '/trips/index' });
  const requestOf = async (userId: number, title: string) => (await wechatRequests(t, userId)).find((r) => r.title === title)!;

  it('when WeChat answers, then the message is sent at once and its delivery is done', async () => {
    const me = await signInAs(t, '王建国');
    await t.deps.notifications.notify([notice(me.userId, '即时送达')]);
    await t.deps.events.idle(); // handed over right after the commit, in the background (no relay pass here)
    const entry = await requestOf(me.userId, '即时送达');
    expect(entry).toMatchObject({ status: 'done', attempts: 1, lastError: null, templateId: 'tpl-trip-status' });
    expect(fake().messages.filter((m) => m.touser === entry.openid && m.data.thing1?.value === '即时送达')).toHaveLength(1);
    await t.deps.events.drain();
    expect(fake().messages.filter((m) => m.touser === entry.openid && m.data.thing1?.value === '即时送达')).toHaveLength(1);
  });

  it('when WeChat is busy and then down, then the message waits with back-off and is sent exactly once when WeChat is back', async () => {
    const me = await signInAs(t, '李秀英');
    fake().failNextSends(1, 'busy');
    await t.deps.notifications.notify([notice(me.userId, '稍后重试')]);
    await t.deps.events.idle();
    let entry = await requestOf(me.userId, '稍后重试');
    expect(entry).toMatchObject({ status: 'pending', attempts: 1 });
    expect(entry.lastError).toContain('-1');
    expect(entry.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 30_000);
    // The in-app message is written regardless.
    expect((await t.deps.db.manager.query('SELECT title FROM user_message WHERE user_id = ?', [me.userId])).map((r: { title: string }) => r.title)).toContain('稍后重试');

    await t.deps.events.drain(); // not due yet
    expect((await requestOf(me.userId, '稍后重试')).attempts).toBe(1);
    clock.advance(31_000);
    fake().failNextSends(1, 'http503');
    await t.deps.events.drain();
    entry = await requestOf(me.userId, '稍后重试');
    expect(entry).toMatchObject({ status: 'pending', attempts: 2 });
    expect(entry.lastError).toContain('503');
    clock.advance(121_000);
    await t.deps.events.drain();
    expect(await requestOf(me.userId, '稍后重试')).toMatchObject({ status: 'done', attempts: 3 });
    expect(fake().messages.filter((m) => m.touser === entry.openid && m.data.thing1?.value === '稍后重试')).toHaveLength(1);
  });

  it('when the user has not subscribed (43101), then the refusal is final: never retried, not listed as a failure', async () => {
    const me = await signInAs(t, '张伟');
    const openid = (await t.deps.identity.userById(me.userId))!.openid!;
    fake().unsubscribed.add(openid);
    try {
      await t.deps.notifications.notify([notice(me.userId, '未订阅')]);
      clock.advance(7 * 3_600_000);
      await t.deps.events.drain();
      expect(await requestOf(me.userId, '未订阅')).toMatchObject({ status: 'done', attempts: 1 });
      expect(fake().messages.filter((m) => m.touser === openid && m.data.thing1?.value === '未订阅')).toHaveLength(0);
    } finally {
      fake().unsubscribed.delete(openid);
    }
  });

  it('when WeChat stays down, then the message is given up after the last try (EVENTS_MAX_ATTEMPTS) and listed for the platform admin', async () => {
    const me = await signInAs(t, '孙丽');
    fake().failNextSends(6, 'busy');
    await t.deps.notifications.notify([notice(me.userId, '一直失败')]);
    for (let i = 0; i < 6; i++) {
      clock.advance(7 * 3_600_000);
      await t.deps.events.drain();
    }
    const entry = await requestOf(me.userId, '一直失败');
    expect(entry).toMatchObject({ status: 'dead', attempts: 6 });
    const dead = await t.deps.events.deliveries('dead', 1, 50);
    expect(dead.rows.some((r) => r.event.id === entry.eventId)).toBe(true);
  });
});
