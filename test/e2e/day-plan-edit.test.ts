import type { Page } from 'playwright-core';
import { dayPlanListSchema, dayPlanMoveOptionsSchema, dayPlanSchema, type DayPlan } from '@shared/trips/day-plan.schemas';
import { tripDetailSchema } from '@shared/trips/trips.schemas';
import { formatPlate } from '@shared/common/format';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { dateOf, places } from '../helpers/day-plans';
import { approvedTrip, as, tripBody, type As } from '../helpers/trips';

/**
 * 调整排班方案 on the H5 build: 省发改委's dispatcher plans a day six days ahead (four one-car in-city
 * trips with hours between them, so both pairs of the pool — 刘强's and 陈刚's cars — have room), moves a
 * stop to another car from the options the server checked, takes a trip out of the plan (移出方案), and
 * applies the adjusted plan: the trips get the adjusted plan's cars, the removed one stays approved.
 */
const WAIT = { timeout: 30_000 };
const DAYS_AHEAD = 6;


const plannedTrips = [
  { purpose: '赴省政府报送季度经济运行分析', hour: 8, from: places.ndrc, to: places.gov },
  { purpose: '参加全省营商环境推进会', hour: 10, from: places.gov, to: places.conference },
  { purpose: '赴省人民医院调研医疗项目', hour: 14, from: places.ndrc, to: places.hospital },
  { purpose: '赴市政府协调重点项目用地', hour: 16, from: places.ndrc, to: places.city },
];

async function planOf(zhang: As, date: string): Promise<DayPlan> {
  const listed = dayPlanListSchema.parse((await zhang.get(`/api/dispatch/day-plans?date=${date}`)).body);
  expect(listed.items).toHaveLength(1);
  return listed.items[0]!;
}

const carOf = (plan: DayPlan, tripId: number) => plan.routes.filter((r) => r.stops.some((s) => s.tripId === tripId)).map((r) => r.vehicleId);

describe('day plan adjustments (调整排班方案) in the browser (H5 build)', () => {
  const app = browserApp();
  const shot = (page: Page, name: string, whole = false) => pageShot(page, `day-plan-edit-${name}`, whole ? { stretch: '.day-plan-page' } : {});

  it('when the dispatcher moves a stop to another car and takes a trip out, then the page, the record and the applied trips follow the adjusted plan', async () => {
    const wang = await as(app.t, '王建国');
    const li = await as(app.t, '李秀英');
    const zhang = await as(app.t, '张伟');
    const trips: Array<{ id: number; purpose: string }> = [];
    for (const p of plannedTrips) {
      const body = tripBody({
        purpose: p.purpose, passengers: 2, passengerNames: '王建国等', seatsWanted: 2, vehiclesNeeded: 1, origin: p.from, destinations: [p.to],
      }, { daysAhead: DAYS_AHEAD, hour: p.hour, hours: 1 });
      trips.push({ id: await approvedTrip(wang, [li], body), purpose: p.purpose });
    }
    const date = dateOf(DAYS_AHEAD);

    const page = await app.signIn('张伟');
    await page.goto(`${app.baseUrl}/#/packages/dispatch/day-plan/index?date=${date}`);
    await page.locator('.day-plan-date').filter({ hasText: date }).waitFor(WAIT);
    await page.locator('.day-plan-page .state-empty').waitFor(WAIT);
    await page.locator('.day-plan-generate').click();
    await page.locator('.day-plan-summary .day-plan-status').filter({ hasText: '待采纳' }).waitFor(WAIT);
    const before = await planOf(zhang, date);
    expect(before).toMatchObject({ status: 'ready', editable: true, edits: [] });
    expect(before.summary).toMatchObject({ trips: 4, unservedTrips: 0 });
    // Every stop offers 调整; nothing has been adjusted yet.
    await expect(page.locator('.day-plan-stop-move').count()).resolves.toBe(4);
    await expect(page.locator('.day-plan-edits').count()).resolves.toBe(0);
    await shot(page, '01-plan', true);

    // 调整 on the first stop of the busiest car: the server's options, feasible first.
    const busiest = [...before.routes].sort((a, b) => b.stops.length - a.stops.length)[0]!;
    const moved = trips.find((t) => t.id === busiest.stops[0]!.tripId)!;
    await page.locator(`.day-plan-route-${busiest.vehicleId} .day-plan-stop-${moved.id} .day-plan-stop-move`).click();
    const panel = page.locator('.day-plan-move-panel');
    await panel.waitFor(WAIT);
    await expect(panel.locator('.day-plan-move-title').textContent()).resolves.toBe(`调整行程 ${moved.id} · ${moved.purpose}`);
    await expect(panel.locator('.day-plan-move-from').textContent()).resolves.toContain(formatPlate(busiest.plate));
    await expect(panel.locator('.day-plan-move-remove').count()).resolves.toBe(1);
    const options = dayPlanMoveOptionsSchema.parse(
      (await zhang.get(`/api/dispatch/day-plans/${before.id}/moves?tripId=${moved.id}&from=${busiest.vehicleId}`)).body,
    ).items;
    const target = options.find((o) => o.feasible)!;
    expect(target).toBeDefined();
    expect(target.vehicleId).not.toBe(busiest.vehicleId);
    await panel.locator('.day-plan-move-option').first().waitFor(WAIT);
    await expect(panel.locator('.day-plan-move-option').count()).resolves.toBe(options.length);
    await expect(panel.locator('.day-plan-move-option.is-feasible').count()).resolves.toBe(options.filter((o) => o.feasible).length);
    const row = panel.locator(`.day-plan-move-option-${target.vehicleId}.is-feasible`);
    const rowText = await row.textContent();
    expect(rowText).toContain(`${formatPlate(target.plate)} · ${target.driverName} · ${target.seats} 座`);
    expect(rowText).toMatch(target.tripsNow ? new RegExp(`已有 ${target.tripsNow} 单`) : /空闲车辆/);
    expect(rowText).toMatch(/空驶 [+−]\d+\.\d 公里|空驶不变/);
    await shot(page, '02-options');

    // Pick it: the stop moves to that car, the record shows the move, the figures are the server's.
    await row.click();
    await panel.waitFor({ state: 'detached', ...WAIT });
    await page.locator(`.day-plan-route-${target.vehicleId} .day-plan-stop-${moved.id}`).waitFor(WAIT);
    await expect(page.locator(`.day-plan-route-${busiest.vehicleId} .day-plan-stop-${moved.id}`).count()).resolves.toBe(0);
    await page.locator('.day-plan-edits .day-plan-edit').first().waitFor(WAIT);
    await expect(page.locator('.day-plan-edits .card-title').textContent()).resolves.toBe('调整记录（1）');
    const afterMove = await planOf(zhang, date);
    expect(carOf(afterMove, moved.id)).toEqual([target.vehicleId]);
    expect(afterMove.edits).toHaveLength(1);
    expect(afterMove.edits[0]!.byName).toBe('张伟');
    const editText = await page.locator('.day-plan-edit').first().textContent();
    expect(editText).toContain('张伟');
    expect(editText).toContain(afterMove.edits[0]!.text);
    const s = afterMove.summary!;
    expect(s.unservedTrips).toBe(0);
    // The option promised this change of empty driving (both figures rounded to 0.1 km).
    expect(Math.abs(s.deadheadKm - before.summary!.deadheadKm - target.deltaKm!)).toBeLessThan(0.25);
    await expect(page.locator('.day-plan-stat-vehicles').textContent()).resolves.toBe(`${s.vehiclesUsed} / ${s.vehiclesAvailable} 辆用车 / 可用`);
    await expect(page.locator('.day-plan-stat-deadhead').textContent()).resolves.toBe(`${s.deadheadKm.toFixed(1)} km空驶`);
    await expect(page.locator('.day-plan-route').count()).resolves.toBe(afterMove.routes.length);
    await shot(page, '03-moved', true);

    // 移出方案 (confirmed): another trip leaves the plan and waits under 未安排 with the reason.
    const removed = trips.find((t) => t.id !== moved.id)!;
    const removedFrom = carOf(afterMove, removed.id)[0]!;
    await page.locator(`.day-plan-route-${removedFrom} .day-plan-stop-${removed.id} .day-plan-stop-move`).click();
    await panel.waitFor(WAIT);
    await panel.locator('.day-plan-move-remove').click();
    await page.locator('.taro-modal__foot').getByText('移出', { exact: true }).click();
    const unserved = page.locator(`.day-plan-unserved-${removed.id}`);
    await unserved.waitFor(WAIT);
    await expect(unserved.textContent()).resolves.toContain('调度员移出');
    await expect(page.locator(`.day-plan-route .day-plan-stop-${removed.id}`).count()).resolves.toBe(0);
    await expect(page.locator('.day-plan-edits .card-title').textContent()).resolves.toBe('调整记录（2）');
    const adjusted = await planOf(zhang, date);
    expect(adjusted.unserved.map((u) => u.tripId)).toEqual([removed.id]);
    expect(adjusted.unserved[0]!.reason).toContain('调度员移出');
    expect(adjusted.summary!.unservedTrips).toBe(1);
    expect(adjusted.edits.map((e) => e.text)).toEqual([afterMove.edits[0]!.text, expect.any(String)]);
    await expect(page.locator('.day-plan-stat-unserved').textContent()).resolves.toBe('1 单未安排');

    // The 已调整 toast fades by a CSS transition pageShot does not wait for: let it go before the next picture.
    await page.waitForTimeout(1500);
    // 安排车辆 on the removed trip opens the panel for adding it (no 移出 there); 取消 closes it unchanged.
    await unserved.locator('.day-plan-unserved-move').click();
    await panel.waitFor(WAIT);
    await expect(panel.locator('.day-plan-move-title').textContent()).resolves.toBe(`调整行程 ${removed.id} · ${removed.purpose}`);
    await panel.locator('.day-plan-move-option').first().waitFor(WAIT);
    await expect(panel.locator('.day-plan-move-remove').count()).resolves.toBe(0);
    await shot(page, '04-add-options');
    await panel.locator('.day-plan-move-cancel').click();
    await panel.waitFor({ state: 'detached', ...WAIT });
    expect((await planOf(zhang, date)).edits).toHaveLength(2);
    await shot(page, '05-removed', true);

    // 按方案派车: the adjusted plan is what gets dispatched.
    await page.locator('.day-plan-apply').click();
    await page.locator('.taro-modal__foot').getByText('派车', { exact: true }).click();
    await page.locator('.day-plan-applied').waitFor(WAIT);
    for (const r of adjusted.routes) {
      for (const stop of r.stops) await page.locator(`.day-plan-result-${stop.tripId}.is-ok`).waitFor(WAIT);
    }
    // The record stays on the applied plan; nothing is adjustable any more.
    await expect(page.locator('.day-plan-edits .day-plan-edit').count()).resolves.toBe(2);
    await expect(page.locator('.day-plan-stop-move').count()).resolves.toBe(0);
    await expect(page.locator('.day-plan-unserved-move').count()).resolves.toBe(0);
    await shot(page, '06-applied', true);

    for (const trip of trips) {
      const detail = tripDetailSchema.parse((await zhang.get(`/api/trips/${trip.id}`)).body);
      const live = detail.assignments.filter((a) => a.status !== 'released');
      if (trip.id === removed.id) {
        expect(detail.status).toBe('approved');
        expect(live).toHaveLength(0);
        continue;
      }
      expect(detail.status).toBe('dispatched');
      const planned = adjusted.routes.filter((r) => r.stops.some((x) => x.tripId === trip.id));
      expect(live.map((a) => [a.vehicleId, a.driverId])).toEqual(planned.map((r) => [r.vehicleId, r.driverId]));
    }
    const applied = dayPlanSchema.parse((await zhang.get(`/api/dispatch/day-plans/${adjusted.id}`)).body);
    expect(applied.status).toBe('applied');
    expect(applied.edits).toHaveLength(2);
    for (const trip of trips) {
      const result = applied.applied?.find((r) => r.tripId === trip.id);
      if (trip.id === removed.id) expect(result?.dispatched ?? false).toBe(false);
      else expect(result?.dispatched).toBe(true);
    }
  }, 300_000);
});
