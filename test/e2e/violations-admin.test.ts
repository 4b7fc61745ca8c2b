import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/test-deps';
import { listen } from '../helpers/http-server';
import { launchBrowser, newPhonePage, pageShot, signInDemo } from '../helpers/browser';
import { tripOutAndBack } from '../helpers/trips';
import { ManualClock } from '../../server/src/platform/clock';
import { VehicleEntity } from '../../server/src/modules/fleet/fleet.entity';
import { addShanghaiDays, shanghaiDate, shanghaiInstant, shanghaiTime } from '@shared/common/time';

const WAIT = { timeout: 30_000 };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * 违章管理 in the browser (#21 item 3, H5 build against the real app): a unit car went out on an
 * official trip 09:00–11:00 (as its driver recorded it). The car's fleet admin imports the traffic
 * police's sheet: a violation at 10:00 matches the trip, one at 11:30 matches nothing and stands out
 * on the 待指派 tab, a row with a bad plate is refused with its reason. The admin opens the unmatched
 * one, is offered the car's trip that day, and assigns it; the driver then finds it in 我的违章.
 */
describe('违章管理 of a fleet admin in the browser (H5 build)', () => {
  let t: TestApp;
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  const day = addShanghaiDays(new Date(), 1);
  const clock = new ManualClock(shanghaiInstant(day, '07:30'));
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    server = await listen(t);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const shot = (page: Page, name: string, stretch: string) => pageShot(page, `violations-admin-${name}`, { stretch });
  const when = (hhmm: string) => { const at = shanghaiInstant(day, hhmm); return `${shanghaiDate(at)} ${shanghaiTime(at)}`; };

  it('when the fleet admin imports the sheet, then the unmatched violation stands out and is assigned to the trip that had the car, and its driver sees it', async () => {
    const { tripId, assignment: a, driver } = await tripOutAndBack(t, clock, day, '09:00', '11:00', '赴省政府汇报（违章）');
    clock.set(shanghaiInstant(day, '16:00'));
    const v = await t.deps.db.manager.findOneByOrFail(VehicleEntity, { id: a.vehicleId });
    const [adminId] = await t.deps.identity.usersWithRole(v.ownerUnitId, 'fleet_admin');
    const [admin] = await t.deps.identity.usersByIds([adminId!]);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('违章明细');
    ws.addRow(['决定书编号', '号牌号码', '违法时间', '违法地点', '违法行为', '违法代码', '罚款金额(元)', '记分', '经度', '纬度']);
    ws.addRow(['130102202612100001', v.plate, when('10:00'), '石家庄市长安区中山东路与建设大街交叉口', '机动车违反禁止标线指示的', '1345', '200', '3', '', '']);
    ws.addRow(['130102202612100002', v.plate, when('11:30'), '石家庄市桥西区中华南大街', '机动车违反规定停放、临时停车', '1039', '150', '0', '', '']);
    ws.addRow(['130102202612100003', '京X', when('12:00'), '石家庄市新华区', '超速', '1352', '200', '3', '', '']);
    const sheet = Buffer.from(await wb.xlsx.writeBuffer());

    const { context, page } = await newPhonePage(browser);
    try {
      await signInDemo(page, server.baseUrl, admin!.id, admin!.name);
      await page.locator('.home-tile-violations').click();
      await page.waitForURL(/packages\/violations\/index\/index\?view=unit/, WAIT);
      await page.locator('.violation-import').waitFor(WAIT);
      const chooser = page.waitForEvent('filechooser', WAIT);
      await page.locator('.violation-import-upload').click();
      await (await chooser).setFiles({ name: '违章明细.xlsx', mimeType: XLSX, buffer: sheet });
      const summary = page.locator('.violation-import-summary');
      await summary.waitFor(WAIT);
      expect(await summary.innerText()).toBe('导入 2 条（匹配 1 条，待指派 1 条），1 行未导入');
      expect(await page.locator('.violation-import-row-4').innerText()).toContain('号牌号码「京X」格式不正确');

      // The 待指派 tab comes first: only the 11:30 one, marked.
      const loose = page.locator('.violation-card.violation-unmatched');
      await loose.waitFor(WAIT);
      expect(await page.locator('.violation-card').count()).toBe(1);
      expect(await loose.innerText()).toMatch(/机动车违反规定停放、临时停车[\s\S]*罚款 ¥150\.00 · 记 0 分[\s\S]*待指派：违法时该车没有出车中的派车任务/);
      await shot(page, '1-imported-unmatched', '.violations-unit');
      await page.locator('.violation-tab-all').click();
      await page.locator('.violation-card.violation-matched').waitFor(WAIT);
      expect(await page.locator('.violation-card.violation-matched').innerText()).toContain(`公务行程 ${tripId} · 驾驶人 ${a.driverName}`);
      await shot(page, '2-all', '.violations-unit');

      await page.locator('.violation-card.violation-unmatched').click();
      await page.waitForURL(/packages\/violations\/detail\/index\?id=\d+/, WAIT);
      const candidate = page.locator(`.violation-candidate-${a.id}`);
      await candidate.waitFor(WAIT);
      expect(await candidate.innerText()).toMatch(new RegExp(`行程 ${tripId} · 驾驶员 ${a.driverName}[\\s\\S]*出车 .*09:00 · 回场 .*11:00`));
      // Without a note the form says what is missing.
      await page.locator('.violation-assign-submit').click();
      expect(await page.locator('.violation-assign-error').innerText()).toBe('请填写至少 2 个字的说明');
      await page.locator('.input-violation-note textarea, textarea.input-violation-note').first().fill('回场登记早于实际还车时间，经核实为本次出车');
      // A corrected note drops the old message.
      expect(await page.locator('.violation-assign-error').count()).toBe(0);
      await shot(page, '3-assign-form', '.violation-page');
      await page.locator('.violation-assign-submit').click();
      await page.locator('.violation-status-assigned').waitFor(WAIT);
      expect(await page.locator('.violation-match').innerText()).toContain(`公务行程 ${tripId}`);
      expect(await page.locator('.violation-person').innerText()).toContain(a.driverName);
      expect(await page.locator('.violation-assign-card').count()).toBe(0);
      expect(await page.locator('.violation-assign-error').count()).toBe(0);
      // Only for the picture: Taro's 已指派 toast lasts 1.5 s.
      await page.waitForTimeout(1800);
      await shot(page, '4-assigned', '.violation-page');
    } finally {
      await context.close();
    }

    const mine = await newPhonePage(browser);
    try {
      await signInDemo(mine.page, server.baseUrl, driver.userId, a.driverName);
      await mine.page.locator('.home-tile-my-violations').click();
      await mine.page.locator('.violation-card').first().waitFor(WAIT);
      expect(await mine.page.locator('.violation-card').count()).toBe(2);
      expect(await mine.page.locator('.violation-card.violation-assigned').innerText()).toMatch(/机动车违反规定停放[\s\S]*公务行程/);
      await shot(mine.page, '5-driver-mine', '.violations-mine');
    } finally {
      await mine.context.close();
    }
  }, 240_000);
});
