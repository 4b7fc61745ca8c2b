import type { Page } from 'playwright-core';
import { dayPlanListSchema, type DayPlan } from '@shared/trips/day-plan.schemas';
import { tripDetailSchema } from '@shared/trips/trips.schemas';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { dateOf, places } from '../helpers/day-plans';
import { approvedTrip, as, tripBody } from '../helpers/trips';

/**
 * 排班方案 on the H5 build: tomorrow's approved in-city trips of 省发改委's pool (five, one needing two
 * cars) are planned together by the dispatcher, shown per vehicle, and applied (按方案派车); each trip
 * then carries the plan's cars. The pool has two drivers fit to drive (刘强, 陈刚; 黄海's licence has
 * lapsed), so the two-car trip takes both and the other trips chain on them.
 */
const WAIT = { timeout: 30_000 };


/** Tomorrow (Shanghai): two morning trips one car can chain, a two-car trip, two overlapping afternoon trips. */
const plannedTrips = [
  { purpose: '赴省政府报送年度投资计划', hour: 8, hours: 1, from: places.ndrc, to: places.gov, passengers: 2, seatsWanted: 2, vehiclesNeeded: 1 },
  { purpose: '参加全省重点项目推进会', hour: 10, hours: 1, from: places.gov, to: places.conference, passengers: 3, seatsWanted: 3, vehiclesNeeded: 1 },
  { purpose: '赴石家庄站接国家发展改革委调研组', hour: 13, hours: 1, from: places.station, to: places.ndrc, passengers: 8, seatsWanted: 4, vehiclesNeeded: 2 },
  { purpose: '赴省人民医院督导重点项目建设', hour: 15, hours: 2, from: places.ndrc, to: places.hospital, passengers: 2, seatsWanted: 2, vehiclesNeeded: 1 },
  { purpose: '赴市政府对接项目审批事项', hour: 16, hours: 1, from: places.ndrc, to: places.city, passengers: 2, seatsWanted: 2, vehiclesNeeded: 1 },
];

describe('day plan (排班方案) in the browser (H5 build)', () => {
  const app = browserApp();
  const signIn = (name: string) => app.signIn(name);

  /** `whole`: the picture takes the page's full height. */
  const shot = (page: Page, name: string, whole = false) => pageShot(page, `day-plan-${name}`, whole ? { stretch: '.day-plan-page' } : { top: true });

  it('when the dispatcher plans tomorrow and applies the plan, then every trip is dispatched to the cars of its routes', async () => {
    const wang = await as(app.t, '王建国');
    const li = await as(app.t, '李秀英');
    const zhang = await as(app.t, '张伟');
    const trips: Array<{ id: number; purpose: string; vehiclesNeeded: number }> = [];
    for (const p of plannedTrips) {
      const body = tripBody({
        purpose: p.purpose, passengers: p.passengers, passengerNames: '王建国等', seatsWanted: p.seatsWanted, vehiclesNeeded: p.vehiclesNeeded,
        origin: p.from, destinations: [p.to],
      }, { daysAhead: 1, hour: p.hour, hours: p.hours });
      trips.push({ id: await approvedTrip(wang, [li], body), purpose: p.purpose, vehiclesNeeded: p.vehiclesNeeded });
    }
    /** Tomorrow in Asia/Shanghai, the day tripBody's daysAhead 1 falls on and the page's default. */
    const date = dateOf(1);

    // 调度员: board → 排班方案, tomorrow preselected, no plan yet.
    const page = await signIn('张伟');
    await page.locator('.home-tile-dispatch').click();
    await page.locator('.dispatch-day-plan').click();
    await page.waitForURL(/packages\/dispatch\/day-plan/, WAIT);
    await page.locator('.day-plan-date').filter({ hasText: date }).waitFor(WAIT);
    await page.locator('.day-plan-page .state-empty').waitFor(WAIT);
    await page.locator('.day-plan-mode-quick.is-active').waitFor(WAIT);
    await shot(page, '01-empty');

    // 快速方案: comes back ready.
    await page.locator('.day-plan-generate').click();
    await page.locator('.day-plan-summary .day-plan-status').filter({ hasText: '待采纳' }).waitFor(WAIT);
    const listed = dayPlanListSchema.parse((await zhang.get(`/api/dispatch/day-plans?date=${date}`)).body);
    expect(listed.items).toHaveLength(1);
    const plan: DayPlan = listed.items[0]!;
    expect(plan).toMatchObject({ date, mode: 'quick', status: 'ready', createdByName: '张伟' });
    const summary = plan.summary!;
    expect(summary).toMatchObject({ trips: 5, vehicleSlots: 6, unservedTrips: 0 });
    // Two drivers can drive; the two-car trip needs both, and the others fit around it.
    expect(summary.vehiclesUsed).toBe(2);
    await page.locator(`.day-plan-item-${plan.id}.is-active`).waitFor(WAIT);

    await expect(page.locator('.day-plan-stat-trips').textContent()).resolves.toBe('行程 5 单需 6 车次');
    await expect(page.locator('.day-plan-stat-vehicles').textContent()).resolves.toBe(`${summary.vehiclesUsed} / ${summary.vehiclesAvailable} 辆用车 / 可用`);
    await expect(page.locator('.day-plan-gap').textContent()).resolves.toBe(`与最优下界差距 ${summary.gapPercent.toFixed(1)}%`);
    await expect(page.locator('.day-plan-bound').textContent()).resolves.toContain(`下界：${summary.boundIsLp ? 'LP 下界（已证明）' : '松弛下界'}。`);
    await expect(page.locator('.day-plan-route').count()).resolves.toBe(summary.vehiclesUsed);
    for (const trip of trips) {
      // once per vehicle it needs, never twice on one car
      await expect(page.locator(`.day-plan-route .day-plan-stop-${trip.id}`).count()).resolves.toBe(trip.vehiclesNeeded);
      await expect(page.locator('.day-plan-route').filter({ has: page.locator(`.day-plan-stop-${trip.id}`) }).count()).resolves.toBe(trip.vehiclesNeeded);
    }
    const twoCar = trips.find((x) => x.vehiclesNeeded === 2)!;
    await expect(page.locator(`.day-plan-stop-${twoCar.id} .day-plan-multi`).count()).resolves.toBe(2);
    // One car chains several trips.
    expect(Math.max(...plan.routes.map((r) => r.stops.length))).toBeGreaterThan(1);
    await expect(page.locator('.day-plan-unserved').textContent()).resolves.toContain('全部行程均已安排');
    // 黄海's licence has lapsed: he and the cars left without a driver are listed, folded away until asked.
    await expect(page.locator('.day-plan-excluded-item').count()).resolves.toBe(0);
    await page.locator('.day-plan-excluded-toggle').click();
    await page.locator('.day-plan-excluded-item').filter({ hasText: '驾驶员 黄海' }).waitFor(WAIT);
    await shot(page, '02-plan', true);

    // 按方案派车, confirmed.
    await page.locator('.day-plan-apply').click();
    await page.locator('.taro-modal__foot').getByText('派车', { exact: true }).click();
    await page.locator('.day-plan-results').waitFor(WAIT);
    for (const trip of trips) {
      const result = page.locator(`.day-plan-result-${trip.id}.is-ok`);
      await result.waitFor(WAIT);
      await expect(result.locator('.day-plan-result-title').textContent()).resolves.toContain('已派');
    }
    await expect(page.locator('.day-plan-result.is-failed').count()).resolves.toBe(0);
    await page.locator('.day-plan-summary .day-plan-status').filter({ hasText: '已按方案派车' }).waitFor(WAIT);
    await page.locator('.day-plan-applied').waitFor(WAIT);
    await expect(page.locator('.day-plan-apply').count()).resolves.toBe(0);
    await shot(page, '03-applied', true);

    // Each trip now has the cars and drivers of the routes it is on.
    for (const trip of trips) {
      const detail = tripDetailSchema.parse((await zhang.get(`/api/trips/${trip.id}`)).body);
      expect(detail.status).toBe('dispatched');
      const live = detail.assignments.filter((a) => a.status !== 'released');
      const planned = plan.routes.filter((r) => r.stops.some((s) => s.tripId === trip.id));
      expect(live.map((a) => [a.vehicleId, a.driverId]).sort()).toEqual(planned.map((r) => [r.vehicleId, r.driverId]).sort());
    }
    const after = dayPlanListSchema.parse((await zhang.get(`/api/dispatch/day-plans?date=${date}`)).body).items[0]!;
    expect(after.status).toBe('applied');
    expect(after.applied?.every((r) => r.dispatched)).toBe(true);
  }, 300_000);

  it('when the dispatcher asks for a thorough plan, then the page shows it computing and then the plan, polled until ready', async () => {
    const wang = await as(app.t, '王建国');
    const li = await as(app.t, '李秀英');
    const ids: number[] = [];
    for (const [i, p] of plannedTrips.slice(0, 3).entries()) {
      const body = tripBody({
        purpose: `${p.purpose}（复核${i + 1}）`, passengers: p.passengers, passengerNames: '王建国等', seatsWanted: p.seatsWanted, vehiclesNeeded: p.vehiclesNeeded,
        origin: p.from, destinations: [p.to],
      }, { daysAhead: 3, hour: p.hour, hours: p.hours });
      ids.push(await approvedTrip(wang, [li], body));
    }
    const date = dateOf(3);

    const page = await signIn('张伟');
    await page.goto(`${app.baseUrl}/#/packages/dispatch/day-plan/index?date=${date}`);
    await page.locator('.day-plan-date').filter({ hasText: date }).waitFor(WAIT);
    await page.locator('.day-plan-page .state-empty').waitFor(WAIT);
    await page.locator('.day-plan-mode-thorough').click();
    await page.locator('.day-plan-generate').click();
    // The answer is 'running'; the page asks again every 2 s, so the computing state shows at least that long.
    await page.locator('.day-plan-running').waitFor(WAIT);
    await page.locator('.day-plan-item .status-chip').filter({ hasText: '计算中' }).waitFor(WAIT);
    await expect(page.locator('.day-plan-apply').count()).resolves.toBe(0);
    await shot(page, '04-thorough-running');
    await page.locator('.day-plan-summary .day-plan-status').filter({ hasText: '待采纳' }).waitFor({ timeout: 240_000 });
    await expect(page.locator('.day-plan-running').count()).resolves.toBe(0);
    for (const id of ids) await page.locator(`.day-plan-route .day-plan-stop-${id}`).first().waitFor(WAIT);
    await page.locator('.day-plan-apply').waitFor(WAIT);
    const [plan] = dayPlanListSchema.parse((await (await as(app.t, '张伟')).get(`/api/dispatch/day-plans?date=${date}`)).body).items;
    expect(plan).toMatchObject({ mode: 'thorough', status: 'ready' });
    await expect(page.locator('.day-plan-bound').textContent()).resolves.toContain(plan!.summary!.boundIsLp ? 'LP 下界（已证明）' : '松弛下界');
    await shot(page, '05-thorough-ready', true);
  }, 300_000);
});
