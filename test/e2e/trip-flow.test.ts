import type { Page } from 'playwright-core';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { seedUnitId, seedVehicleId } from '../helpers/seed-lookup';
import { solidPng } from '../helpers/png';
import { searchAndPick } from '../helpers/place-picker';

/**
 * One official trip through every step (DOMAIN.md §4) on the H5 build, each role in its own browser
 * context: apply → approve → one-click dispatch → driver accepts, departs, returns with costs →
 * dispatcher reviews → applicant confirms and rates. A second trip goes to the rental company,
 * whose operator accepts it with the company's car and driver, and that driver takes the task.
 *
 * The first trip is out-of-city: the seeded chain asks two approvers of the unit in turn (李秀英, then
 * 孟德海); the rental trip is in-city (one level).
 */
const WAIT = { timeout: 30_000 };

describe('official trip in the browser (H5 build)', () => {
  const app = browserApp();
  const signIn = (name: string) => app.signIn(name);

  /** `top`: scroll the page back up first. */
  const shot = (page: Page, name: string, top = false) => pageShot(page, `trip-${name}`, { top });

  async function go(page: Page, route: string): Promise<void> {
    await page.goto(`${app.baseUrl}/#${route}`);
  }

  /** Taro H5 renders <Input> as <taro-input-core> around a real <input>; fill the inner one. */
  async function fill(page: Page, hook: string, value: string): Promise<void> {
    await page.locator(`.${hook} input, .${hook} textarea`).first().fill(value);
  }

  async function statusIs(page: Page, selector: string, label: string): Promise<void> {
    await page.locator(selector).filter({ hasText: label }).first().waitFor(WAIT);
  }

  /** The applicant files an in-city request through the form; returns the trip id from the detail page. */
  /** `destinations`: names searched for and picked in the form's place picker (the demo gazetteer has them). */
  async function applyForTrip(page: Page, purpose: string, destinations: string[], stepShots: boolean, outOfCity = false): Promise<number> {
    await go(page, '/packages/trips/new/index');
    await page.locator('.trip-new-page .trip-form-submit').waitFor(WAIT);
    if (stepShots) {
      // Sent empty: the shared schema's messages appear inline and nothing reaches the server.
      await page.locator('.trip-form-submit').click();
      await page.locator('.field-error-purpose').waitFor(WAIT);
      await page.locator('.field-error-destinations').waitFor(WAIT);
      await shot(page, '02-form-inline-errors');
    }
    await fill(page, 'input-purpose', purpose);
    if (outOfCity) await page.locator('.kind-out_of_city').click();
    for (const name of destinations) await searchAndPick(page, 'destination', name.slice(0, 4), name);
    await fill(page, 'input-passengers', '3');
    await fill(page, 'input-passenger-names', '王建国、刘洋、孙晓');
    if (stepShots) await shot(page, '03-form-filled');
    await page.locator('.trip-form-submit').click();
    await page.waitForURL(/packages\/trips\/detail/, WAIT);
    await statusIs(page, '.trip-detail-status', '审批中');
    const id = Number(new URL(page.url().replace('/#/', '/')).searchParams.get('id'));
    expect(id).toBeGreaterThan(0);
    return id;
  }

  /** Approves from the inbox; `after` is the approval's label once this level is decided. */
  async function approve(page: Page, purpose: string, stepShots: boolean, after = '已通过', shotPrefix = ''): Promise<void> {
    await go(page, '/packages/approvals/index/index');
    const card = page.locator('.approval-card').filter({ hasText: purpose });
    await card.waitFor(WAIT);
    if (stepShots) await shot(page, `05${shotPrefix}-approver-inbox`);
    await card.click();
    await page.locator('.approval-trip-purpose').filter({ hasText: purpose }).waitFor(WAIT);
    await fill(page, 'input-approval-comment', '同意，注意行车安全');
    if (stepShots) await shot(page, `06${shotPrefix}-approval-detail`);
    await page.locator('.approval-approve').click();
    await page.locator('.approval-decided-by-me').waitFor(WAIT);
    await statusIs(page, '.approval-detail-status', after);
    if (stepShots) await shot(page, `07${shotPrefix}-approved`, true);
  }

  it('when a request goes through every step, then each role sees and moves it, and the applicant rates it', async () => {
    const purpose = '赴雄安新区调研重点项目建设';

    // 用车人: my trips, then a new request.
    const applicant = await signIn('王建国');
    await applicant.locator('.home-tile-trips').click();
    await applicant.locator('.trips-page').waitFor(WAIT);
    await applicant.locator('.state-empty, .trip-card').first().waitFor(WAIT);
    await shot(applicant, '01-applicant-my-trips-empty');
    const tripId = await applyForTrip(applicant, purpose, ['正定新区管委会', '雄安新区管委会'], true, true);
    await shot(applicant, '04-applicant-submitted', true);

    // 审批人: two levels for out-of-city, two different people.
    await approve(await signIn('李秀英'), purpose, true, '待审批', 'a');
    await approve(await signIn('孟德海'), purpose, true, '已通过', 'b');

    // 调度员: one-click dispatch of this request, with the reason of the choice.
    const dispatcher = await signIn('张伟');
    await dispatcher.locator('.home-tile-dispatch').click();
    const card = dispatcher.locator(`.board-trip-${tripId}`);
    await card.waitFor(WAIT);
    await shot(dispatcher, '08-dispatch-board');
    await card.locator('.board-oneclick').click();
    const result = dispatcher.locator(`.oneclick-result-${tripId}.is-ok`);
    await result.waitFor(WAIT);
    await expect(result.locator('.oneclick-reason').first().textContent()).resolves.toMatch(/派车理由：.*公里/);
    await shot(dispatcher, '09-dispatch-one-click-result');
    const resultText = (await result.textContent()) ?? '';
    const driverName = ['刘强', '陈刚'].find((n) => resultText.includes(n));
    expect(driverName).toBeDefined();

    // 用车人 sees car, plate, driver and the masked phone.
    await go(applicant, `/packages/trips/index/index`);
    const myCard = applicant.locator(`.trip-card-${tripId}`);
    await statusIs(applicant, `.trip-card-${tripId} .trip-card-status`, '已派车');
    await expect(myCard.locator('.trip-card-car').textContent()).resolves.toMatch(/冀A.*\d{3}\*{4}\d{4}/);
    await shot(applicant, '10-applicant-dispatched');

    // 驾驶员: accept → depart → return with costs.
    const driver = await signIn(driverName!);
    await driver.locator('.home-tile-driver-tasks').click();
    const task = driver.locator('.task-card.task-status-dispatched').filter({ hasText: purpose });
    await task.waitFor(WAIT);
    await shot(driver, '11-driver-tasks');
    await task.locator('.task-accept').click();
    const accepted = driver.locator('.task-card.task-status-accepted').filter({ hasText: purpose });
    await accepted.waitFor(WAIT);
    await accepted.locator('.task-depart').click();
    await driver.locator('.task-depart-form').waitFor(WAIT);
    // The form starts from the car's recorded odometer; a lower reading is refused at the field.
    const recorded = Number(await driver.locator('.input-depart-odometer input').first().inputValue());
    expect(recorded).toBeGreaterThan(0);
    await fill(driver, 'input-depart-odometer', String(recorded - 10));
    await driver.locator('.task-depart-submit').click();
    await driver.locator('.field-error-depart-odometer').filter({ hasText: '车辆档案里程' }).waitFor(WAIT);
    await fill(driver, 'input-depart-odometer', String(recorded));
    await shot(driver, '12-driver-depart');
    await driver.locator('.task-depart-submit').click();
    await driver.locator('.task-return-form').waitFor(WAIT);
    // 票据: a toll receipt photographed on the way (the browser's file chooser stands in for the camera).
    const chooser = driver.waitForEvent('filechooser', WAIT);
    await driver.locator('.receipt-add').click();
    await driver.locator('.taro-actionsheet__cell').filter({ hasText: '过路过桥费' }).click();
    await (await chooser).setFiles({ name: 'toll.png', mimeType: 'image/png', buffer: solidPng(120, 80, [30, 120, 200]) });
    await driver.locator('.receipt-kind-toll .receipt-thumb').waitFor(WAIT);
    await fill(driver, 'input-return-odometer', String(recorded - 10));
    await fill(driver, 'input-fuel', '85.50');
    await fill(driver, 'input-toll', '35');
    await fill(driver, 'input-parking', '10');
    await driver.locator('.task-return-submit').click();
    // Below the departure reading: refused before sending, next to the field.
    await driver.locator('.field-error-return-odometer').waitFor(WAIT);
    await fill(driver, 'input-return-odometer', String(recorded + 132.5));
    await expect(driver.locator('.task-return-total').textContent()).resolves.toContain('¥130.50');
    await shot(driver, '13-driver-return-form');
    await driver.locator('.task-return-submit').click();
    await driver.locator('.task-done').waitFor(WAIT);
    await shot(driver, '14-driver-returned', true);

    // 调度员: 交车审核.
    await go(dispatcher, '/packages/dispatch/index/index');
    await dispatcher.locator('.dispatch-tab-returned').click();
    await dispatcher.locator(`.board-trip-${tripId}`).click();
    await dispatcher.locator('.review-page .trip-costs-total').filter({ hasText: '¥130.50' }).waitFor(WAIT);
    // The receipt photo is there to check against the costs, and it really loads.
    const thumb = dispatcher.locator('.review-page .receipt-kind-toll .receipt-thumb img').first();
    await thumb.waitFor(WAIT);
    await dispatcher.waitForFunction(`Array.from(document.querySelectorAll('.receipt-thumb img')).some((i) => i.complete && i.naturalWidth === 120)`, undefined, WAIT);
    await shot(dispatcher, '15-dispatcher-review', true);
    await dispatcher.locator('.review-submit').click();
    await statusIs(dispatcher, '.review-status', '待确认');

    // 用车人: confirm costs, rate; the record shows every step.
    await go(applicant, `/packages/trips/detail/index?id=${tripId}`);
    await statusIs(applicant, '.trip-detail-status', '待确认');
    await applicant.locator('.trip-costs-total').filter({ hasText: '¥130.50' }).waitFor(WAIT);
    await shot(applicant, '16-applicant-confirm-costs', true);
    await applicant.locator('.trip-confirm').click();
    await statusIs(applicant, '.trip-detail-status', '待评价');
    await applicant.locator('.star-4').click();
    await fill(applicant, 'input-rate-comment', '驾驶员准时、车辆整洁');
    await shot(applicant, '17-applicant-rate');
    await applicant.locator('.trip-rate-submit').click();
    await statusIs(applicant, '.trip-detail-status', '已完成');
    for (const step of ['提交申请', '审批通过', '派车', '驾驶员确认', '出车', '车辆回场', '交车审核', '用车人确认', '评价']) {
      await applicant.locator('.trip-timeline .timeline-title').filter({ hasText: step }).first().waitFor(WAIT);
    }
    await shot(applicant, '18-applicant-completed', true);

    // History and messages.
    await go(applicant, '/packages/trips/index/index?view=history');
    await applicant.locator(`.trips-history .trip-card-${tripId}`).waitFor(WAIT);
    await shot(applicant, '19-applicant-history');
    await go(applicant, '/packages/trips/messages/index');
    await applicant.locator('.message-item').filter({ hasText: '已派车' }).first().waitFor(WAIT);
    await shot(applicant, '20-applicant-messages');
  }, 300_000);

  it('when the dispatcher sends a request to the rental company, then its operator assigns a car and driver and that driver takes the task', async () => {
    const purpose = '陪同省外考察团参观石家庄国际会展中心';
    const applicant = await signIn('王建国');
    const tripId = await applyForTrip(applicant, purpose, ['石家庄国际会展中心'], false);
    await approve(await signIn('李秀英'), purpose, false);

    // 调度员: 转租赁企业.
    const dispatcher = await signIn('张伟');
    await go(dispatcher, `/packages/dispatch/trip/index?id=${tripId}`);
    await dispatcher.locator('.dispatch-mode-rental').click();
    const companyId = await seedUnitId(app.t, '河北公务出行汽车租赁有限公司');
    await dispatcher.locator(`.pick-company-${companyId}`).waitFor(WAIT);
    await shot(dispatcher, 'r1-dispatch-to-rental');
    await dispatcher.locator(`.pick-company-${companyId}`).click();
    await dispatcher.locator('.dispatch-rental-submit').click();
    await dispatcher.locator('.trip-status-awaiting_rental').waitFor(WAIT);

    // 租赁企业: accept with our car and driver.
    const operator = await signIn('高峰');
    await operator.locator('.home-tile-rental-orders').click();
    const order = operator.locator('.rental-order').filter({ hasText: purpose });
    await order.waitFor(WAIT);
    await shot(operator, 'r2-rental-orders');
    await order.locator('.rental-accept').click();
    const vehicleId = await seedVehicleId(app.t, '冀A20005');
    await operator.locator(`.rental-vehicle-${vehicleId}`).click();
    await operator.locator('.rental-driver').filter({ hasText: '罗军' }).click();
    await shot(operator, 'r3-rental-assign');
    await operator.locator('.rental-submit').click();
    await operator.locator('.rental-tab-running').click();
    const running = operator.locator('.rental-order').filter({ hasText: purpose });
    await running.locator('.rental-order-status').filter({ hasText: '待司机确认' }).waitFor(WAIT);
    await expect(running.textContent()).resolves.toContain('冀A·20005');
    await shot(operator, 'r4-rental-accepted');

    // The company's driver sees and accepts the task; the applicant sees the rental car.
    const driver = await signIn('罗军');
    await driver.locator('.home-tile-driver-tasks').click();
    const task = driver.locator('.task-card').filter({ hasText: purpose });
    await task.locator('.task-accept').click();
    await driver.locator('.task-card.task-status-accepted').filter({ hasText: purpose }).waitFor(WAIT);
    await shot(driver, 'r5-rental-driver-accepted');

    await go(applicant, `/packages/trips/detail/index?id=${tripId}`);
    await statusIs(applicant, '.trip-detail-status', '已派车');
    await applicant.locator('.trip-assignment-plate').filter({ hasText: '冀A·20005' }).waitFor(WAIT);
    await shot(applicant, 'r6-applicant-rental-car', true);
  }, 300_000);
});
