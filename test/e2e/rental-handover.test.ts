import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { formatYuan } from '@shared/common/money';
import { startTestApp, TestApp } from '../helpers/test-deps';
import { listenFirst, type EarlyServer } from '../helpers/http-server';
import { launchBrowser, newPhonePage, pageShot, signInDemo } from '../helpers/browser';
import { seedUserId } from '../helpers/seed-lookup';
import { signInAs } from '../helpers/auth';
import { solidPng } from '../helpers/png';
import { MUSEUM, RentalCarSim, rentalCar, STATION_NORTH_SQUARE } from '../helpers/rental-cars';
import { UserEntity } from '../../server/src/modules/identity/identity.entity';

const WAIT = { timeout: 30_000 };
const WALKING_UP = { latitude: 38.0131, longitude: 114.4801 };
const SIDES = ['front', 'back', 'left', 'right'] as const;
const COLOURS: Record<(typeof SIDES)[number], [number, number, number]> = { front: [30, 120, 220], back: [220, 80, 40], left: [40, 170, 90], right: [200, 160, 30] };

/**
 * #21 items 1 and 2 in the browser (H5 build against the real app, the fake WeChat Pay, the simulated
 * terminal of 冀AD20001): 王建国 reserves with 微信支付分免押 (no deposit), photographs the four sides
 * at 取车 (each photo shows the car's state then), drives, photographs them again at 还车 and returns;
 * Pay Score deducts the plan's price by itself. 杨帆, whose score refuses, is told so and rents
 * nothing. The company's operator 高峰 files a damage claim pointing at two of the photos, and
 * 王建国 appeals it within the window. A screenshot per step.
 */
describe('免押 and handover evidence in the browser (H5 build, simulated terminal)', () => {
  let t: TestApp;
  let server: EarlyServer;
  let browser: Browser;
  let car: RentalCarSim;
  let rentalId = 0;
  let carId = 0;
  beforeAll(async () => {
    server = await listenFirst();
    t = await startTestApp({
      PORT: String(server.port), JT808_COMMAND_TIMEOUT_MS: '2000', JT808_COMMAND_FIRST_TIMEOUT_MS: '1500', JT808_COMMAND_RETRIES: '1', JT808_COMMANDS_PER_MINUTE: '60',
    });
    server.serve(t.callback);
    car = await rentalCar(t, '冀AD20001', STATION_NORTH_SQUARE, 1);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    car?.close();
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const shot = (page: Page, name: string, stretch?: string) => pageShot(page, `rental-handover-${name}`, stretch ? { stretch } : { top: true });

  /** Each side through the browser's file chooser (it stands in for the camera). */
  async function photograph(page: Page, stage: 'start' | 'end'): Promise<void> {
    for (const side of SIDES) {
      const chooser = page.waitForEvent('filechooser', WAIT);
      await page.locator(`.handover-${stage}-${side} .handover-take`).click();
      await (await chooser).setFiles({ name: `${side}.png`, mimeType: 'image/png', buffer: solidPng(160, 120, COLOURS[side]) });
      await page.locator(`.handover-${stage}-${side} .handover-thumb`).waitFor(WAIT);
    }
    await page.locator(`.handover-${stage} .handover-count.is-done`).waitFor(WAIT);
  }

  it('when 王建国 rents with 微信支付分免押 and photographs the car at pick-up and return, then each photo shows the car\'s state and Pay Score deducts the price without a deposit', async () => {
    const { context, page } = await newPhonePage(browser);
    try {
      await context.grantPermissions(['geolocation']);
      await context.setGeolocation(WALKING_UP);
      await signInDemo(page, server.baseUrl, await seedUserId(t, '王建国'), '王建国');
      const me = (await signInAs(t, '王建国')).Authorization;
      carId = (await request(server.baseUrl).get('/api/rental/cars').set('Authorization', me)).body.cars
        .find((c: { plate: string }) => c.plate === '冀AD20001').id as number;

      await page.locator('.home-tile-rental').click();
      await page.waitForURL(/packages\/rental\/index\/index/, WAIT);
      await page.locator(`.rental-car-${carId}`).click();
      const panel = page.locator(`.rental-reserve-${carId}`);
      await panel.waitFor(WAIT);
      expect(await panel.locator('.pay-with-payscore').getAttribute('class')).toContain('is-active');
      expect(await panel.locator('.rental-personal-hint').innerText()).toContain('无需缴纳 ¥500 押金，由微信支付分担保');
      await shot(page, '1-reserve-payscore', '.rental-find-page');
      await panel.locator('.rental-reserve-submit').click();
      await page.waitForURL(/packages\/rental\/rental\/index\?id=\d+/, WAIT);
      rentalId = Number(/[?&]id=(\d+)/.exec(page.url())![1]);
      await page.locator('.rental-status-reserved .rental-payscore-note').waitFor(WAIT);
      expect(await page.locator('.rental-page .work-header-sub').innerText()).toContain('微信支付分免押');
      // No deposit was asked for.
      expect((await request(server.baseUrl).get('/api/payments/deposits/mine').set('Authorization', me)).body.status).not.toBe('paid');

      // 取车: four sides, each with the car's state when taken (at the station, doors locked, 86 %).
      await photograph(page, 'start');
      const front = await page.locator('.handover-start-front .handover-state').innerText();
      expect(front).toMatch(/电量 86% · 里程 \d+\.\d km · 车门已锁 · 38\.01\d\d, 114\.47\d\d/);
      await shot(page, '2-pickup-photos', '.rental-page');

      await page.locator('.rental-unlock').click();
      await page.locator('.rental-status-in_rental .rental-elapsed').waitFor(WAIT);
      await car.driveTo(MUSEUM, 4.8);
      await page.locator('.rental-km').filter({ hasText: /^4\.8$/ }).waitFor(WAIT);
      await car.park();
      await page.locator('.rental-lock').click();
      await page.locator('.rental-running .rental-hero-note').filter({ hasText: '车门已锁' }).waitFor(WAIT);
      await car.report();

      // 还车: four sides again, at the museum, 4.8 km on.
      await photograph(page, 'end');
      expect(await page.locator('.handover-end-front .handover-state').innerText()).toMatch(/车门已锁 · 38\.04\d\d, 114\.51\d\d/);
      await shot(page, '3-return-photos', '.rental-page');
      await page.locator('.rental-return').click();
      await page.locator('.taro-modal__foot').getByText('还车').click();
      await page.locator('.rental-status-returned .rental-receipt').waitFor(WAIT);
      // Pay Score deducts by itself: the page learns it without a pay button.
      expect(await page.locator('.rental-pay').count()).toBe(0);
      for (let i = 0; i < 30 && !(await page.locator('.rental-payment-paid').count()); i++) {
        await t.deps.events.drain();
        await page.waitForTimeout(500);
        await page.evaluate('window.scrollTo(0, 0)');
        await page.reload();
        await page.locator('.rental-receipt').waitFor(WAIT);
      }
      expect(await page.locator('.rental-payment-paid').innerText()).toBe('已由微信支付分扣款');
      const done = (await request(server.baseUrl).get(`/api/rental/rentals/${rentalId}`).set('Authorization', me)).body;
      expect(done).toMatchObject({ payWith: 'payscore', payment: 'paid' });
      expect(await page.locator('.rental-receipt-amount').innerText()).toBe(formatYuan(done.amountFen));
      await shot(page, '4-paid-by-payscore', '.rental-page');
    } finally {
      await context.close();
    }
  }, 240_000);

  it('when 杨帆\'s Pay Score refuses, then the reserve panel says WeChat\'s reason and nothing is reserved', async () => {
    const { context, page } = await newPhonePage(browser);
    try {
      const yang = await t.deps.db.manager.findOneByOrFail(UserEntity, { name: '杨帆' });
      t.deps.fakeWechatPay!.payscore.refuse(yang.openid!, '用户微信支付分暂不满足免押条件');
      await context.grantPermissions(['geolocation']);
      await context.setGeolocation(WALKING_UP);
      await signInDemo(page, server.baseUrl, yang.id, '杨帆');
      await page.locator('.home-tile-rental').click();
      await page.locator(`.rental-car-${carId}`).click();
      const panel = page.locator(`.rental-reserve-${carId}`);
      await panel.locator('.rental-reserve-submit').click();
      const refused = panel.locator('.rental-reserve-error');
      await refused.waitFor(WAIT);
      expect(await refused.innerText()).toMatch(/微信支付分未通过：用户微信支付分暂不满足免押条件[\s\S]*押金或按次支付/);
      expect(page.url()).toMatch(/packages\/rental\/index\/index/);
      await shot(page, '5-payscore-refused', '.rental-find-page');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('when 高峰 files a damage claim pointing at two photos, then 王建国 sees the evidence with the car\'s state and appeals within the window', async () => {
    const gaoCtx = await newPhonePage(browser);
    try {
      const gao = gaoCtx.page;
      await signInDemo(gao, server.baseUrl, await seedUserId(t, '高峰'), '高峰');
      await gao.locator('.home-tile-rental-company').click();
      await gao.waitForURL(/packages\/rental\/company\/index/, WAIT);
      await gao.locator('.company-tab-rentals').click();
      const row = gao.locator(`.company-rental-${rentalId}`);
      await row.waitFor(WAIT);
      await row.locator('.company-claim-open').click();
      await row.locator('.company-claim-photo').first().waitFor(WAIT);
      // Without evidence the form says what is missing.
      await row.locator('.company-claim-submit').click();
      expect(await row.locator('.company-claim-error').innerText()).toContain('请选择作为证据的交接车照片');
      await row.locator('.company-claim-photo-start-right').click();
      await row.locator('.company-claim-photo-end-right').click();
      await row.locator('.input-claim-description textarea, textarea.input-claim-description').first().fill('右侧车门新增划痕约 15 厘米');
      await row.locator('.input-claim-item input, input.input-claim-item').first().fill('右侧车门钣金喷漆');
      await row.locator('.input-claim-amount input, input.input-claim-amount').first().fill('380');
      await shot(gao, '6-company-claim-form', '.rental-company-page');
      await row.locator('.company-claim-submit').click();
      await row.locator('.company-claim').filter({ hasText: '¥380.00 · 待确认（可申诉）' }).waitFor(WAIT);
      await shot(gao, '7-company-claim-filed', '.rental-company-page');
    } finally {
      await gaoCtx.context.close();
    }

    const { context, page } = await newPhonePage(browser);
    try {
      await signInDemo(page, server.baseUrl, await seedUserId(t, '王建国'), '王建国');
      await page.goto(`${server.baseUrl}/#/packages/rental/rental/index?id=${rentalId}`);
      const claim = page.locator('.claims-card .claim-item').first();
      await claim.waitFor(WAIT);
      expect(await claim.innerText()).toMatch(/右侧车门新增划痕约 15 厘米[\s\S]*待确认（可申诉）[\s\S]*右侧车门钣金喷漆[\s\S]*¥380\.00/);
      expect(await claim.locator('.handover-side').allInnerTexts()).toEqual(['取车 · 右侧', '还车 · 右侧']);
      expect(await claim.locator('.handover-state').first().innerText()).toMatch(/电量 86%/);
      expect(await claim.locator('.claim-deadline').innerText()).toMatch(/请于 .+ 前申诉；期满未申诉将自动扣费/);
      await shot(page, '8-claim-seen', '.rental-page');
      await claim.locator('.claim-appeal-open').click();
      await claim.locator('.input-appeal textarea, textarea.input-appeal').first().fill('取车照片右侧已有同样的划痕，非本次用车造成');
      await claim.locator('.claim-appeal-submit').click();
      await claim.locator('.claim-status').filter({ hasText: '申诉中（暂停扣费）' }).waitFor(WAIT);
      expect(await claim.locator('.claim-appeal-reason').innerText()).toBe('我的申诉：取车照片右侧已有同样的划痕，非本次用车造成');
      await shot(page, '9-claim-appealed', '.rental-page');
      // The scheduler leaves an appealed claim alone.
      expect(await t.deps.rental.evidence.chargeDue()).toBe(0);
    } finally {
      await context.close();
    }
  }, 180_000);
});
