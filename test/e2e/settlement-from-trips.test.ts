import fs from 'node:fs';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { describeParts, type Statement, type StatementLine, type StatementSummary } from '@shared/settlement/settlement.schemas';
import { shanghaiMonth, startOfShanghaiMonth } from '@shared/common/time';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { signInAs } from '../helpers/auth';

/**
 * A rental company's trip reaches the monthly statement (DOMAIN.md §6) on the H5 build, each role in
 * its own browser context. The demo seed (SEED_DEMO_TRIPS) finished a trip last month — 王建国 of
 * 发改委 to 保定 in the company's 冀A20005 driven by 罗军: rental ¥150 + fuel ¥20 + toll ¥5 — billed
 * through the event path, and 孙丽 generated last month's statement. Finance sees the line with its
 * parts → the company's operator confirms it → finance approves and exports the Excel, whose line is
 * the statement's → the dispatcher corrects the trip's toll afterwards (费用更正).
 */
const WAIT = { timeout: 30_000 };
const RENTAL_COMPANY = '河北公务出行汽车租赁有限公司';
const NDRC = '河北省发展和改革委员会';
const PURPOSE = '赴保定市调研重点项目进展';
const PARTS_TEXT = '租车费 150.00、油费/充电费 20.00、通行费 5.00';

describe('a rental-company trip on the monthly statement, in the browser (H5 build)', () => {
  const app = browserApp({ SEED_DEMO_TRIPS: 'true' });
  const period = shanghaiMonth(startOfShanghaiMonth(Date.now()).getTime() - 1);
  let statementId = 0;
  let line: StatementLine;
  let tripId = 0;
  let assignmentId = 0;

  const shot = (page: Page, name: string) => pageShot(page, `settle-${name}`, { top: true });

  async function go(page: Page, route: string): Promise<void> {
    await page.goto(`${app.baseUrl}/#${route}`);
  }

  /** Taro H5 renders <Input>/<Textarea> as a custom element around the real field; fill the inner one. */
  async function fill(page: Page, hook: string, value: string): Promise<void> {
    await page.locator(`.${hook} input, .${hook} textarea`).first().fill(value);
  }

  async function api<T>(name: string, path: string): Promise<T> {
    const { Authorization } = await signInAs(app.t, name);
    const res = await request(app.t.callback).get(path).set('Authorization', Authorization);
    expect(res.status).toBe(200);
    return res.body as T;
  }

  beforeAll(async () => {
    // What the seed left: one draft statement of the company for 发改委, with the trip's one line.
    const { items } = await api<{ items: StatementSummary[] }>('孙丽', `/api/settlement/statements?period=${period}`);
    const ours = items.filter((s) => s.companyName === RENTAL_COMPANY && s.unitName === NDRC);
    expect(ours.map((s) => [s.status, s.totalFen, s.lineCount])).toEqual([['draft', 17_500, 1]]);
    statementId = ours[0]!.id;
    const statement = await api<Statement>('孙丽', `/api/settlement/statements/${statementId}`);
    line = statement.lines[0]!;
    expect(line).toMatchObject({ amountFen: 17_500, parts: { rentalFen: 15_000, fuelFen: 2_000, tollFen: 500, parkingFen: 0, otherFen: 0 } });
    expect(describeParts(line.parts)).toBe(PARTS_TEXT);
    expect(line.description).toContain(PURPOSE);
    [tripId, assignmentId] = line.sourceId.split('-').map(Number) as [number, number];
    expect(tripId).toBeGreaterThan(0);
  }, 60_000);

  it('when finance opens 结算, then last month\'s statement shows the trip line with its rental, fuel and toll', async () => {
    const page = await app.signIn('孙丽');
    await page.locator('.home-tile-finance').click();
    await page.waitForURL(/packages\/finance\/index/, WAIT);
    const card = page.locator(`.statement-${statementId}`);
    await card.filter({ hasText: '待企业确认' }).filter({ hasText: `结算单位：${NDRC}` }).waitFor(WAIT);
    await expect(card.locator('.statement-total').textContent()).resolves.toBe('¥175.00');
    await shot(page, '01-finance-statements');
    await card.click();
    await page.waitForURL(/finance\/statement\/index/, WAIT);
    const row = page.locator(`.statement-line-${line.id}`);
    await row.locator('.line-parts').filter({ hasText: PARTS_TEXT }).waitFor(WAIT);
    expect(await page.locator('.statement-line').count()).toBe(1);
    await expect(row.locator('.line-desc').textContent()).resolves.toContain(PURPOSE);
    await expect(row.locator('.line-amount').textContent()).resolves.toBe('¥175.00');
    await shot(page, '02-finance-statement-draft');
  }, 120_000);

  it('when the rental company operator goes through the statement, then confirming its line confirms it', async () => {
    const page = await app.signIn('高峰');
    await page.locator('.home-tile-statements').click();
    await page.waitForURL(/company-statements/, WAIT);
    const card = page.locator(`.statement-${statementId}`);
    await card.filter({ hasText: `结算单位：${NDRC}` }).waitFor(WAIT);
    await card.click();
    await page.waitForURL(/finance\/statement\/index/, WAIT);
    await page.locator(`.statement-line-${line.id} .line-parts`).filter({ hasText: PARTS_TEXT }).waitFor(WAIT);
    await page.locator(`.line-confirm-${line.id}.is-active`).waitFor(WAIT);
    await shot(page, '03-company-statement');
    await page.locator('.statement-review-submit').click();
    await page.locator('.statement-detail-status').filter({ hasText: '企业已确认' }).waitFor(WAIT);
    await page.locator(`.statement-line-${line.id}.line-review-confirmed`).waitFor(WAIT);
    await shot(page, '04-company-confirmed');
  }, 120_000);

  it('when finance approves and exports the Excel, then the workbook\'s trip line is the statement\'s line: ¥175 and its parts', async () => {
    const page = await app.signIn('孙丽');
    await go(page, `/packages/finance/statement/index?id=${statementId}`);
    await page.locator('.statement-detail-status').filter({ hasText: '企业已确认' }).waitFor(WAIT);
    await page.locator('.statement-approve').click();
    await page.locator('.statement-detail-status').filter({ hasText: '财务已审核' }).waitFor(WAIT);
    await page.locator(`.statement-line-${line.id} .line-parts`).filter({ hasText: PARTS_TEXT }).waitFor(WAIT);
    await shot(page, '05-finance-approved');

    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.locator('.statement-download').click()]);
    expect(download.suggestedFilename()).toBe(`结算单-${period}-${statementId}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(fs.readFileSync(await download.path())).buffer);
    const ws = wb.getWorksheet('结算单')!;
    expect(String(ws.getCell('A2').value)).toContain(`结算单位：${NDRC}`);
    const money = (v: ExcelJS.CellValue): number => (typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v ? Number(v.result) : Number.NaN);
    const orders: Array<{ sourceId: string; summary: string; amount: number }> = [];
    let total = Number.NaN;
    ws.eachRow((row) => {
      if (String(row.getCell(2).value ?? '') === '合计') total = money(row.getCell(7).value);
      else if (String(row.getCell(4).value ?? '') === line.sourceId) {
        orders.push({ sourceId: line.sourceId, summary: String(row.getCell(6).value), amount: money(row.getCell(7).value) });
      }
    });
    expect(orders).toEqual([{ sourceId: line.sourceId, summary: `${line.description}（${PARTS_TEXT}）`, amount: line.amountFen / 100 }]);
    expect(orders[0]!.amount).toBe(175);
    expect(total).toBe(175);
  }, 120_000);

  it('when the dispatcher corrects the trip\'s toll afterwards, then an unchanged form is refused in place and the corrected total shows', async () => {
    const page = await app.signIn('张伟');
    await page.locator('.home-tile-dispatch').click();
    await page.locator('.dispatch-tab-confirmed').click();
    await page.locator(`.board-trip-${tripId}`).click();
    await page.waitForURL(/dispatch\/review/, WAIT);
    const car = page.locator(`.trip-assignment-${assignmentId}`);
    await car.locator('.trip-assignment-cost').filter({ hasText: `¥175.00（${PARTS_TEXT}）` }).waitFor(WAIT);
    await car.locator(`.cost-correct-open-${assignmentId}`).click();
    await expect(page.locator('.input-correct-rental input').inputValue()).resolves.toBe('150.00');
    // No reason: refused at the field, nothing sent.
    await page.locator('.cost-correct-submit').click();
    await page.locator('.field-error-correct-reason').filter({ hasText: '请填写更正原因' }).waitFor(WAIT);
    // Same amounts: the server's refusal, in its words, in the form.
    await fill(page, 'input-correct-reason', '补交通行费票据，实际 ¥25.00');
    await page.locator('.cost-correct-submit').click();
    await page.locator('.cost-correct-error').filter({ hasText: '无需更正' }).waitFor(WAIT);
    await page.locator('.cost-correct-form').scrollIntoViewIfNeeded();
    await pageShot(page, 'settle-06-dispatcher-correct-refused');
    await fill(page, 'input-correct-toll', '25');
    await expect(page.locator('.cost-correct-total').textContent()).resolves.toContain('¥195.00');
    expect(await page.locator('.cost-correct-error').count()).toBe(0);
    await page.locator('.cost-correct-submit').click();
    await page.locator('.trip-costs-total').filter({ hasText: '¥195.00' }).waitFor(WAIT);
    await car.locator('.trip-assignment-cost').filter({ hasText: '通行费 25.00' }).waitFor(WAIT);
    await page.locator('.trip-timeline .timeline-title').filter({ hasText: '费用更正' }).first().waitFor(WAIT);
    await shot(page, '07-dispatcher-corrected');
    const trip = await api<{ costFen: number; events: Array<{ action: string }> }>('张伟', `/api/trips/${tripId}`);
    expect(trip.costFen).toBe(19_500);
    expect(trip.events.map((e) => e.action)).toContain('correct_costs');
  }, 120_000);
});
