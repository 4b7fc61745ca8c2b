import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { seedUnitId, seedVehicleId } from '../helpers/seed-lookup';
import { solidPng } from '../helpers/png';
import { as } from '../helpers/trips';
import { warningStatuses } from '../../shared/src/supervision/supervision.schemas';
import { thisMonthShanghai } from '../helpers/supervision';

const WAIT = { timeout: 30_000 };

/**
 * 监管 on the H5 build (#18), over the demo seed's month of trips and warnings: the city supervisor of
 * 石家庄 opens the dashboard, drills down to 长安区 and to 长安区人民政府办公室, exports Appendix A (read
 * back, its 合计 row is the pool's); a speeding alarm of the unit's 冀A00109 goes through its loop —
 * the unit's fleet admin 何勇 checks it and appeals with a photo, 吴芳 dismisses the appeal and
 * publishes it, and 何勇 finds it among the notices.
 */
describe('supervision in the browser (H5 build, demo month)', () => {
  const app = browserApp({ SEED_DEMO_TRIPS: 'true', SEED_DEMO_SUPERVISION: 'true' });
  const shot = (page: Page, name: string, stretch?: string) => pageShot(page, `supervision-${name}`, stretch ? { stretch } : { top: true });
  let warningId: number;
  let caGov: number;

  beforeAll(async () => {
    const t = app.t;
    caGov = await seedUnitId(t, '长安区人民政府办公室');
    // The terminal of 长安区's 冀A00109 raises the speeding bit (JT/T 808 bit1): the engine raises 超速行驶.
    const vehicleId = await seedVehicleId(t, '冀A00109');
    await t.deps.supervision.engine.onAlarm(990_001, { vehicleId, bits: [1], at: new Date().toISOString(), lat: 38.0512, lng: 114.5361 });
    const he = await as(t, '何勇');
    const list = await he.get('/api/supervision/warnings?kind=speeding&status=open');
    warningId = (list.body.items as Array<{ id: number; plate: string }>).find((w) => w.plate === '冀A·00109')!.id;
  }, 60_000);

  it('when the demo month is seeded, then warnings stand in every state of the loop', async () => {
    const zhou = await as(app.t, '周明');
    for (const status of warningStatuses) {
      const res = await zhou.get(`/api/supervision/warnings?status=${status}`);
      expect([status, res.body.total]).toEqual([status, expect.any(Number)]);
      expect(res.body.total).toBeGreaterThan(0);
    }
  });

  it('when the city supervisor opens the dashboard and drills down to a county and a unit, then each level shows its figures, and Appendix A exports the pool\'s totals', async () => {
    const page = await app.signIn('吴芳');
    await page.locator('.home-tile-supervision').click();
    await page.waitForURL(/packages\/supervision\/index/, WAIT);
    await page.locator('.dashboard-region-130100').waitFor(WAIT);
    await page.locator('.dashboard-title').filter({ hasText: '石家庄市' }).waitFor(WAIT);
    // The chart (F2 on a canvas) has drawn its bars; the map shows 长安区.
    await page.locator('.bar-chart-canvas[data-drawn]').waitFor(WAIT);
    await page.locator('.region-dot-130102').waitFor(WAIT);
    const pool = (await (await as(app.t, '吴芳')).get(`/api/supervision/pool?period=${thisMonthShanghai()}`)).body;
    expect(await page.locator('.figure-vehicles .pool-figure-value').innerText()).toBe(String(pool.region.vehicles));
    expect(await page.locator('.figure-warnings .pool-figure-value').innerText()).toBe(String(pool.region.warnings));
    await shot(page, '01-city-dashboard', '.supervision-page');

    // Appendix A for 石家庄市 this month: the workbook's 合计 row has the pool's vehicles, terminals, trips and warnings.
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.locator('.appendix-a-export').click()]);
    expect(download.suggestedFilename()).toBe(`附录A-纳入信息化平台管理情况统计表-石家庄市-${thisMonthShanghai()}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(fs.readFileSync(await download.path())).buffer);
    const ws = wb.getWorksheet('附录A')!;
    const header = (ws.getRow(3).values as unknown[]).map((v) => String(v ?? ''));
    let total: ExcelJS.Row | null = null;
    ws.eachRow((row) => { if (String(row.getCell(1).value) === '合计') total = row; });
    expect(total).not.toBeNull();
    const col = (name: string) => Number((total as unknown as ExcelJS.Row).getCell(header.indexOf(name)).value);
    expect([col('实有车辆合计'), col('安装终端数'), col('本期出车次数'), col('本期预警数')]).toEqual([pool.region.vehicles, pool.region.withTerminal, pool.region.trips, pool.region.warnings]);

    await page.locator('.pool-row-130102').click();
    await page.locator('.dashboard-region-130102').waitFor(WAIT);
    await page.locator('.crumb-130102.is-current').waitFor(WAIT);
    await page.locator(`.pool-row-unit-${caGov}`).waitFor(WAIT);
    await shot(page, '02-county', '.supervision-page');

    await page.locator(`.pool-row-unit-${caGov}`).click();
    await page.locator(`.dashboard-unit-${caGov}`).waitFor(WAIT);
    await page.locator('.dashboard-title').filter({ hasText: '长安区人民政府办公室' }).waitFor(WAIT);
    await page.locator(`.ranking-unit-${caGov}`).waitFor(WAIT);
    await page.locator(`.warning-${warningId}`).waitFor(WAIT);
    await shot(page, '03-unit', '.supervision-page');
  }, 180_000);

  it('when the unit\'s fleet admin checks and appeals with a photo and the city supervisor dismisses and publishes, then the warning walks its loop and the unit sees the notice', async () => {
    const he = await app.signIn('何勇');
    await he.goto(`${app.baseUrl}/#/packages/supervision/index/index?view=warnings`);
    const card = he.locator(`.warning-${warningId}`);
    await card.filter({ hasText: '待核查' }).waitFor(WAIT);
    await card.locator('.warning-grade').waitFor(WAIT);
    await shot(he, '04-unit-warnings');
    await card.click();
    await he.waitForURL(/supervision\/warning\/index/, WAIT);
    await he.locator('.warning-source').filter({ hasText: 'JT/T 808' }).waitFor(WAIT);

    // 核查: an empty note is refused at the field, by the shared schema.
    await he.locator('.warning-step-check').click();
    await he.locator('.warning-submit').click();
    await he.locator('.field-error-warning-note').waitFor(WAIT);
    await he.locator('.input-warning-note textarea').fill('经核查，该车当时在执行应急送检任务');
    await he.locator('.warning-submit').click();
    await he.locator('.warning-status').filter({ hasText: '已核查' }).waitFor(WAIT);

    // 申诉 with a photo of the approval slip (the browser's file chooser stands in for the camera).
    await he.locator('.warning-step-appeal').click();
    await he.locator('.input-warning-note textarea').fill('该车执行应急送检任务，有单位负责人签批的审批单');
    const chooser = he.waitForEvent('filechooser', WAIT);
    await he.locator('.evidence-add').click();
    await (await chooser).setFiles({ name: 'approval.png', mimeType: 'image/png', buffer: solidPng(160, 120, [230, 120, 40]) });
    await he.locator('.warning-form .evidence-thumb').waitFor(WAIT);
    await shot(he, '05-appeal-form', '.warning-page');
    await he.locator('.warning-submit').click();
    await he.locator('.warning-status').filter({ hasText: '申诉中' }).waitFor(WAIT);
    await he.locator('.warning-action-appeal .evidence-thumb').waitFor(WAIT);
    // The evidence shows: its signed link answers with the image.
    const src = await he.locator('.warning-action-appeal .evidence-thumb img').first().getAttribute('src');
    expect((await he.request.get(new URL(src!, app.baseUrl).href)).headers()['content-type']).toBe('image/png');
    await shot(he, '06-appealed', '.warning-page');

    const wu = await app.signIn('吴芳');
    await wu.goto(`${app.baseUrl}/#/packages/supervision/warning/index?id=${warningId}`);
    await wu.locator('.warning-status').filter({ hasText: '申诉中' }).waitFor(WAIT);
    await wu.locator('.warning-step-dismiss').click();
    await wu.locator('.input-warning-note textarea').fill('审批单签批时间晚于出车时间，申诉不成立');
    await wu.locator('.warning-submit').click();
    await wu.locator('.warning-status').filter({ hasText: '已处理' }).waitFor(WAIT);
    await wu.locator('.warning-step-publish').click();
    await wu.locator('.input-warning-note textarea').fill('超速行驶，申诉不成立，予以通报');
    await wu.locator('.warning-submit').click();
    await wu.locator('.warning-status').filter({ hasText: '已通报' }).waitFor(WAIT);
    await wu.locator('.loop-step-publish.is-done').waitFor(WAIT);
    for (const action of ['raise', 'check', 'appeal', 'dismiss', 'publish']) await wu.locator(`.warning-action-${action}`).waitFor(WAIT);
    await shot(wu, '07-published', '.warning-page');

    await he.goto(`${app.baseUrl}/#/packages/supervision/index/index?view=warnings`);
    await he.reload();
    await he.locator(`.notices-card .notice-${warningId}`).waitFor(WAIT);
    await he.locator('.warning-tab-published').click();
    await he.locator(`.warning-${warningId}`).filter({ hasText: '已通报' }).waitFor(WAIT);
    await shot(he, '08-unit-notice');
  }, 180_000);
});
