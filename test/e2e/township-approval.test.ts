import type { Page } from 'playwright-core';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { as, tripBody } from '../helpers/trips';
import { seedUnitId, seedVehicleId } from '../helpers/seed-lookup';

/**
 * #14 item 4 on the demo seed, in the H5 build: 建北街道办事处 has no approver, so its applicant's request
 * is held by whoever the fallback names — 长安区人民政府办公室's 何勇 (上级单位). The applicant sees who holds
 * it; 何勇 finds it in his inbox and approves it; the street office's 车管员 sends it to the rental company,
 * whose operator assigns a car and driver: the trip is dispatched.
 */
const WAIT = { timeout: 30_000 };

describe('a township applicant\'s trip through the approval fallback (H5 build, demo seed)', () => {
  const app = browserApp({ SEED_DEMO_TRIPS: 'true' });
  /** `stretch`: the page's root, so the whole page fits the viewport and the fixed action bar hides nothing. */
  const shot = (page: Page, name: string, stretch?: string) => pageShot(page, `township-${name}`, stretch ? { stretch } : { top: false });
  const go = (page: Page, route: string) => page.goto(`${app.baseUrl}/#${route}`);

  it('when 邓华 of 建北街道办事处 asks for a car, then 何勇 (the parent unit) approves it, the street office sends it to the rental company and it is dispatched', async () => {
    const purpose = '街道走访辖区困难群众';
    // The request itself goes in through the API (the trip form has its own browser tests); every step after it in the browser.
    const created = await (await as(app.t, '邓华')).post('/api/trips', tripBody({ purpose, passengerNames: '邓华、社区网格员', origin: { name: '建北街道办事处', lat: 38.0510, lng: 114.5300 } }, { daysAhead: 3, hour: 9 }));
    expect(created.status).toBe(201);
    const tripId = created.body.id as number;

    // 用车人: the trip says who holds it, not a bare 审批中.
    const applicant = await app.signIn('邓华');
    await go(applicant, `/packages/trips/detail/index?id=${tripId}`);
    await applicant.locator('.trip-detail-status').filter({ hasText: '审批中' }).waitFor(WAIT);
    const holders = applicant.locator('.approval-holders-names');
    await holders.filter({ hasText: '何勇（长安区人民政府办公室 · 上级单位）' }).waitFor(WAIT);
    await shot(applicant, '01-applicant-sees-holder', '.trip-detail');

    // 审批人 of the parent unit: in his inbox although the trip is another unit's; approves it.
    const approver = await app.signIn('何勇');
    await go(approver, '/packages/approvals/index/index');
    const card = approver.locator('.approval-card').filter({ hasText: purpose });
    await card.waitFor(WAIT);
    await shot(approver, '02-parent-approver-inbox');
    await card.click();
    await approver.locator('.approval-approve').waitFor(WAIT);
    await shot(approver, '03-parent-approver-detail');
    await approver.locator('.approval-approve').click();
    await approver.locator('.approval-detail-status').filter({ hasText: '已通过' }).waitFor(WAIT);
    await shot(approver, '04-parent-approver-approved', '.approval-detail');

    // 车管员 of the street office: no cars of its own, so 转租赁企业.
    const dispatcher = await app.signIn('吕洁');
    await go(dispatcher, `/packages/dispatch/trip/index?id=${tripId}`);
    await dispatcher.locator('.dispatch-mode-rental').click();
    const companyId = await seedUnitId(app.t, '河北公务出行汽车租赁有限公司');
    await dispatcher.locator(`.pick-company-${companyId}`).click();
    await shot(dispatcher, '05-street-dispatch-to-rental');
    await dispatcher.locator('.dispatch-rental-submit').click();
    await dispatcher.locator('.trip-status-awaiting_rental').waitFor(WAIT);

    // 租赁企业: a car and a driver.
    const operator = await app.signIn('高峰');
    await operator.locator('.home-tile-rental-orders').click();
    const order = operator.locator('.rental-order').filter({ hasText: purpose });
    await order.locator('.rental-accept').click();
    await operator.locator(`.rental-vehicle-${await seedVehicleId(app.t, '冀A20006')}`).click();
    await operator.locator('.rental-driver').filter({ hasText: '罗军' }).click();
    await operator.locator('.rental-submit').click();
    await operator.locator('.rental-tab-running').click();
    await operator.locator('.rental-order').filter({ hasText: purpose }).locator('.rental-order-status').filter({ hasText: '待司机确认' }).waitFor(WAIT);

    // The applicant sees the trip dispatched with the rental car; the approval card is gone.
    await go(applicant, `/packages/trips/detail/index?id=${tripId}`);
    await applicant.locator('.trip-detail-status').filter({ hasText: '已派车' }).waitFor(WAIT);
    await applicant.locator('.trip-assignment-plate').filter({ hasText: '冀A·20006' }).waitFor(WAIT);
    expect(await applicant.locator('.approval-holders').count()).toBe(0);
    await shot(applicant, '06-applicant-dispatched', '.trip-detail');
  }, 300_000);
});
