import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { quotaImportColumns, vehicleImportColumns } from '@shared/fleet/lifecycle.schemas';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { seedUnitId } from '../helpers/seed-lookup';
import { VehicleEntity, VehicleQuotaEntity } from '../../server/src/modules/fleet/fleet.entity';
import { VehicleStandardEntity } from '../../server/src/modules/fleet/lifecycle.entity';

/**
 * #17 in the H5 build, the administrators' Excel and standards pages: the province's 主管部门 周明 downloads
 * the 编制 template and imports a sheet (refused whole with its bad rows listed, then accepted); 发改委's
 * fleet admin 赵磊 imports vehicles from a real .xlsx and sees which rows failed and why; the platform
 * admin 陈静 edits a vehicle standard and a lodging standard, with Chinese messages for what is wrong.
 */
const WAIT = { timeout: 30_000 };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(header: readonly string[], rows: Array<Array<string | number>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow([...header]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel imports and standards in the administrators\' pages (H5 build)', () => {
  const app = browserApp();
  const shot = (page: Page, name: string, stretch?: string) => pageShot(page, `fleet-admin-${name}`, stretch ? { stretch } : { top: true });
  const go = (page: Page, route: string) => page.goto(`${app.baseUrl}/#${route}`);
  const fill = (page: Page, hook: string, value: string) => page.locator(`.${hook} input, .${hook} textarea`).first().fill(value);

  /** Clicks the import button and hands the file chooser it opens a workbook made here. */
  async function upload(page: Page, hook: string, name: string, buffer: Buffer): Promise<void> {
    const chooser = page.waitForEvent('filechooser', WAIT);
    await page.locator(`.${hook}-upload`).click();
    await (await chooser).setFiles({ name, mimeType: XLSX, buffer });
  }

  it('when the 主管部门 imports 编制 with bad rows, then none is written and each bad row is shown; the corrected sheet is written', async () => {
    const zhou = await app.signIn('周明');
    await zhou.locator('.home-tile-quotas').click();
    await zhou.locator('.quota-import').waitFor(WAIT);

    // The template comes down as a workbook with the sheet's columns.
    const download = zhou.waitForEvent('download', WAIT);
    await zhou.locator('.quota-import-template').click();
    const file = await (await download).path();
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.readFile(file!);
    expect((tpl.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([...quotaImportColumns]);

    const bad = await workbook(quotaImportColumns, [
      ['河北省发展和改革委员会', '一般公务用车', 12],
      ['河北省妇女联合会', '公务摩托', 1],
      ['河北省发展和改革委员会', '一般公务用车', 8],
      ['河北省不存在厅', '应急保障用车', 1],
    ]);
    await upload(zhou, 'quota-import', '编制-有误.xlsx', bad);
    await zhou.locator('.quota-import-summary').filter({ hasText: '未写入任何编制：3 行有误' }).waitFor(WAIT);
    await zhou.locator('.quota-import-row-3').filter({ hasText: '车辆类别「公务摩托」' }).waitFor(WAIT);
    await zhou.locator('.quota-import-row-4').filter({ hasText: '与第 2 行重复' }).waitFor(WAIT);
    await zhou.locator('.quota-import-row-5').filter({ hasText: '没有名为「河北省不存在厅」的单位' }).waitFor(WAIT);
    await shot(zhou, '01-quota-import-refused', '.fleet-registry');
    const ndrc = await seedUnitId(app.t, '河北省发展和改革委员会');
    const general = () => app.t.deps.db.manager.findOneBy(VehicleQuotaEntity, { unitId: ndrc, category: 'general' });
    expect((await general())!.quota).toBe(4);

    await upload(zhou, 'quota-import', '编制.xlsx', await workbook(quotaImportColumns, [['河北省发展和改革委员会', '一般公务用车', 12], ['河北省妇女联合会', '一般公务用车', 2]]));
    await zhou.locator('.quota-import-summary').filter({ hasText: '已写入 2 行编制' }).waitFor(WAIT);
    await zhou.locator(`.quota-${ndrc}-general`).filter({ hasText: '编制 12' }).waitFor(WAIT);
    await shot(zhou, '02-quota-import-written', '.fleet-registry');
    expect((await general())!.quota).toBe(12);
  }, 240_000);

  // 发改委's 一般公务用车 编制 was raised to 12 by the import above, so the good rows fit.
  it('when the fleet admin uploads a vehicle sheet with bad rows, then the good rows are registered and each bad row says why in Chinese', async () => {
    const zhao = await app.signIn('赵磊');
    await zhao.locator('.home-tile-fleet-vehicles').click();
    await zhao.locator('.vehicle-import').waitFor(WAIT);
    await shot(zhao, '03-vehicle-import-card', '.fleet-vehicles');
    const row = (plate: string, vin: string, energy = '纯电', category = '一般公务用车') =>
      [plate, vin, '比亚迪 秦 PLUS EV', energy, '', 149800, 5, category, '购置', '2025-06-01', '', '2027-05-31', '2027-06-30'];
    const sheet = await workbook(vehicleImportColumns, [
      row('冀A7E001', 'LFV3A21K0E0000001'),
      row('冀A7E002', 'LFV3A21K0E0000002', '柴油'),
      row('冀A00101', 'LFV3A21K0E0000003'),
      row('冀A7E004', 'LFV3A21K0E0000004'),
      row('冀A7E005', 'LFV3A21K0E0000005', '纯电', '公务飞机'),
    ]);
    await upload(zhao, 'vehicle-import', '车辆-十一月.xlsx', sheet);
    await zhao.locator('.vehicle-import-summary').filter({ hasText: '已导入 2 辆，3 行未导入' }).waitFor(WAIT);
    await zhao.locator('.vehicle-import-row-3').filter({ hasText: '能源类型「柴油」' }).waitFor(WAIT);
    await zhao.locator('.vehicle-import-row-4').filter({ hasText: '已登记在车辆' }).waitFor(WAIT);
    await zhao.locator('.vehicle-import-row-6').filter({ hasText: '车辆类别「公务飞机」' }).waitFor(WAIT);
    await zhao.locator('.vehicle-import-file').filter({ hasText: '车辆-十一月.xlsx' }).waitFor(WAIT);
    await shot(zhao, '04-vehicle-import-result', '.fleet-vehicles');
    const written = await app.t.deps.db.manager.find(VehicleEntity, { where: [{ plate: '冀A7E001' }, { plate: '冀A7E004' }, { plate: '冀A7E002' }, { plate: '冀A7E005' }] });
    expect(written.map((v) => v.plate).sort()).toEqual(['冀A7E001', '冀A7E004']);
  }, 240_000);

  it('when the platform admin edits a vehicle standard and a lodging standard, then a wrong value is named in Chinese and a right one is saved', async () => {
    const chen = await app.signIn('陈静');
    await go(chen, '/packages/admin/index/index?view=standards');
    await chen.locator('.standard-edit-general').click();
    await fill(chen, 'input-std-age', '0');
    await fill(chen, 'input-std-price', '');
    await chen.locator('.standard-submit').click();
    await chen.locator('.standard-error').filter({ hasText: '更新年限：不能小于 1' }).waitFor(WAIT);
    await chen.locator('.field-error-std-price').waitFor(WAIT);
    await shot(chen, '05-standard-refused', '.admin-page');
    await fill(chen, 'input-std-age', '10');
    await fill(chen, 'input-std-price', '200000');
    await fill(chen, 'input-std-source-price', '冀机管〔2026〕12号 公务用车配备标准');
    await chen.locator('.standard-submit').click();
    await chen.locator('.standard-saved').filter({ hasText: '一般公务用车' }).waitFor(WAIT);
    await chen.locator('.standard-general .standard-summary').filter({ hasText: '满 10 年' }).waitFor(WAIT);
    await shot(chen, '06-standard-saved', '.admin-page');
    const std = await app.t.deps.db.manager.findOneByOrFail(VehicleStandardEntity, { category: 'general' });
    expect(std).toMatchObject({ renewalAgeYears: 10, priceCapFen: 20_000_000 });
    expect(JSON.parse(std.sourcesJson).price).toBe('冀机管〔2026〕12号 公务用车配备标准');

    await chen.locator('.admin-view-tab-travel').click();
    await chen.locator('.lodging-13-other').click();
    await fill(chen, 'input-lodging-cap', '');
    await fill(chen, 'input-lodging-peak-from', '7月1日');
    await chen.locator('.lodging-submit').click();
    await chen.locator('.lodging-error').waitFor(WAIT);
    await chen.locator('.field-error-lodging-peak-from').filter({ hasText: '旺季日期格式应为 07-01' }).waitFor(WAIT);
    await shot(chen, '07-lodging-refused', '.admin-page');
    await fill(chen, 'input-lodging-cap', '380');
    await fill(chen, 'input-lodging-peak-from', '');
    await chen.locator('.lodging-submit').click();
    await chen.locator('.travel-saved').filter({ hasText: '其他人员的住宿标准' }).waitFor(WAIT);
    await chen.locator('.lodging-13-other').filter({ hasText: '380' }).waitFor(WAIT);
    await shot(chen, '08-lodging-saved', '.admin-page');
  }, 240_000);
});
