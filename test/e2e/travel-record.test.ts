import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { travelRecordSchema } from '@shared/travel/travel.schemas';
import { addShanghaiDays } from '@shared/common/time';
import { pageShot, fillField, tapElement } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { as } from '../helpers/trips';

const WAIT = { timeout: 30_000 };

const tap = tapElement;
const fill = fillField;

/**
 * #21 item 5 in the browser: 王建国 applies for 出差 (保定 by official car, back by train, a hotel and a
 * reception with its 公函); 李秀英 approves it in the approval center; from the record he books a 标准间
 * under it, attaches the hotel's invoice (the same invoice again is refused, naming the record) and the
 * 公务卡 payment, and sees the one record, each cost beside its standard; 孙丽 (finance) exports the
 * 差旅费报销单 and the workbook reads back. A screenshot per step.
 */
describe('one business-trip record from application to reimbursement (H5 build)', () => {
  const app = browserApp();

  it('when a traveller applies, books under the approved 出差, attaches an invoice and a 公务卡 payment, then the record shows them against the standards and finance exports it', async () => {
    const day = addShanghaiDays(new Date(), 3);
    const page = await app.signIn('王建国');
    await tap(page, '.home-tile-travel');
    await page.waitForURL(/packages\/travel\/index/, WAIT);
    await tap(page, '.travel-apply');
    await page.waitForURL(/packages\/travel\/apply/, WAIT);

    // 1. The application: 事由, two legs, a hotel and a reception with its 公函.
    await fill(page, 'input-travel-purpose', '赴保定调研京雄城际沿线重点项目');
    await tap(page, '.travel-add-leg');
    await page.locator('.travel-leg-form-2').waitFor(WAIT);
    await tap(page, '.travel-reception-yes');
    await fill(page, 'input-letter-from', '保定市发展和改革委员会');
    await fill(page, 'input-letter-no', '保发改函〔2026〕12号');
    await pageShot(page, 'travel-1-apply', { stretch: '.travel-apply' });
    await tap(page, '.travel-submit');
    await page.waitForURL(/packages\/travel\/detail/, WAIT);
    await page.locator('.travel-status').filter({ hasText: '审批中' }).waitFor(WAIT);
    await expect(page.locator('.travel-services .info-value').textContent()).resolves.toBe('公务用车、酒店住宿、公务接待用餐、车票机票');
    await pageShot(page, 'travel-2-applied', { top: true });
    const travelId = Number(new URL(page.url().replace('#', '')).searchParams.get('id'));
    expect(travelId).toBeGreaterThan(0);

    // 2. The approval center: 李秀英 approves the 出差.
    const li = await as(app.t, '李秀英');
    const item = (await li.get('/api/approvals?kind=travel')).body.items.find((i: { subjectId: number }) => i.subjectId === travelId);
    expect(item.title).toContain('出差：赴保定调研');
    expect((await li.post(`/api/approvals/${item.id}/decide`, { action: 'approve' })).status).toBe(200);

    // 3. Back on the record: approved; a 标准间 booked under it, within the lodging standard.
    await page.reload();
    await page.locator('.travel-status').filter({ hasText: '已批准' }).waitFor(WAIT);
    await tap(page, '.travel-book-hotel');
    await page.waitForURL(/reservations\/index/, WAIT);
    await page.locator(`.rsv-travel-${travelId}`).waitFor(WAIT);
    await expect(page.locator('.picker-hotel-check-in').textContent()).resolves.toBe(day);
    const standard = page.locator('.hotel-offer').filter({ hasText: '标准间' });
    await standard.waitFor(WAIT);
    await pageShot(page, 'travel-3-hotel-under-travel', { stretch: '.reservations-page' });
    await tap(page, '.hotel-offer:has-text("标准间") .hotel-book');
    await page.waitForURL(/reservations\/detail/, WAIT);
    await page.locator('.rsv-detail-status').filter({ hasText: '待商家确认' }).waitFor(WAIT);
    const wang = await as(app.t, '王建国');
    const reservationId = (await wang.get('/api/reservations')).body.items.find((r: { travelId: number | null }) => r.travelId === travelId).id as number;

    // 4. The hotel's invoice, for that booking; the same invoice again is refused naming the record.
    await page.goBack();
    await page.waitForURL(/reservations\/index/, WAIT);
    await page.goBack();
    await page.waitForURL(/packages\/travel\/detail/, WAIT);
    const hotelCost = page.locator(`.travel-cost-booking-${reservationId}`);
    await hotelCost.waitFor(WAIT);
    await expect(hotelCost.locator('.cost-standard').textContent()).resolves.toBe('标准 ¥350.00/晚');
    await tap(page, `.invoice-booking-${reservationId}`);
    await fill(page, 'input-invoice-code', '013002400111');
    await fill(page, 'input-invoice-number', '20261201');
    await fill(page, 'input-invoice-seller', '河北宾馆');
    await fill(page, 'input-invoice-buyer', '11130000000000000A');
    await fill(page, 'input-invoice-amount', '301.89');
    await fill(page, 'input-invoice-tax', '18.11');
    await tap(page, '.invoice-submit');
    await page.locator('.travel-invoice').filter({ hasText: '013002400111 20261201' }).waitFor(WAIT);
    await expect(hotelCost.textContent()).resolves.toContain('发票 20261201');
    await tap(page, '.invoice-submit');
    const refused = page.locator('.travel-error-invoice');
    await refused.waitFor(WAIT);
    await expect(refused.textContent()).resolves.toContain(`出差记录 ${travelId}`);
    await expect(refused.textContent()).resolves.toContain('不能重复报销');
    await pageShot(page, 'travel-4-invoice-twice-refused', { stretch: '.travel-detail' });

    // 5. The 公务卡 payment of the hotel: it meets the booking of the same amount.
    await fill(page, 'input-card-last4', '6617');
    await fill(page, 'input-card-paid-at', `${addShanghaiDays(new Date(), 4)} 08:05`);
    await fill(page, 'input-card-merchant', '河北宾馆');
    await fill(page, 'input-card-amount', '320');
    await fill(page, 'input-card-ref', 'REF0001');
    await tap(page, '.card-submit');
    await page.locator('.travel-card-payment').filter({ hasText: '尾号 6617' }).filter({ hasText: '对应：' }).waitFor(WAIT);
    await expect(hotelCost.textContent()).resolves.toContain('公务卡支付');
    const record = travelRecordSchema.parse((await wang.get(`/api/travel/${travelId}`)).body);
    await expect(page.locator('.travel-total-cost .info-value').textContent()).resolves.toBe(`¥${(record.totals.costFen / 100).toFixed(2)}`);
    await pageShot(page, 'travel-5-the-one-record', { stretch: '.travel-detail' });

    // 6. Finance exports the 差旅费报销单; the workbook reads back with each cost and the total.
    const fin = await app.signIn('孙丽');
    await tap(fin, '.home-tile-travel-finance');
    await fin.waitForURL(/packages\/travel\/index/, WAIT);
    await tap(fin, `.travel-item-${travelId}`);
    await fin.waitForURL(/packages\/travel\/detail/, WAIT);
    await fin.locator('.travel-export').waitFor(WAIT);
    await pageShot(fin, 'travel-6-finance-record', { stretch: '.travel-detail' });
    const [download] = await Promise.all([fin.waitForEvent('download', WAIT), tap(fin, '.travel-export')]);
    expect(download.suggestedFilename()).toBe(`差旅费报销单-${travelId}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(fs.readFileSync(await download.path())).buffer);
    const ws = wb.getWorksheet('差旅费报销单')!;
    expect(String(ws.getCell('A1').value)).toBe(`差旅费报销单（出差记录 ${travelId}）`);
    let total: number | null = null;
    const categories: string[] = [];
    ws.eachRow((row) => {
      const second = String(row.getCell(2).value ?? '');
      if (second === '合计') { const v = row.getCell(5).value as { result: number }; total = v.result; }
      else if (typeof row.getCell(1).value === 'number') categories.push(second);
    });
    expect(categories).toEqual(record.costs.map((c) => c.categoryLabel));
    expect(Math.round(Number(total) * 100)).toBe(record.totals.costFen);
  }, 240_000);
});
