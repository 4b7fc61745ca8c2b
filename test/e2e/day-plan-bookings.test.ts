import { dayPlanListSchema } from '@shared/trips/day-plan.schemas';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { dateOf, places } from '../helpers/day-plans';
import { approvedTrip, as, tripBody } from '../helpers/trips';

/**
 * #14 item 9 in the browser: both drivers fit to drive (刘强, 陈刚) already have a trip dispatched by
 * hand at 14:00–16:00 tomorrow. 生成方案 used to find 0 cars and leave every trip unplaced ("没有座位…
 * 相符的空闲车辆"); the plan now puts the morning trips on their cars, and the one trip during their
 * jobs is left out with the bookings named.
 */
const WAIT = { timeout: 30_000 };

describe('day plan around bookings made outside the plan (H5 build)', () => {
  const app = browserApp();

  it('when both drivers have a 14:00 job, then 生成方案 plans the 09:00 trips on their cars and names the jobs for a trip during them', async () => {
    const wang = await as(app.t, '王建国');
    const li = await as(app.t, '李秀英');
    const zhang = await as(app.t, '张伟');
    const trip = (purpose: string, hour: number, hours: number, to = places.gov) => approvedTrip(wang, [li], tripBody({
      purpose, passengers: 2, passengerNames: '王建国等', seatsWanted: 2, vehiclesNeeded: 1, origin: places.ndrc, destinations: [to],
    }, { daysAhead: 1, hour, hours }));
    const jobs = [await trip('赴省政府汇报重点项目进展', 14, 2), await trip('赴会议中心参加项目评审会', 14, 2, places.conference)];
    const cand = (await zhang.get(`/api/dispatch/candidates?tripId=${jobs[0]}`)).body;
    const v = (plate: string): number => cand.vehicles.find((x: { plate: string }) => x.plate === plate).id;
    const d = (name: string): number => cand.drivers.find((x: { name: string }) => x.name === name).id;
    expect((await zhang.post(`/api/dispatch/trips/${jobs[0]}`, { picks: [{ vehicleId: v('冀A00101'), driverId: d('刘强') }] })).status).toBe(200);
    expect((await zhang.post(`/api/dispatch/trips/${jobs[1]}`, { picks: [{ vehicleId: v('冀A00102'), driverId: d('陈刚') }] })).status).toBe(200);
    const morning = [
      await trip('赴省政府报送年度投资计划', 9, 1),
      await trip('赴省人民医院督导重点项目建设', 9, 1, places.hospital),
      await trip('赴市政府对接项目审批事项', 11, 1, places.city),
    ];
    const during = await trip('赴石家庄站接调研组', 15, 1, places.station);
    const date = dateOf(1);

    const page = await app.signIn('张伟');
    await page.goto(`${app.baseUrl}/#/packages/dispatch/day-plan/index?date=${date}`);
    await page.locator('.day-plan-date').filter({ hasText: date }).waitFor(WAIT);
    await page.locator('.day-plan-mode-quick.is-active').waitFor(WAIT);
    await page.locator('.day-plan-generate').click();
    await page.locator('.day-plan-summary .day-plan-status').filter({ hasText: '待采纳' }).waitFor(WAIT);

    const plan = dayPlanListSchema.parse((await zhang.get(`/api/dispatch/day-plans?date=${date}`)).body).items[0]!;
    expect(plan.summary).toMatchObject({ trips: 4, vehiclesAvailable: 2, vehiclesUsed: 2, unservedTrips: 1 });
    for (const id of morning) await expect(page.locator(`.day-plan-route .day-plan-stop-${id}`).count()).resolves.toBe(1);
    await expect(page.locator('.day-plan-route').count()).resolves.toBe(2);
    const reason = page.locator(`.day-plan-unserved-${during} .item-reason`);
    await reason.waitFor(WAIT);
    const text = (await reason.textContent())!;
    for (const job of jobs) expect(text).toContain(`已派行程 ${job}（14:00–16:00）时间重叠`);
    expect(text).toContain('冀A·00101');
    expect(text).not.toContain('没有座位');
    // The reason wraps inside the card: nothing cut off at the right edge.
    const box = await reason.boundingBox();
    const card = await page.locator('.day-plan-unserved').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(card!.x + card!.width + 0.5);
    await pageShot(page, 'day-plan-bookings', { stretch: '.day-plan-page' });
  }, 300_000);
});
