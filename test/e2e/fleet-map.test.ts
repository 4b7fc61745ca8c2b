import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/test-deps';
import { listen } from '../helpers/http-server';
import { launchBrowser, newPhonePage, pageShot, signInDemo } from '../helpers/browser';
import { seedUserId, seedVehicleId } from '../helpers/seed-lookup';
import { approvedTrip, as, tripBody } from '../helpers/trips';
import { DriverEntity } from '../../server/src/modules/fleet/fleet.entity';

const WAIT = { timeout: 30_000 };
/** The map refreshes every 10 s and the simulated cars connect in the background after start. */
const ONLINE_WAIT = { timeout: 45_000 };

/**
 * 车辆位置 / 车辆档案 / 轨迹 on the H5 build, against the real app with the simulated JT/T 808 fleet
 * (SIMULATOR_ENABLED, reporting every second here; no car offline in this test's time). The demo cars
 * tell the truth: parked at their unit's spot unless on a departed trip, so 冀A00101 is sent out on one.
 */
describe('fleet map in the browser (H5 build, simulated terminals)', () => {
  let t: TestApp;
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  beforeAll(async () => {
    // No car goes offline in turn here: the test needs 冀A00101 and two others online.
    t = await startTestApp({ SIMULATOR_ENABLED: 'true', SIMULATOR_INTERVAL_MS: '1000', SIMULATOR_OFFLINE_EVERY_MINUTES: '0' });
    // 冀A00101 departs on a trip (applied, approved, dispatched with 刘强, accepted, departed): it drives.
    const [wang, li, zhang, liu] = await Promise.all(['王建国', '李秀英', '张伟', '刘强'].map((n) => as(t, n)));
    const tripId = await approvedTrip(wang, [li], tripBody({ purpose: '赴省政府汇报（地图演示）' }, { daysAhead: 1 }));
    const vehicleId = await seedVehicleId(t, '冀A00101');
    const driverId = (await t.deps.db.manager.findOneByOrFail(DriverEntity, { name: '刘强' })).id;
    const sent = await zhang.post(`/api/dispatch/trips/${tripId}`, { picks: [{ vehicleId, driverId }] });
    const assignmentId = (sent.body.assignments as Array<{ id: number; vehicleId: number }>).find((a) => a.vehicleId === vehicleId)!.id;
    expect((await liu.post(`/api/assignments/${assignmentId}/accept`)).status).toBe(200);
    expect((await liu.post(`/api/assignments/${assignmentId}/depart`, { odometerKm: 86_210 })).status).toBe(200);
    server = await listen(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const signIn = async (page: Page, name: string) => signInDemo(page, server.baseUrl, await seedUserId(t, name), name);
  const shot = (page: Page, name: string) => pageShot(page, `fleet-${name}`);

  it('when dispatcher 张伟 opens 车辆位置, then the unit\'s cars are online; one unlocks and its track shows', async () => {
    const { context, page } = await newPhonePage(browser);
    try {
      await signIn(page, '张伟');
      await page.locator('.home-tile-fleet-map').click();
      await page.waitForURL(/packages\/fleet\/index\/index/, WAIT);

      // 冀A00101 belongs to 张伟's unit (prov_ndrc) and carries a simulated 2013 terminal.
      const carId = await seedVehicleId(t, '冀A00101');
      await page.locator(`.fleet-dot-${carId}.is-online`).waitFor(ONLINE_WAIT);
      await page.locator(`.fleet-row-${carId}.is-online`).waitFor(WAIT);
      // The unit's other simulated terminals register on their own schedule: wait for three online.
      await page.locator('.fleet-dot.is-online').nth(2).waitFor(ONLINE_WAIT);
      expect(await page.locator('.fleet-dot.is-online').count()).toBeGreaterThanOrEqual(3);
      // Online first: the first row of the list is an online car.
      expect(await page.locator('.fleet-row').first().getAttribute('class')).toContain('is-online');
      await page.locator('.plot-scale').waitFor(WAIT);

      await page.locator(`.fleet-dot-${carId}`).click();
      const card = page.locator(`.fleet-card-${carId}`);
      await card.waitFor(WAIT);
      expect(await card.locator('.fleet-card-plate').innerText()).toContain('冀A·00101');
      await card.locator('.pos-speed').waitFor(WAIT);
      await shot(page, 'map');

      await page.locator('.fleet-filter-offline').click();
      await page.locator('.fleet-filter-offline.is-active').waitFor(WAIT);
      expect(await page.locator(`.fleet-row-${carId}`).count()).toBe(0);
      await page.locator('.fleet-filter-all').click();

      await card.locator('.fleet-card-detail').click();
      await page.waitForURL(/packages\/fleet\/detail\/index/, WAIT);
      const detail = page.locator(`.vehicle-detail-${carId}`);
      await detail.locator('.fleet-position .chip-online').waitFor(WAIT);
      await detail.locator('.due-insurance').waitFor(WAIT);

      await detail.locator('.fleet-unlock-btn').click();
      await page.locator('.taro-modal__foot').getByText('确认解锁').click();
      // The simulator answers 0x8500 with a 0x0500 carrying the new door state.
      const outcome = detail.locator('.fleet-command-confirmed');
      await outcome.waitFor(ONLINE_WAIT);
      expect(await outcome.innerText()).toContain('已解锁');
      await detail.locator('.pos-lock-unlocked').waitFor(WAIT);
      await shot(page, 'unlock');

      await detail.locator('.fleet-recent-track').click();
      await page.waitForURL(/packages\/fleet\/track\/index/, WAIT);
      // Drawn, not necessarily visible: a car that stood still in the window has a line of zero length, which the browser reports hidden.
      await page.locator('.fleet-track .track-line').waitFor({ ...WAIT, state: 'attached' });
      await page.locator('.fleet-track .track-start').waitFor(WAIT);
      const points = Number((await page.locator('.fleet-track .track-points').innerText()).replace(/\D+/g, ''));
      expect(points).toBeGreaterThan(1);
      expect(await page.locator('.fleet-track .track-distance').innerText()).toMatch(/米|公里/);
      await shot(page, 'track');
    } finally {
      await context.close();
    }
  });

  it('when fleet admin 赵磊 opens 车辆档案, then the unit\'s vehicles show labels, due dates and terminals', async () => {
    const { context, page } = await newPhonePage(browser);
    try {
      await signIn(page, '赵磊');
      await page.locator('.home-tile-fleet-vehicles').click();
      await page.waitForURL(/packages\/fleet\/index\/index\?view=vehicles/, WAIT);
      const carId = await seedVehicleId(t, '冀A00101');
      const row = page.locator(`.vehicle-row-${carId}`);
      await row.waitFor(WAIT);
      const text = await row.innerText();
      expect(text).toContain('一般公务用车');
      expect(text).toContain('燃油');
      expect(text).toContain('在用');
      expect(text).toContain('013800000101');
      await shot(page, 'vehicles');

      await row.click();
      await page.waitForURL(/packages\/fleet\/detail\/index/, WAIT);
      await page.locator(`.vehicle-detail-${carId} .fleet-unlock-btn`).waitFor(WAIT);
      await shot(page, 'detail');
    } finally {
      await context.close();
    }
  });
});
