import type { Page } from 'playwright-core';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { as } from '../helpers/trips';
import { tripBody } from '../helpers/trips';
import { gcj02ToWgs84 } from '../../shared/src/common/coords';
import type { PositionReport } from '../../server/src/modules/supervision/position-stream';

const WAIT = { timeout: 30_000 };

/**
 * Trips that supervise themselves in the browser (#21 item 4): 长安区's dispatched car stands 20
 * minutes at 河北会议中心宾馆 (a listed hotel) during its trip, fed through the warnings engine's position
 * input; the county's read-only 纪检 account 沈洁 finds the 敏感场所停留 warning on the 监管看板 and reads
 * it (no step of the loop offered to her), and the unit's fleet admin 何勇 finds it among his warnings.
 */
describe('trips that supervise themselves in the browser (H5 build)', () => {
  const app = browserApp();
  const shot = (page: Page, name: string, stretch?: string) => pageShot(page, `self-supervision-${name}`, stretch ? { stretch } : { top: true });
  let warningId: number;
  let tripId: number;

  beforeAll(async () => {
    const t = app.t;
    const he = await as(t, '何勇');
    const ma = await as(t, '马超');
    const em = await he.post('/api/dispatch/emergency', tripBody({ purpose: '赴省政府报送防汛材料' }, { daysAhead: 1, hour: 9, hours: 3 }));
    expect(em.status).toBe(201);
    const a = em.body.trip.assignments[0];
    tripId = em.body.trip.id;
    expect((await ma.post(`/api/assignments/${a.id}/accept`)).status).toBe(200);
    expect((await ma.post(`/api/assignments/${a.id}/depart`, { odometerKm: 80_000 })).status).toBe(200);
    // 40 minutes into the trip the car pulls up at the hotel and stands there 20 minutes, reporting every 30 s.
    const hotel = gcj02ToWgs84({ lat: 38.0604, lng: 114.5274 });
    const t0 = Date.parse(em.body.trip.startAt) + 40 * 60_000;
    const reports: PositionReport[] = [];
    for (let s = 0; s <= 20 * 60; s += 30) reports.push({ vehicleId: a.vehicleId, atMs: t0 + s * 1000, speedKmh: 0, alarmWord: 0, lat: hotel.lat, lng: hotel.lng + 0.0002 });
    const raised = await (await t.deps.supervision.engine.watchingRules()).evaluate(reports);
    expect(raised.map((w) => w.kind)).toEqual(['sensitive_dwell']);
    warningId = raised[0]!.id;
  }, 60_000);

  it('when the county 纪检 account opens the 监管看板, then the dwell warning shows among the region\'s warnings, read-only', async () => {
    const page = await app.signIn('沈洁');
    await page.locator('.home-tile-supervision').click();
    await page.waitForURL(/packages\/supervision\/index/, WAIT);
    await page.locator('.dashboard-region-130102').waitFor(WAIT);
    await page.locator('.read-only-tag').filter({ hasText: '纪检监察 · 只读' }).waitFor(WAIT);
    await shot(page, '01-inspector-dashboard');
    await page.locator('.dash-tab-warnings').click();
    const card = page.locator(`.warning-${warningId}`);
    await card.filter({ hasText: '河北会议中心宾馆' }).waitFor(WAIT);
    await shot(page, '02-inspector-warnings', '.supervision-page');
    await card.click();
    await page.waitForURL(/supervision\/warning\/index/, WAIT);
    await page.locator('.warning-title').filter({ hasText: '河北会议中心宾馆' }).waitFor(WAIT);
    await page.locator('.warning-source').filter({ hasText: '八项规定' }).waitFor(WAIT);
    await page.locator('.read-only-note').waitFor(WAIT);
    await page.locator('.warning-trip-link').filter({ hasText: `行程 ${tripId}` }).waitFor(WAIT);
    expect(await page.locator('[class*="warning-step-"]').count()).toBe(0);
    await shot(page, '03-inspector-warning', '.warning-page');
  }, 120_000);

  it('when the unit\'s fleet admin opens 预警, then the same warning waits for his check', async () => {
    const page = await app.signIn('何勇');
    // 何勇 is also his unit's dispatcher and approver: his fleet-admin 预警 by its link.
    await page.goto(`${app.baseUrl}/#/packages/supervision/index/index?view=warnings`);
    const card = page.locator(`.warning-${warningId}`);
    await card.filter({ hasText: '待核查' }).waitFor(WAIT);
    await shot(page, '04-unit-warnings');
    await card.click();
    await page.locator('.warning-step-check').waitFor(WAIT);
    await page.locator('.warning-step-appeal').waitFor(WAIT);
    await shot(page, '05-unit-warning', '.warning-page');
  }, 120_000);
});
