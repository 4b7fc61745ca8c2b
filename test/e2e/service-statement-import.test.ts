import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { serviceImportColumns } from '@shared/fleet/service-records.schemas';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { seedUnitId } from '../helpers/seed-lookup';
import { BillableOrderEntity } from '../../server/src/modules/settlement/settlement.entity';
import { ServiceRecordEntity } from '../../server/src/modules/fleet/service-record.entity';

/**
 * #17 item 6 in the H5 build: the designated fuel station's operator 韦强 downloads the statement template
 * from 三定记录, uploads November's statement with bad rows (refused whole, each bad cell listed by row
 * and column), then the corrected one (written and billed), then the same file again (skipped, billed once).
 */
const WAIT = { timeout: 30_000 };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function statement(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('加油充电对账单');
  ws.addRow([...serviceImportColumns.fuel]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('三定 statement import on the operator\'s page (H5 build)', () => {
  const app = browserApp();
  const shot = (page: Page, name: string) => pageShot(page, `service-statement-${name}`, { stretch: '.service-records' });

  async function upload(page: Page, name: string, buffer: Buffer): Promise<void> {
    const chooser = page.waitForEvent('filechooser', WAIT);
    await page.locator('.statement-import-upload').click();
    await (await chooser).setFiles({ name, mimeType: XLSX, buffer });
  }

  const good = [
    ['冀A00101', '2026-11-05 08:30', 'JY202611050001', '汽油', 45.5, 350, '挂账月结', 86300, ''],
    ['冀A00102', '2026-11-06 17:45', 'JY202611060002', '汽油', 38, 291.6, '', '', ''],
    ['冀AD00103', '2026-11-07 14:10', 'JY202611070003', '充电', 42.3, 50.76, '挂账月结', '', ''],
    ['冀A00104', '2026-11-08 09:00', 'JY202611080004', '柴油', 30, 210, '现场已付', '', '加油卡'],
  ];

  it('when the fuel station uploads a statement with bad rows, then nothing is written and each bad cell is shown; the corrected one is written, and sent again bills nothing twice', async () => {
    const fuel = await seedUnitId(app.t, '中石化河北石家庄石油分公司');
    const counts = async () => ({
      records: await app.t.deps.db.manager.count(ServiceRecordEntity, { where: { enterpriseId: fuel } }),
      orders: await app.t.deps.db.manager.count(BillableOrderEntity, { where: { companyId: fuel } }),
    });
    const before = await counts();
    const wei = await app.signIn('韦强');
    await wei.locator('.home-tile-service-records').click();
    await wei.locator('.statement-import').waitFor(WAIT);

    const download = wei.waitForEvent('download', WAIT);
    await wei.locator('.statement-import-template').click();
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.readFile((await (await download).path())!);
    expect((tpl.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([...serviceImportColumns.fuel]);

    await upload(wei, '11月对账单-有误.xlsx', await statement([
      good[0]!,
      ['冀A99999', '2026-11-05 09:00', 'JY202611050009', '汽油', 20, 150, '', '', ''],
      ['冀A00102', '2026-11-31 10:00', 'JY202611050010', '煤油', 20, 150, '', '', ''],
      good[1]!,
      ['冀A00101', '2026-11-09 11:00', 'JY202611050001', '汽油', 10, 80, '', '', ''],
    ]));
    await wei.locator('.statement-import-summary').filter({ hasText: '未写入任何记录：3 行有误' }).waitFor(WAIT);
    await wei.locator('.statement-import-row-3').filter({ hasText: '冀A99999 · 车牌号' }).filter({ hasText: '未在平台登记' }).waitFor(WAIT);
    await wei.locator('.statement-import-row-4').filter({ hasText: '「煤油」应为 汽油、柴油、充电 之一' }).waitFor(WAIT);
    await wei.locator('.statement-import-row-4').filter({ hasText: '交易时间' }).filter({ hasText: '没有这一天' }).waitFor(WAIT);
    await wei.locator('.statement-import-row-6').filter({ hasText: '与第 2 行重复' }).waitFor(WAIT);
    await shot(wei, '01-refused');
    await app.t.deps.events.drain();
    expect(await counts()).toEqual(before);

    await upload(wei, '11月对账单.xlsx', await statement(good));
    await wei.locator('.statement-import-summary').filter({ hasText: '已导入 4 条记录，合计 ¥902.36，其中挂账月结 ¥692.36' }).waitFor(WAIT);
    await wei.locator('.life-record').filter({ hasText: '冀A·00101' }).filter({ hasText: '¥350.00' }).waitFor(WAIT);
    await shot(wei, '02-written');
    await app.t.deps.events.drain();
    expect(await counts()).toEqual({ records: before.records + 4, orders: before.orders + 3 });

    await upload(wei, '11月对账单.xlsx', await statement(good));
    await wei.locator('.statement-import-summary').filter({ hasText: '对账单中的 4 条记录此前均已导入（第 2、3、4、5 行），本次未写入，未重复计费' }).waitFor(WAIT);
    await shot(wei, '03-skipped');
    await app.t.deps.events.drain();
    expect(await counts()).toEqual({ records: before.records + 4, orders: before.orders + 3 });
  }, 240_000);
});
