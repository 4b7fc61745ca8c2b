import fs from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/test-deps';
import { listen } from '../helpers/http-server';
import { launchBrowser, newPhonePage, screenshotPath, toastsGone } from '../helpers/browser';
import { seedUserId } from '../helpers/seed-lookup';
import { approvedTrip, as, tripBody } from '../helpers/trips';
import { ManualClock } from '../../server/src/platform/clock';
import { TripEntity } from '../../server/src/modules/trips/trips.entity';

const WAIT = { timeout: 30_000 };

/**
 * 用车人未到 on the H5 build: a dispatched trip whose start has passed by more than the wait; its
 * driver records the no-show from the task page and the trip ends as 用车人未到 with the car freed.
 * The app runs on a manual clock so "20 minutes after the start" needs no waiting.
 */
describe('no-show in the browser (H5 build)', () => {
  let t: TestApp;
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext | undefined;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    t = await startTestApp({ TRIP_NO_SHOW_WAIT_MINUTES: '15' }, { clock });
    server = await listen(t);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('when the passenger does not come, then the driver records 用车人未到 and the trip ends with the car freed', async () => {
    const wang = await as(t, '王建国');
    const purpose = `未到测试 ${Date.now() % 100_000}`;
    const id = await approvedTrip(wang, [await as(t, '李秀英')], tripBody({ purpose }, { daysAhead: 1, now: clock.now() }));
    const dispatched = await (await as(t, '张伟')).post('/api/dispatch/one-click', { tripIds: [id] });
    const driverName = dispatched.body.results[0].assignments[0].driverName as string;
    const trip = await t.deps.db.manager.findOneByOrFail(TripEntity, { id });
    clock.set(new Date(new Date(trip.startAt).getTime() + 20 * 60_000));

    const opened = await newPhonePage(browser);
    context = opened.context;
    const page = opened.page;
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/pages\/login/, WAIT);
    await page.locator(`.demo-user-${await seedUserId(t, driverName)}`).click();
    await page.waitForURL(/pages\/home/, WAIT);
    await page.locator('.home-tile-driver-tasks').click();
    await page.locator('.task-card.task-status-dispatched').filter({ hasText: purpose }).click();
    await page.locator('.task-no-show').click();
    await page.locator('.taro-modal__foot').getByText('登记').click();
    await page.locator('.task-released').waitFor(WAIT);
    const file = screenshotPath('trip-no-show-driver');
    await toastsGone(page);
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(5000);

    const after = await wang.get(`/api/trips/${id}`);
    expect(after.body).toMatchObject({ status: 'no_show', statusLabel: '用车人未到' });
    expect(after.body.assignments.every((a: { status: string }) => a.status === 'released')).toBe(true);
  }, 120_000);
});
