import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { wechatRequests } from '../helpers/wechat-messages';

const WAIT = { timeout: 30_000 };

/**
 * 事件投递 on the H5 build: a WeChat message that WeChat kept refusing to take (busy) is given up after
 * the last try (EVENTS_MAX_ATTEMPTS=1 here); the platform admin 陈静 finds it with its last error,
 * retries it once WeChat answers again, and the list of given-up deliveries is empty.
 */
describe('event deliveries for the platform admin (H5 build)', () => {
  const app = browserApp({ EVENTS_MAX_ATTEMPTS: '1' });

  it('when a delivery was given up, then the admin sees it with its error, retries it and it is delivered', async () => {
    const t = app.t;
    const fake = t.deps.fakeWechat!.fake;
    const wang = await t.deps.identity.userById((await t.deps.db.manager.query("SELECT id FROM app_user WHERE name = '王建国'"))[0].id);
    fake.failNextSends(1, 'busy');
    await t.deps.notifications.notify([{ userIds: [wang!.id], family: 'tripStatus', title: '投递演练', body: '微信繁忙时的消息', page: '/trips/index' }]);
    await t.deps.events.idle(); // handed to WeChat right after the commit, in the background
    const [given] = (await wechatRequests(t, wang!.id)).filter((r) => r.title === '投递演练');
    expect(given).toMatchObject({ status: 'dead', attempts: 1 });

    const page = await app.signIn('陈静');
    await page.locator('.home-tile-admin').click();
    await page.waitForURL(/packages\/admin\/index\/index/, WAIT);
    const item = page.locator('.delivery-item').filter({ hasText: '微信订阅消息' }).first();
    await item.waitFor(WAIT);
    expect(await item.innerText()).toContain('微信消息发送');
    expect(await item.locator('.delivery-error').innerText()).toContain('最后一次错误');
    await pageShot(page, 'event-deliveries-01-given-up');

    await item.locator('.delivery-retry').click();
    await page.locator('.taro-modal__foot').getByText('重试').click();
    await page.getByText('没有放弃的投递').waitFor(WAIT);
    await pageShot(page, 'event-deliveries-02-retried');
    expect((await wechatRequests(t, wang!.id)).find((r) => r.eventId === given!.eventId)).toMatchObject({ status: 'done' });
    expect(fake.messages.filter((m) => m.data.thing1?.value === '投递演练')).toHaveLength(1);
  }, 120_000);
});
