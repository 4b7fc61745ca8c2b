import fs from 'node:fs';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/test-deps';
import { launchBrowser, newPhonePage, pageShot, signInDemo } from '../helpers/browser';
import { listenFirst, type EarlyServer } from '../helpers/http-server';
import { seedUnitId, seedUserId } from '../helpers/seed-lookup';
import { signInAs } from '../helpers/auth';
import { UserEntity } from '../../server/src/modules/identity/identity.entity';
import { recordBillableOrder } from '../../server/src/modules/settlement';
import { shanghaiInstant, shanghaiMonth, startOfShanghaiMonth } from '@shared/common/time';

/**
 * Monthly settlement and a WeChat Pay deposit on the H5 build (DOMAIN.md §6), each role in its own
 * browser context: last month's orders, billed to two units (发改委 and 长安区政府办), are billed as
 * the trips/rental modules bill them → the province bureau's finance generates the month: one
 * statement per billed unit → the rental company's operator sees both and confirms 发改委's →
 * finance approves it, downloads the Excel and records the payment → a civil servant pays the
 * time-share deposit.
 *
 * The app listens before it is built, so the fake WeChat Pay's notice reaches our real notify URL.
 */
const WAIT = { timeout: 30_000 };
const RENTAL_COMPANY = '河北公务出行汽车租赁有限公司';
const NDRC = '河北省发展和改革委员会';
const CA_GOV = '长安区人民政府办公室';

/** `YYYY-MM` of last month in Asia/Shanghai, and an instant on its 10th day. */
function lastMonth(): { period: string; day10: Date } {
  const period = shanghaiMonth(startOfShanghaiMonth(Date.now()).getTime() - 1);
  return { period, day10: shanghaiInstant(`${period}-10`, '10:00') };
}

describe('monthly settlement and the deposit in the browser (H5 build)', () => {
  let t: TestApp;
  let server: EarlyServer | undefined;
  let baseUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const { period, day10 } = lastMonth();
  /** 发改委's statement (two orders), taken through the whole flow; 长安区政府办's (one order) stays with the company. */
  let statementId = 0;
  let totalFen = 0;
  let otherStatementId = 0;

  beforeAll(async () => {
    server = await listenFirst();
    baseUrl = server.baseUrl;
    t = await startTestApp({ PORT: String(server.port), DEPOSIT_AMOUNT_FEN: '50000' });
    server.serve(t.callback);
    browser = await launchBrowser();

    // Completed orders of last month, billed the way trips and rentals bill them.
    const companyId = await seedUnitId(t, RENTAL_COMPANY);
    const unitOf = async (name: string) => (await t.deps.db.manager.findOneOrFail(UserEntity, { where: { name } })).unitId;
    const orders = [
      { sourceKind: 'trip' as const, sourceId: 'TR-E2E-1', unitId: await unitOf('王建国'), amountFen: 36800, description: '公务出行 石家庄→保定 往返' },
      { sourceKind: 'rental' as const, sourceId: 'RO-E2E-2', unitId: await unitOf('王建国'), amountFen: 45000, description: '车辆租赁 会议保障 1 天' },
      { sourceKind: 'trip' as const, sourceId: 'TR-E2E-3', unitId: await unitOf('杨帆'), amountFen: 12350, description: '公务出行 长安区内' },
    ];
    for (const [i, o] of orders.entries()) {
      const completedAt = new Date(day10.getTime() + i * 24 * 3600 * 1000);
      await recordBillableOrder({ ...o, companyId, completedAt }, { db: t.deps.db, ledger: t.deps.ledger, clock: t.deps.clock });
    }
    const ndrc = await unitOf('王建国');
    totalFen = orders.filter((o) => o.unitId === ndrc).reduce((s, o) => s + o.amountFen, 0);
    const finance = await signInAs(t, '孙丽');
    const made = await request(baseUrl).post('/api/settlement/statements/generate').set('Authorization', finance.Authorization).send({ period });
    expect(made.status).toBe(201);
    const statements = (made.body as Array<{ id: number; companyId: number; unitId: number; unitName: string; totalFen: number }>).filter((s) => s.companyId === companyId);
    expect(statements.map((s) => [s.unitName, s.totalFen])).toEqual([[NDRC, totalFen], [CA_GOV, 12350]]);
    statementId = statements[0]!.id;
    otherStatementId = statements[1]!.id;
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  async function signIn(name: string): Promise<Page> {
    const { context, page } = await newPhonePage(browser);
    contexts.push(context);
    await signInDemo(page, baseUrl, await seedUserId(t, name), name);
    return page;
  }

  const shot = (page: Page, name: string) => pageShot(page, `finance-${name}`, { top: true });

  it('when the rental company operator opens last month\'s statements, then there is one per billed unit, and confirming every line of one confirms it', async () => {
    const page = await signIn('高峰');
    await page.locator('.home-tile-statements').click();
    await page.waitForURL(/company-statements/, WAIT);
    const card = page.locator(`.statement-${statementId}`);
    await card.filter({ hasText: `结算单位：${NDRC}` }).waitFor(WAIT);
    await page.locator(`.statement-${otherStatementId}`).filter({ hasText: `结算单位：${CA_GOV}` }).waitFor(WAIT);
    await shot(page, 'company-statements');
    await card.click();
    await page.waitForURL(/finance\/statement\/index/, WAIT);
    await page.locator('.statement-line').first().waitFor(WAIT);
    expect(await page.locator('.statement-line').count()).toBe(2);
    await page.locator('.statement-hero-unit').filter({ hasText: `结算单位：${NDRC}` }).waitFor(WAIT);
    await shot(page, 'company-statement');
    await page.locator('.statement-review-submit').click();
    await page.locator('.statement-detail-status').filter({ hasText: '企业已确认' }).waitFor(WAIT);
    await shot(page, 'company-confirmed');
  }, 120_000);

  it('when finance opens the month, approves the statement, downloads the Excel and records the payment, then the workbook total equals the statement', async () => {
    const page = await signIn('孙丽');
    await page.locator('.home-tile-finance').click();
    await page.waitForURL(/packages\/finance\/index/, WAIT);
    const card = page.locator(`.statement-${statementId}`);
    await card.filter({ hasText: '企业已确认' }).filter({ hasText: `结算单位：${NDRC}` }).waitFor(WAIT);
    await page.locator(`.statement-${otherStatementId}`).filter({ hasText: '待企业确认' }).filter({ hasText: `结算单位：${CA_GOV}` }).waitFor(WAIT);
    await shot(page, 'statements');
    await card.click();
    await page.waitForURL(/finance\/statement\/index/, WAIT);
    await page.locator('.statement-approve').click();
    await page.locator('.statement-detail-status').filter({ hasText: '财务已审核' }).waitFor(WAIT);
    await shot(page, 'approved');

    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.locator('.statement-download').click()]);
    expect(download.suggestedFilename()).toBe(`结算单-${period}-${statementId}.xlsx`);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(fs.readFileSync(file)).buffer);
    const ws = wb.getWorksheet('结算单')!;
    expect(String(ws.getCell('A1').value)).toContain(RENTAL_COMPANY);
    expect(String(ws.getCell('A2').value)).toContain(`结算单位：${NDRC}`);
    let excelTotal: number | null = null;
    ws.eachRow((row) => {
      if (String(row.getCell(2).value ?? '') !== '合计') return;
      const v = row.getCell(7).value;
      excelTotal = typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v ? Number(v.result) : null;
    });
    expect(excelTotal).not.toBeNull();
    expect(Math.round(Number(excelTotal) * 100)).toBe(totalFen);
    expect(await page.locator('.statement-detail-total').textContent()).toContain(`¥${totalFen / 100}`);

    await page.locator('.input-payment-reference input').fill('HB2026-0001');
    await page.locator('.statement-pay').click();
    await page.locator('.statement-detail-status').filter({ hasText: '已付款' }).waitFor(WAIT);
    await page.locator('.statement-payment-reference').filter({ hasText: 'HB2026-0001' }).waitFor(WAIT);
    await shot(page, 'paid');
  }, 120_000);

  it('when a civil servant pays the time-share deposit in the browser, then the page shows it paid', async () => {
    const page = await signIn('王建国');
    await page.locator('.home-tile-deposit').click();
    await page.waitForURL(/rental\/deposit/, WAIT);
    await page.locator('.deposit-status-label').filter({ hasText: '未缴纳' }).waitFor(WAIT);
    await page.locator('.deposit-amount-value').filter({ hasText: '¥500.00' }).waitFor(WAIT);
    await shot(page, 'deposit-unpaid');
    await page.locator('.deposit-pay').click();
    await page.locator('.deposit-status-label').filter({ hasText: '已缴纳' }).waitFor(WAIT);
    await page.locator('.deposit-paid-at').waitFor(WAIT);
    await shot(page, 'deposit-paid');
    const me = await signInAs(t, '王建国');
    const mine = await request(baseUrl).get('/api/payments/deposits/mine').set('Authorization', me.Authorization);
    expect(mine.body).toMatchObject({ status: 'paid', amountFen: 50000 });

    // 申请退还: asked once more, then refunded through WeChat Pay; the page shows 未缴纳 again.
    await page.locator('.deposit-refund').click();
    await page.locator('.taro-modal__foot').getByText('退还').click();
    await page.locator('.deposit-status-label').filter({ hasText: '未缴纳' }).waitFor(WAIT);
    await shot(page, 'deposit-refunded');
    const refunds = [...t.deps.fakeWechatPay!.state.refunds.values()].filter((r) => r.outTradeNo === mine.body.payment.outTradeNo);
    expect(refunds.map((r) => r.refundFen)).toEqual([50000]);
  }, 120_000);
});
