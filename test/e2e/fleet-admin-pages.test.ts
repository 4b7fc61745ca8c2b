import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { quotaImportColumns, vehicleImportColumns } from '@shared/fleet/lifecycle.schemas';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { seedUnitId, seedVehicleId } from '../helpers/seed-lookup';
import { approvedTrip, as, tripBody } from '../helpers/trips';
import { addShanghaiDays } from '@shared/common/time';
import { DriverEntity, VehicleEntity, VehicleQuotaEntity } from '../../server/src/modules/fleet/fleet.entity';
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
    const std = await app.t.deps.db.manager.findOneByOrFail(VehicleStandardEntity, { fleetKind: 'organ', category: 'general' });
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

  it('when the fleet admin opens a car that has been out, refuelled and insured, then its page shows the trip and mileage, its warnings, 三定 records and documents with their expiry', async () => {
    const vid = await seedVehicleId(app.t, '冀A00104'); // 发改委's 别克 GL8, 65,400 km
    const [wang, li, zhang, liu, wei, jiang] = await Promise.all(['王建国', '李秀英', '张伟', '刘强', '韦强', '蒋敏'].map((n) => as(app.t, n)));
    const ok = async <T extends { status: number; body: unknown }>(res: PromiseLike<T>): Promise<T> => {
      const r = await res;
      if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return r;
    };
    // Through the API, as the applicant, approver, dispatcher, driver and the 三定 enterprises would in their own pages.
    const driverId = (await app.t.deps.db.manager.findOneByOrFail(DriverEntity, { name: '刘强' })).id;
    const tripId = await approvedTrip(wang, [li], tripBody({ purpose: '赴保定市调研京雄产业项目' }, { daysAhead: 1 }));
    await ok(zhang.post(`/api/dispatch/trips/${tripId}`, { picks: [{ vehicleId: vid, driverId }] }));
    const assignmentId = (await wang.get(`/api/trips/${tripId}`)).body.assignments[0].id as number;
    await ok(liu.post(`/api/assignments/${assignmentId}/accept`));
    await ok(liu.post(`/api/assignments/${assignmentId}/depart`, { odometerKm: 65_400 }));
    await ok(liu.post(`/api/assignments/${assignmentId}/return`, { odometerKm: 65_712, fuelFen: 0, tollFen: 4500, parkingFen: 0, otherFen: 0 }));
    const today = addShanghaiDays(new Date(), 0);
    await ok(wei.post('/api/service-records', { kind: 'fuel', plate: '冀A00104', occurredOn: today, amountFen: 38_600, energy: 'gasoline', quantity: 45.2, odometerKm: 65_712 }));
    await ok(jiang.post('/api/service-records', {
      kind: 'insurance', plate: '冀A00104', occurredOn: today, amountFen: 520_000, policyNo: 'PDAA2026130100001234', coverage: '交强险、商业险（三者 200 万）',
      coverFrom: addShanghaiDays(new Date(), -355), coverTo: addShanghaiDays(new Date(), 10),
    }));
    await app.t.deps.supervision.engine.checkExpiries();

    const zhao = await app.signIn('赵磊');
    await go(zhao, `/packages/fleet/detail/index?id=${vid}`);
    await zhao.locator(`.life-trip-${tripId}`).filter({ hasText: '赴保定市调研京雄产业项目' }).waitFor(WAIT);
    await zhao.locator(`.life-trip-${tripId}`).filter({ hasText: '驾驶员 刘强' }).filter({ hasText: '行驶 312 公里' }).waitFor(WAIT);
    await zhao.locator('.life-month-km').filter({ hasText: '312 公里' }).waitFor(WAIT);
    await zhao.locator('.life-year-km').filter({ hasText: '312 公里' }).waitFor(WAIT);
    await zhao.locator('.life-odometer').filter({ hasText: '65,712 公里' }).waitFor(WAIT);
    await zhao.locator('.life-warnings .life-warning').filter({ hasText: '保险' }).first().waitFor(WAIT);
    await zhao.locator('.life-document-policy').filter({ hasText: 'PDAA2026130100001234' }).filter({ hasText: '10 天后到期' }).waitFor(WAIT);
    await zhao.locator('.life-document-insurance.is-soon').waitFor(WAIT);
    await zhao.locator('.life-record').filter({ hasText: '加油充电' }).waitFor(WAIT);
    await shot(zhao, '09-vehicle-page', '.vehicle-detail');
  }, 240_000);
});
