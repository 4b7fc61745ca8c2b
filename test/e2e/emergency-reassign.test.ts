import type { Page } from 'playwright-core';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { searchAndPick } from '../helpers/place-picker';
import { seedVehicleId } from '../helpers/seed-lookup';
import { approvedTrip, as, tripBody } from '../helpers/trips';
import { DriverEntity } from '../../server/src/modules/fleet/fleet.entity';
import { TripEntity } from '../../server/src/modules/trips/trips.entity';

/**
 * Issue #14 items 5–7 on the H5 build: the dispatcher's 紧急调度 picks as many cars as the trip needs and a
 * refusal leaves nothing behind; the approver sees the 补单 marked (car sent, by whom, when); 改派 keeps
 * the driver and changes only the car.
 */
const WAIT = { timeout: 30_000 };

describe('emergency dispatch and 改派 in the browser (H5 build)', () => {
  const app = browserApp();
  const driverId = async (name: string) => (await app.t.deps.db.manager.findOneByOrFail(DriverEntity, { name })).id;
  const shot = (page: Page, name: string, stretch?: string) => pageShot(page, `emergency-${name}`, stretch ? { stretch } : { top: true });

  async function fill(page: Page, hook: string, value: string): Promise<void> {
    await page.locator(`.${hook} input, .${hook} textarea`).first().fill(value);
  }

  it('when the dispatcher picks one car for a two-car emergency, then it is refused with nothing written; with two cars both go, and the approver sees the 补单 marked', async () => {
    const zhang = await app.signIn('张伟');
    const before = await app.t.deps.db.manager.count(TripEntity);
    await zhang.goto(`${app.baseUrl}/#/packages/dispatch/emergency/index`);
    await zhang.locator('.emergency-page .trip-form-submit').waitFor(WAIT);
    await fill(zhang, 'input-purpose', '防汛抢险物资转运');
    await searchAndPick(zhang, 'destination', '省人民政府', '河北省人民政府');
    await fill(zhang, 'input-passengers', '4');
    await fill(zhang, 'input-passenger-names', '王建国、刘洋、孙晓、赵磊');
    await fill(zhang, 'input-vehicles', '2');
    await fill(zhang, 'input-seats', '4');
    await zhang.locator('.trip-form-submit').click();
    await zhang.locator('.emergency-picking .emergency-vehicles').waitFor(WAIT);

    const [car1, car2] = [await seedVehicleId(app.t, '冀A00101'), await seedVehicleId(app.t, '冀A00102')];
    const [liu, chen] = [await driverId('刘强'), await driverId('陈刚')];
    await zhang.locator(`.pick-vehicle-${car1}`).click();
    await zhang.locator(`.pick-driver-${liu}`).click();
    await zhang.locator('.emergency-submit').click();
    await zhang.locator('.emergency-error').filter({ hasText: '本行程需要 2 辆车' }).waitFor(WAIT);
    await shot(zhang, '01-one-of-two-refused');
    expect(await app.t.deps.db.manager.count(TripEntity)).toBe(before);

    await zhang.locator(`.pick-vehicle-${car2}`).click();
    await zhang.locator(`.pick-driver-${chen}`).click();
    await zhang.locator('.emergency-chosen').filter({ hasText: '第 2 辆' }).waitFor(WAIT);
    await shot(zhang, '02-two-cars-picked', '.emergency-page');
    await zhang.locator('.emergency-submit').click();
    await zhang.locator('.emergency-done').waitFor(WAIT);
    await zhang.locator('.trip-assignment-plate').filter({ hasText: '冀A·00102' }).waitFor(WAIT);
    await shot(zhang, '03-dispatched');
    expect(await app.t.deps.db.manager.count(TripEntity)).toBe(before + 1);
    const text = await zhang.locator('.emergency-done').innerText();
    expect(text).toContain('冀A·00101');
    expect(text).toContain('补单已提交审批');

    const li = await app.signIn('李秀英');
    await li.goto(`${app.baseUrl}/#/packages/approvals/index/index`);
    const card = li.locator('.approval-card').filter({ hasText: '防汛抢险物资转运' });
    await card.locator('.approval-backfill').filter({ hasText: '紧急补单·车已派出' }).waitFor(WAIT);
    await expect(card.innerText()).resolves.toContain('【紧急补单】车辆已派出：冀A·00101（刘强）、冀A·00102（陈刚），调度员 张伟');
    await shot(li, '04-approver-inbox');
    await card.click();
    await li.locator('.approval-backfill-banner').filter({ hasText: '张伟 于' }).waitFor(WAIT);
    await expect(li.locator('.approval-backfill-banner').innerText()).resolves.toMatch(/车辆已先行派出[\s\S]*张伟 于 \d{4}年\d{2}月\d{2}日 \d{2}:\d{2} 派车：冀A·0010[12]（/);
    await shot(li, '05-approval-detail-marked');
  });

  it('when the dispatcher reassigns only the car, then the trip\'s own driver is offered (not busy because of this trip) and keeps the task', async () => {
    const [wang, li, zhangApi] = await Promise.all(['王建国', '李秀英', '张伟'].map((n) => as(app.t, n)));
    const id = await approvedTrip(wang, [li], tripBody({ purpose: '赴省政府汇报工作' }, { daysAhead: 5 }));
    const [car1, car2, liu] = [await seedVehicleId(app.t, '冀A00101'), await seedVehicleId(app.t, '冀A00102'), await driverId('刘强')];
    const sent = await zhangApi.post(`/api/dispatch/trips/${id}`, { picks: [{ vehicleId: car1, driverId: liu }] });
    expect(sent.status).toBe(200);
    const assignmentId = sent.body.assignments[0].id as number;

    const zhang = await app.signIn('张伟');
    await zhang.goto(`${app.baseUrl}/#/packages/dispatch/trip/index?id=${id}`);
    await zhang.locator(`.reassign-${assignmentId}`).click();
    const driverRow = zhang.locator(`.pick-driver-${liu}`);
    await driverRow.filter({ hasText: '空闲' }).waitFor(WAIT);
    expect(await driverRow.getAttribute('class')).not.toContain('is-disabled');
    await zhang.locator(`.pick-vehicle-${car2}`).click();
    await driverRow.click();
    await fill(zhang, 'input-reassign-reason', '冀A·00101 临时保养');
    await shot(zhang, '06-reassign-car-only', '.dispatch-trip');
    await zhang.locator('.dispatch-manual-submit').click();
    await zhang.locator('.trip-assignment.assignment-status-dispatched .trip-assignment-plate').filter({ hasText: '冀A·00102' }).waitFor(WAIT);
    await expect(zhang.locator('.trip-assignment.assignment-status-dispatched .trip-assignment-driver').innerText()).resolves.toContain('刘强');
    await shot(zhang, '07-reassigned');
    const trip = (await wang.get(`/api/trips/${id}`)).body;
    expect(trip.plates).toEqual(['冀A00102']);
    expect(trip.driverNames).toEqual(['刘强']);
  });
});
