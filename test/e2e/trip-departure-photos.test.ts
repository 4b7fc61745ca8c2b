import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/test-deps';
import { listen } from '../helpers/http-server';
import { launchBrowser, newPhonePage, pageShot, signInDemo } from '../helpers/browser';
import { seedUserId } from '../helpers/seed-lookup';
import { solidPng } from '../helpers/png';
import { approvedTrip, as, tripBody } from '../helpers/trips';
import { RentalCarSim } from '../helpers/rental-cars';
import { ManualClock } from '../../server/src/platform/clock';
import { VehicleEntity } from '../../server/src/modules/fleet/fleet.entity';

const WAIT = { timeout: 30_000 };
const SIDES = ['front', 'back', 'left', 'right'] as const;
const COLOURS: Record<(typeof SIDES)[number], [number, number, number]> = { front: [30, 120, 220], back: [220, 80, 40], left: [40, 170, 90], right: [200, 160, 30] };
const GARAGE = { lat: 38.0455, lng: 114.5025 };

/**
 * 出车 evidence of an official trip in the browser (#21 item 2, H5 build against the real app and the
 * simulated terminal of the dispatched car): the driver opens the accepted task, photographs the four
 * sides (each photo shows the car's state then: odometer, doors, position), departs, and the 回场
 * sides wait on the road; the dispatcher sees the photos on the trip. A screenshot per step.
 */
describe('出车 photos of an official trip in the browser (H5 build, simulated terminal)', () => {
  let t: TestApp;
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let sim: RentalCarSim | null = null;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    server = await listen(t);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    sim?.close();
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const shot = (page: Page, name: string, stretch: string) => pageShot(page, `trip-departure-photos-${name}`, { stretch });

  it('when the driver photographs the four sides before 出车, then each shows the car\'s state, the trip departs, and the dispatcher sees them on the trip', async () => {
    const wang = await as(t, '王建国');
    const tripId = await approvedTrip(wang, [await as(t, '李秀英')], tripBody({ purpose: '赴省政府汇报出车拍照' }, { daysAhead: 1, now: clock.now() }));
    expect((await (await as(t, '张伟')).post('/api/dispatch/one-click', { tripIds: [tripId] })).body.results[0].dispatched).toBe(true);
    const a = (await wang.get(`/api/trips/${tripId}`)).body.assignments[0] as { id: number; driverName: string; vehicleId: number };
    const driverApi = await as(t, a.driverName);
    expect((await driverApi.post(`/api/assignments/${a.id}/accept`)).status).toBe(200);
    const v = await t.deps.db.manager.findOneByOrFail(VehicleEntity, { id: a.vehicleId });
    // The driver is at the garage ten minutes before the start.
    clock.set(new Date(Date.parse(tripBody({}, { daysAhead: 1, now: clock.now() }).startAt) - 10 * 60_000));
    sim = await new RentalCarSim(v.id, v.plate, v.terminalPhone!, GARAGE, Number(v.odometerHm), 9).connect(t);
    // A fuel car: its terminal reports the tank (item 0x02), which the photos keep as 油量.
    await sim.fuel(45);

    const { context, page } = await newPhonePage(browser);
    try {
      await signInDemo(page, server.baseUrl, await seedUserId(t, a.driverName), a.driverName);
      await page.locator('.home-tile-driver-tasks').click();
      const card = page.locator('.task-card.task-status-accepted').filter({ hasText: '赴省政府汇报出车拍照' });
      await card.waitFor(WAIT);
      await card.locator('.task-depart').click();
      await page.locator('.task-depart-form').waitFor(WAIT);
      await page.locator('.trip-evidence-card .handover-depart').waitFor(WAIT);
      expect(await page.locator('.trip-evidence-card .form-hint').innerText()).toContain('作为出车凭证');
      await shot(page, '1-before', '.task-page');

      for (const side of SIDES) {
        const chooser = page.waitForEvent('filechooser', WAIT);
        await page.locator(`.handover-depart-${side} .handover-take`).click();
        await (await chooser).setFiles({ name: `${side}.png`, mimeType: 'image/png', buffer: solidPng(160, 120, COLOURS[side]) });
        await page.locator(`.handover-depart-${side} .handover-thumb`).waitFor(WAIT);
      }
      await page.locator('.handover-depart .handover-count.is-done').waitFor(WAIT);
      const odometerKm = (Number(v.odometerHm) / 10).toFixed(1);
      expect(await page.locator('.handover-depart-front .handover-state').innerText()).toContain('油量 45.0 L');
      expect(await page.locator('.handover-depart-front .handover-state').innerText()).toMatch(new RegExp(`里程 ${odometerKm.replace('.', '\\.')} km · 车门(已锁|未锁) · 38\\.04\\d\\d, 114\\.50\\d\\d`));
      await shot(page, '2-depart-photos', '.task-page');

      await page.locator('.task-depart-submit').click();
      await page.locator('.task-return-form').waitFor(WAIT);
      // On the road: the departure's photos stay, the return's four sides wait.
      await page.locator('.handover-return .handover-count').filter({ hasText: '0/4' }).waitFor(WAIT);
      expect(await page.locator('.handover-depart .handover-take').count()).toBe(0);
      // Only for the picture: Taro's 已出车 toast lasts 1.5 s.
      await page.waitForTimeout(1800);
      await shot(page, '3-departed', '.task-page');
    } finally {
      await context.close();
    }

    const stored = (await (await as(t, '张伟')).get(`/api/trips/${tripId}/evidence`)).body.cars[0].photos as Array<{ stage: string; online: boolean }>;
    expect(stored.map((p) => p.stage)).toEqual(['depart', 'depart', 'depart', 'depart']);
    expect(stored.every((p) => p.online)).toBe(true);

    const dispatcher = await newPhonePage(browser);
    try {
      await signInDemo(dispatcher.page, server.baseUrl, await seedUserId(t, '张伟'), '张伟');
      await dispatcher.page.goto(`${server.baseUrl}/#/packages/dispatch/trip/index?id=${tripId}`);
      const evidence = dispatcher.page.locator(`.trip-evidence-${a.id}`);
      await evidence.locator('.handover-depart .handover-count.is-done').waitFor(WAIT);
      expect(await evidence.locator('.trip-evidence-car').innerText()).toContain(a.driverName);
      expect(await evidence.locator('.handover-depart .handover-thumb').count()).toBe(4);
      expect(await evidence.locator('.handover-return .handover-count').innerText()).toBe('0/4');
      // The dispatcher looks; only the driver takes.
      expect(await evidence.locator('.handover-take-plus').first().innerText()).toBe('—');
      await shot(dispatcher.page, '4-dispatcher-sees', '.dispatch-trip');
    } finally {
      await dispatcher.context.close();
    }
  }, 240_000);
});
