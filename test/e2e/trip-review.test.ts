import { browserApp } from '../helpers/browser-app';
import { pageShot } from '../helpers/browser';
import { approvedTrip, as, tripBody } from '../helpers/trips';
import { LatestPositionStore } from '../../server/src/modules/telematics/latest-position.store';

const WAIT = { timeout: 30_000 };

/**
 * #14 item 10 on the H5 build: the driver's task names the passenger (phone masked); 交车审核 shows the
 * costs the driver entered by kind and warns of implausible times and distances (out 10 h before the
 * start, back 2 minutes later 45 km on). Both sub-pages carry a 返回 control.
 */
describe('交车审核 in the browser (H5 build)', () => {
  const app = browserApp();

  it('when a returned trip is reviewed, then the split by kind, the warnings and the plate with its dot are shown, and 返回 leaves the page', async () => {
    const wang = await as(app.t, '王建国');
    const purpose = `审核拆分 ${Date.now() % 100_000}`;
    const id = await approvedTrip(wang, [await as(app.t, '李秀英')], tripBody({ purpose }, { daysAhead: 2 }));
    const dispatched = await (await as(app.t, '张伟')).post('/api/dispatch/one-click', { tripIds: [id] });
    const { driverName, plate } = dispatched.body.results[0].assignments[0] as { driverName: string; plate: string };
    const dotted = `${plate.slice(0, 2)}·${plate.slice(2)}`;
    const trip = (await wang.get(`/api/trips/${id}`)).body;
    const a = trip.assignments[0];
    const driver = await as(app.t, driverName);

    // The driver's task: who to pick up, phone masked.
    const d = { page: await app.signIn(driverName) };
    await d.page.goto(`${app.baseUrl}/#/packages/driver/task/index?id=${a.id}`);
    const passenger = d.page.locator('.task-page .task-passenger');
    await passenger.waitFor(WAIT);
    expect(await passenger.innerText()).toMatch(/^用车人 王建国 \d{3}\*{4}\d{4}$/);
    expect(await d.page.locator('.h5-back').isVisible()).toBe(true);
    await pageShot(d.page, 'trip-review-driver-task', { top: true });

    expect((await driver.post(`/api/assignments/${a.id}/accept`)).status).toBe(200);
    const km = (await driver.get('/api/driver/tasks')).body.items.find((x: { id: number }) => x.id === a.id).vehicleOdometerKm as number;

    // A terminal counting from its own zero (663.9 km): the 出车 form offers the record, the one the rule counts, and says so.
    const at = app.t.deps.clock.now();
    await new LatestPositionStore(app.t.deps.redis as never).update([{
      vehicleId: a.vehicleId, phone: '013800000101', gpsTime: at, receivedAt: at, latE6: 38_042_800, lonE6: 114_514_900,
      altitude: 80, speed: 0, direction: 0, alarm: 0, status: 0, odometer: 6_639, source: 'report',
    }]);
    await d.page.reload();
    const odometer = d.page.locator('.task-page .input-depart-odometer input, .task-page input.input-depart-odometer').first();
    await odometer.waitFor(WAIT);
    expect(await odometer.inputValue()).toBe(String(km));
    const hint = await d.page.locator('.field-depart-odometer .form-hint').innerText();
    expect(hint).toContain('车载终端上报 663.9 km');
    expect(hint).toContain('以车辆档案为准');
    await pageShot(d.page, 'trip-review-driver-odometer-hint', { top: true });
    const departAt = Date.parse(trip.startAt) - 10 * 3600_000;
    await driver.post(`/api/assignments/${a.id}/depart`, { odometerKm: km, at: new Date(departAt).toISOString() });
    const back = await driver.post(`/api/assignments/${a.id}/return`, {
      odometerKm: km + 45, at: new Date(departAt + 2 * 60_000).toISOString(), fuelFen: 12_000, tollFen: 1_500, parkingFen: 1_000, otherFen: 300,
    });
    expect(back.status).toBe(200);

    const p = { page: await app.signIn('张伟') };
    await p.page.goto(`${app.baseUrl}/#/packages/dispatch/review/index?id=${id}`);
    const page = p.page;
    await page.locator(`.review-trip-${id}`).waitFor(WAIT);

    const row = async (kind: string) => page.locator(`.review-page .trip-costs-${kind}`).innerText();
    expect(await row('fuelFen')).toContain('油费/充电费');
    expect(await row('fuelFen')).toContain('¥120.00');
    expect(await row('tollFen')).toContain('¥15.00');
    expect(await row('parkingFen')).toContain('¥10.00');
    expect(await row('otherFen')).toContain('¥3.00');
    expect(await page.locator('.review-page .trip-costs-rentalFen').count()).toBe(0); // the unit's own car has no rental fee
    expect(await page.locator('.review-page .trip-costs-total').innerText()).toBe('¥148.00');

    const warnings = await page.locator('.review-page .review-warning').allInnerTexts();
    expect(warnings).toEqual([
      `${dotted}：出车时间比行程开始早 10 小时`, `${dotted}：回场时间在行程开始前 9 小时 58 分钟`, `${dotted}：2 分钟行驶 45 km（平均 1350 km/h）`,
    ]);
    expect(await page.locator('.review-page .trip-assignment-plate').innerText()).toBe(dotted);
    expect(await page.locator('.review-page .trip-timeline-card').innerText()).toContain(`${dotted} 回场`);
    await pageShot(page, 'trip-review-split-warnings', { stretch: '.review-page' });

    // Opened straight from a link: 返回 has no page behind it and goes home.
    await page.locator('.h5-back').click();
    await page.waitForURL(/pages\/home/, WAIT);
    await page.locator('.h5-back').waitFor({ state: 'hidden', ...WAIT }); // the home page has none
  });
});
