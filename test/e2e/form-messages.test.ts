import type { Page } from 'playwright-core';
import { browserApp } from '../helpers/browser-app';
import { pageShot } from '../helpers/browser';
import { approvedTrip, as, tripBody } from '../helpers/trips';
import { RENTAL_COMPANY, rentalTrip } from '../helpers/rental-trips';
import { seedUnitId } from '../helpers/seed-lookup';
import { UserEntity } from '../../server/src/modules/identity/identity.entity';
import { recordBillableOrder } from '../../server/src/modules/settlement';
import { shanghaiInstant, shanghaiMonth, startOfShanghaiMonth } from '@shared/common/time';

const WAIT = { timeout: 30_000 };

/**
 * #14 item 2 on the H5 build: every form of the mini-program is filled with bad values (empty, huge,
 * negative, too long, letters in number fields) and submitted; every message the page then shows — under
 * a field, in a banner, in a toast, the server's 400 included — is Simplified Chinese with no English
 * word, and a field's message sits under that field.
 */
describe('form messages in the browser are Chinese (H5 build)', () => {
  const app = browserApp();

  const NUMBER_BAD = ['', 'abc', '-5', '99999999999', '0', '1.234'];
  const TEXT_BAD = ['', 'x', 'x'.repeat(400), '   '];
  /** A reason the page must refuse (the textarea keeps at most 200 characters, so a long one would pass). */
  const REASON_BAD = ['', 'x', '   ', ' 好 '];
  /** Only what must be refused (one valid value would send the form and close it). */
  const BLANK = ['', '   ', '\n'];
  const AMOUNT_BAD = ['', 'abc', '0', '1e400', '-'];

  /** Plates, units and acronyms a Chinese message may carry. */
  const allowed = /[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新][A-Z]·?[A-Z0-9]{5,6}|\b(?:VIN|WGS|GCJ|GPS|km|JPEG|PNG|WebP|MB)\b/g;
  const englishWord = /[A-Za-z]{3,}/;
  const chinese = /[\u4e00-\u9fff]/;

  /** Taro H5 renders <Input>/<Textarea> around a real element; a number input refuses letters (skipped). */
  async function fill(page: Page, hook: string, value: string): Promise<boolean> {
    const el = page.locator(`.${hook} input, .${hook} textarea, input.${hook}, textarea.${hook}`).first();
    if (!(await el.count())) return false;
    try {
      await el.fill(value, { timeout: 2000 });
      return true;
    } catch {
      return false;
    }
  }

  const collectScript = `(() => {
    const seen = [];
    const visible = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0'; };
    for (const e of document.querySelectorAll('.form-error, .form-banner-error, .cost-correct-error, .error-block, .taro__toast, .weui-toast__content')) {
      if (!visible(e)) continue;
      const text = (e.innerText || '').trim();
      if (text) seen.push(text);
    }
    const misplaced = [];
    for (const e of document.querySelectorAll('.form-error')) {
      const field = e.closest('.form-field');
      if (!field) continue;
      const hook = [...e.classList].find((c) => c.startsWith('field-error-'));
      if (hook && !field.classList.contains('field-' + hook.slice('field-error-'.length))) misplaced.push(e.innerText + ' (not in field-' + hook.slice(12) + ')');
      const control = field.querySelector('.form-control');
      if (control && e.getBoundingClientRect().top < control.getBoundingClientRect().bottom - 1) misplaced.push(e.innerText + ' (not under its field)');
    }
    // Away from a field, a bare "必填" or "格式有误" does not say what it is about.
    for (const e of document.querySelectorAll('.form-error, .form-banner-error, .cost-correct-error, .taro__toast')) {
      if (!visible(e) || e.closest('.form-field')) continue;
      const text = (e.innerText || '').trim();
      if (/^(必填|格式有误|内容有误|取值不符|请从给定的选项中选择|应为\\S{1,4}|不能[大小]于 \\d+|至少 \\d+ 个字|不超过 \\d+ 个字)$/.test(text)) misplaced.push(text + ' (names no field)');
    }
    return { seen, misplaced };
  })()`;

  /** Clicks submit and gathers every message shown in the next 1.6 s (toasts fade). */
  async function submitAndCollect(page: Page, submit: string): Promise<{ seen: Set<string>; misplaced: Set<string> }> {
    const seen = new Set<string>();
    const misplaced = new Set<string>();
    await page.locator(submit).first().click();
    for (let i = 0; i < 10; i += 1) {
      await page.waitForTimeout(160);
      const r = (await page.evaluate(collectScript)) as { seen: string[]; misplaced: string[] };
      r.seen.forEach((s) => seen.add(s));
      r.misplaced.forEach((s) => misplaced.add(s));
    }
    return { seen, misplaced };
  }

  /**
   * Round r puts the (r + i)-th bad value into the i-th field, then submits; all rounds' messages are
   * checked. `fields` maps a field's hook to its kind.
   */
  async function fuzz(page: Page, form: string, fields: Record<string, 'number' | 'text' | 'reason' | 'blank' | 'amount'>, submit: string, rounds = 6, before?: () => Promise<void>): Promise<string[]> {
    const all = new Set<string>();
    const misplaced = new Set<string>();
    const hooks = Object.keys(fields);
    for (let r = 0; r < rounds; r += 1) {
      if (before) await before();
      for (const [i, hook] of hooks.entries()) {
        const values = { number: NUMBER_BAD, text: TEXT_BAD, reason: REASON_BAD, blank: BLANK, amount: AMOUNT_BAD }[fields[hook]!];
        await fill(page, hook, values[(r + i) % values.length]!);
      }
      const got = await submitAndCollect(page, submit);
      got.seen.forEach((s) => all.add(s));
      got.misplaced.forEach((s) => misplaced.add(s));
    }
    const bad = [...all].filter((m) => !chinese.test(m) || englishWord.test(m.replace(allowed, '')));
    expect({ form, bad, misplaced: [...misplaced] }).toEqual({ form, bad: [], misplaced: [] });
    expect(all.size).toBeGreaterThan(0);
    if (process.env.FORM_MESSAGES_LOG) console.log(`${form}:\n  ${[...all].join('\n  ')}`);
    return [...all];
  }

  async function open(page: Page, route: string, ready: string): Promise<void> {
    await page.goto(`${app.baseUrl}/#${route}`);
    await page.locator(ready).first().waitFor(WAIT);
  }

  it('when the trip application is filled with bad values, then every message is Chinese and under its field', async () => {
    const page = await app.signIn('王建国');
    await open(page, '/packages/trips/new/index', '.trip-new-page .trip-form-submit');
    const seen = await fuzz(page, 'trip', {
      'input-purpose': 'text', 'input-passengers': 'number', 'input-passenger-names': 'text', 'input-seats': 'number', 'input-vehicles': 'number',
    }, '.trip-form-submit');
    expect(seen.join('\n')).toMatch(/事由|目的地/);
    // One more with a huge passenger count and the rest valid-looking, so the server may answer.
    await fill(page, 'input-purpose', '赴省政府汇报工作');
    await fill(page, 'input-passengers', '250');
    await fill(page, 'input-seats', '5');
    await submitAndCollect(page, '.trip-form-submit');
    await pageShot(page, 'form-messages-trip', { stretch: '.trip-new-page' });
  });

  it('when an approver rejects or returns without a reason, then the message is Chinese', async () => {
    const wang = await as(app.t, '王建国');
    const created = await wang.post('/api/trips', tripBody({ purpose: `表单校验 ${Date.now() % 100_000}` }, { daysAhead: 3 }));
    expect(created.status).toBe(201);
    const li = await as(app.t, '李秀英');
    const item = (await li.get('/api/approvals')).body.items.find((i: { subjectId: number }) => i.subjectId === created.body.id) as { id: number };
    const page = await app.signIn('李秀英');
    await open(page, `/packages/approvals/detail/index?id=${item.id}`, '.approval-reject');
    await fuzz(page, 'approval reject', { 'input-approval-comment': 'reason' }, '.approval-reject', 4);
    await fuzz(page, 'approval return', { 'input-approval-comment': 'reason' }, '.approval-return', 2);
    await fill(page, 'input-approval-comment', '');
    await submitAndCollect(page, '.approval-reject');
    await pageShot(page, 'form-messages-approval');
  });

  it('when the driver departs and returns with bad readings and costs, then every message is Chinese', async () => {
    const wang = await as(app.t, '王建国');
    const id = await approvedTrip(wang, [await as(app.t, '李秀英')], tripBody({ purpose: `出车回场校验 ${Date.now() % 100_000}` }, { daysAhead: 4 }));
    const dispatched = await (await as(app.t, '张伟')).post('/api/dispatch/one-click', { tripIds: [id] });
    const { driverName } = dispatched.body.results[0].assignments[0] as { driverName: string };
    const a = (await wang.get(`/api/trips/${id}`)).body.assignments[0] as { id: number };
    const driver = await as(app.t, driverName);
    expect((await driver.post(`/api/assignments/${a.id}/accept`)).status).toBe(200);

    const page = await app.signIn(driverName);
    await open(page, `/packages/driver/task/index?id=${a.id}`, '.task-depart-submit');
    await fuzz(page, 'depart', { 'input-depart-odometer': 'number' }, '.task-depart-submit');
    await fill(page, 'input-depart-odometer', '');
    await submitAndCollect(page, '.task-depart-submit');
    await pageShot(page, 'form-messages-depart', { top: true });

    const km = (await driver.get('/api/driver/tasks')).body.items.find((x: { id: number }) => x.id === a.id).vehicleOdometerKm as number;

    // The server's 400, as a page that sent bad fields would show it: the fields by their Chinese names, no "body.".
    await page.route('**/api/assignments/*/depart', (route) => route.continue({ postData: JSON.stringify({ odometerKm: -5, at: '明天上午' }) }));
    await fill(page, 'input-depart-odometer', String(km));
    const server = await submitAndCollect(page, '.task-depart-submit');
    await page.unroute('**/api/assignments/*/depart');
    if (process.env.FORM_MESSAGES_LOG) console.log([...server.seen].join('\n'));
    const serverText = [...server.seen].join('\n');
    expect(serverText).toContain('里程：不能小于 0');
    expect(serverText).toContain('时间：时间格式有误');
    expect(serverText).not.toMatch(/body\.|[A-Za-z]{3,}/);
    expect((await driver.post(`/api/assignments/${a.id}/depart`, { odometerKm: km })).status).toBe(200);
    await open(page, `/packages/driver/task/index?id=${a.id}`, '.task-return-submit');
    await fuzz(page, 'return', {
      'input-return-odometer': 'number', 'input-fuel': 'number', 'input-toll': 'number', 'input-parking': 'number', 'input-other': 'number', 'input-return-note': 'text',
    }, '.task-return-submit');
    await pageShot(page, 'form-messages-return', { stretch: '.task-page' });
  });

  it('when the dispatcher corrects costs with bad amounts, then every message is Chinese', async () => {
    const { tripId, assignmentId } = await rentalTrip(app.t, 5, { rentalFen: 30_000, fuelFen: 5_000, tollFen: 1_000 }, false);
    const page = await app.signIn('张伟');
    await open(page, `/packages/dispatch/review/index?id=${tripId}`, `.cost-correct-open-${assignmentId}`);
    await page.locator(`.cost-correct-open-${assignmentId}`).click();
    await fuzz(page, 'cost correction', {
      'input-correct-rental': 'number', 'input-correct-fuel': 'number', 'input-correct-toll': 'number', 'input-correct-parking': 'number',
      'input-correct-other': 'number', 'input-correct-reason': 'text',
    }, '.cost-correct-submit');
    await fill(page, 'input-correct-other', '99999999999');
    expect([...(await submitAndCollect(page, '.cost-correct-submit')).seen]).toContain('金额不超过 100 万元');
    await pageShot(page, 'form-messages-cost-correction', { stretch: '.review-page' });
  });

  it('when the applicant cancels without a reason, then the message is Chinese', async () => {
    const wang = await as(app.t, '王建国');
    const created = await wang.post('/api/trips', tripBody({ purpose: `取消校验 ${Date.now() % 100_000}` }, { daysAhead: 6 }));
    const page = await app.signIn('王建国');
    await open(page, `/packages/trips/detail/index?id=${created.body.id}`, '.trip-cancel');
    await page.locator('.trip-cancel').click();
    await fuzz(page, 'cancel', { 'input-cancel-reason': 'reason' }, '.trip-cancel-submit', 4);
  });

  it('when a rental company declines without a reason or accepts without a car, then the message is Chinese', async () => {
    const wang = await as(app.t, '王建国');
    const id = await approvedTrip(wang, [await as(app.t, '李秀英')], tripBody({ purpose: `拒单校验 ${Date.now() % 100_000}` }, { daysAhead: 7 }));
    const companyId = await seedUnitId(app.t, RENTAL_COMPANY);
    expect((await (await as(app.t, '张伟')).post(`/api/dispatch/trips/${id}`, { source: 'rental', companyId })).status).toBe(200);
    const order = ((await (await as(app.t, '高峰')).get('/api/rental-orders')).body.items as Array<{ id: number; tripId: number }>).find((o) => o.tripId === id)!;
    const page = await app.signIn('高峰');
    await open(page, '/packages/rental/orders/index', `.rental-order-${order.id} .rental-decline`);
    await page.locator(`.rental-order-${order.id} .rental-decline`).click();
    await fuzz(page, 'rental decline', { 'input-decline-reason': 'blank' }, '.rental-submit', 3);
    await fill(page, 'input-decline-reason', 'x');
    await submitAndCollect(page, '.rental-submit');
    await pageShot(page, 'form-messages-rental-decline', { top: true });
    await page.locator('.rental-form-cancel').click();
    await page.locator(`.rental-order-${order.id} .rental-accept`).click();
    await fuzz(page, 'rental accept', {}, '.rental-submit', 1);
  });

  it('when a statement line is disputed without a reason and finance corrects it with bad amounts, then every message is Chinese', async () => {
    const t = app.t;
    const period = shanghaiMonth(startOfShanghaiMonth(Date.now()).getTime() - 1);
    const companyId = await seedUnitId(t, RENTAL_COMPANY);
    const unitId = (await t.deps.db.manager.findOneOrFail(UserEntity, { where: { name: '王建国' } })).unitId;
    await recordBillableOrder({ sourceKind: 'trip', sourceId: 'TR-FORM-1', unitId, amountFen: 36_800, description: '公务出行 表单校验', companyId, completedAt: shanghaiInstant(`${period}-10`, '10:00') },
      { db: t.deps.db, ledger: t.deps.ledger, clock: t.deps.clock });
    const finance = await as(t, '孙丽');
    const made = await finance.post('/api/settlement/statements/generate', { period });
    expect(made.status).toBe(201);
    const statement = (made.body as Array<{ id: number; companyId: number; unitId: number }>).find((s) => s.companyId === companyId && s.unitId === unitId)!;
    const detail = (await finance.get(`/api/settlement/statements/${statement.id}`)).body as { lines: Array<{ id: number; kind: string }> };
    const line = detail.lines.find((l) => l.kind === 'order')!;

    const company = await app.signIn('高峰');
    await open(company, `/packages/finance/statement/index?id=${statement.id}`, `.line-dispute-${line.id}`);
    await company.locator(`.line-dispute-${line.id}`).click();
    await fuzz(company, 'statement dispute', { [`input-dispute-reason-${line.id}`]: 'blank' }, '.statement-review-submit', 3);
    await pageShot(company, 'form-messages-statement-dispute', { top: true });
    await fill(company, `input-dispute-reason-${line.id}`, '金额有误');
    await company.locator('.statement-review-submit').click();
    await company.locator('.statement-detail-status').filter({ hasText: '异议' }).waitFor(WAIT);

    const page = await app.signIn('孙丽');
    await open(page, `/packages/finance/statement/index?id=${statement.id}`, `.line-correct-${line.id}`);
    const openForm = async () => { if (!(await page.locator('.correction-save').count())) await page.locator(`.line-correct-${line.id}`).click(); };
    const seen = await fuzz(page, 'statement correction', { 'input-correction-amount': 'amount', 'input-correction-reason': 'blank' }, '.correction-save', 5, openForm);
    await fill(page, 'input-correction-amount', '-20.50');
    await fill(page, 'input-correction-reason', '');
    const blankReason = await submitAndCollect(page, '.correction-save');
    expect([...seen, ...blankReason.seen].join('\n')).toContain('请填写调整原因');
    // Extra digits are refused, not billed (¥99,999,999,999 was once accepted).
    await fill(page, 'input-correction-amount', '99999999999');
    await fill(page, 'input-correction-reason', '核对金额');
    const huge = await submitAndCollect(page, '.correction-save');
    expect([...huge.seen]).toContain('调整金额不超过 100 万元');
    await pageShot(page, 'form-messages-statement-correction', { top: true });
  });

  it('when the dispatcher sends a trip with no car or no company picked, or an emergency with a bad form, then every message is Chinese', async () => {
    const wang = await as(app.t, '王建国');
    const id = await approvedTrip(wang, [await as(app.t, '李秀英')], tripBody({ purpose: `派车校验 ${Date.now() % 100_000}` }, { daysAhead: 8 }));
    const page = await app.signIn('张伟');
    await open(page, `/packages/dispatch/trip/index?id=${id}`, '.dispatch-manual-submit');
    await fuzz(page, 'manual dispatch', {}, '.dispatch-manual-submit', 1);
    await page.locator('.dispatch-mode-rental').click();
    await fuzz(page, 'rental dispatch', {}, '.dispatch-rental-submit', 1);
    await pageShot(page, 'form-messages-dispatch', { top: true });

    await open(page, '/packages/dispatch/emergency/index', '.trip-form-submit');
    await fuzz(page, 'emergency', {
      'input-purpose': 'text', 'input-passengers': 'number', 'input-passenger-names': 'text', 'input-seats': 'number', 'input-vehicles': 'number',
    }, '.trip-form-submit', 4);
  });
});
