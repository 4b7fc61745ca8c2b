import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { formatYuan } from '@shared/common/money';
import { startTestApp, TestApp } from '../helpers/test-deps';
import { listenFirst, type EarlyServer } from '../helpers/http-server';
import { launchBrowser, newPhonePage, pageShot, signInDemo } from '../helpers/browser';
import { seedUserId } from '../helpers/seed-lookup';
import { signInAs } from '../helpers/auth';
import { RentalCarSim, rentalCar, STATION_NORTH_SQUARE } from '../helpers/rental-cars';

const WAIT = { timeout: 30_000 };
/** Somewhere on 中山路, about 2 km from every station: not a place to return the car. */
const AWAY = { lat: 38.0300, lng: 114.5000 };
/** Where the phone says the user stands: a short walk from 石家庄站北广场. */
const WALKING_UP = { latitude: 38.0131, longitude: 114.4801 };

/**
 * 分时租赁 in the browser (issue #15 acceptance): the H5 build against the real app, whose JT/T 808
 * gateway talks over TCP to the simulated terminal of 冀AD20001 parked at 石家庄站北广场. 王建国 finds
 * it near him, reserves it for personal use, unlocks it (the first try is not confirmed by the
 * terminal: the page says so, the reservation stays; the retry is confirmed), drives (the terminal
 * moves and reports mileage), is refused a return away from the stations with the distance, drives
 * back into the fence, locks and returns; the receipt shows the plan's price, paid by the fake WeChat
 * Pay. The company's operator 高峰 then sees the car back in the live fleet. A screenshot per step.
 */
describe('time-share rental in the browser (H5 build, simulated terminal)', () => {
  let t: TestApp;
  let server: EarlyServer;
  let browser: Browser;
  let car: RentalCarSim;
  beforeAll(async () => {
    server = await listenFirst();
    // Short command timeouts: the unconfirmed unlock is told within a few seconds.
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

  const shot = (page: Page, name: string, stretch?: string) => pageShot(page, `rental-${name}`, stretch ? { stretch } : { top: true });
  /** A success toast fades after 1.5 s: the picture is of the page, not of the toast. */
  const toastGone = (page: Page, text: string) => page.locator('.taro__toast').filter({ hasText: text }).waitFor({ state: 'hidden', ...WAIT });

  it('when 王建国 finds, reserves, unlocks, drives and returns a car, then the receipt shows the plan\'s price and WeChat Pay settles it', async () => {
    const { context, page } = await newPhonePage(browser);
    try {
      await context.grantPermissions(['geolocation']);
      await context.setGeolocation(WALKING_UP);
      await signInDemo(page, server.baseUrl, await seedUserId(t, '王建国'), '王建国');
      const me = (await signInAs(t, '王建国')).Authorization;
      const carId = (await request(server.baseUrl).get('/api/rental/cars').set('Authorization', me)).body.cars
        .find((c: { plate: string }) => c.plate === '冀AD20001').id as number;

      // 1. Find: cars near me on the map and in the list, nearest first, with battery and range.
      await page.locator('.home-tile-rental').click();
      await page.waitForURL(/packages\/rental\/index\/index/, WAIT);
      const row = page.locator(`.rental-car-${carId}`);
      await row.waitFor(WAIT);
      await page.locator(`.rental-car-dot-${carId}`).waitFor(WAIT);
      expect(await page.locator('.rental-find-summary').innerText()).toMatch(/附近 10 公里内可租 \d+ 辆/);
      expect(await row.innerText()).toMatch(/冀A·D20001[\s\S]*电量 86% · 续航约 340 公里[\s\S]*石家庄站北广场/);
      expect(await row.locator('.rental-car-distance').innerText()).toMatch(/^\d+ 米$/);
      expect(await page.locator('.rental-car').first().getAttribute('class')).toContain(`rental-car-${carId}`);
      // 冀AD20003 has 15 % battery: never offered.
      expect(await page.locator('.rental-car').allInnerTexts()).not.toEqual(expect.arrayContaining([expect.stringContaining('D20003')]));
      await shot(page, '1-find');

      // A 300 km drive needs 360 km of range: 冀AD20001 (340 km) is left out, and comes back at 100 km.
      await page.locator('.input-rental-distance input, input.input-rental-distance').first().fill('300');
      await page.locator('.rental-distance-apply').click();
      await page.locator('.rental-find-summary').filter({ hasText: '续航足够行驶 300 公里' }).waitFor(WAIT);
      await row.waitFor({ state: 'detached', ...WAIT });
      await page.locator('.input-rental-distance input, input.input-rental-distance').first().fill('100');
      await page.locator('.rental-distance-apply').click();
      await row.waitFor(WAIT);

      // 2. Reserve for personal use.
      await row.click();
      const panel = page.locator(`.rental-reserve-${carId}`);
      await panel.waitFor(WAIT);
      expect(await panel.innerText()).toContain('保留 15 分钟');
      await shot(page, '2-reserve', '.rental-find-page');
      // This user pays per rental with WeChat Pay (the panel offers 微信支付分免押 first; rental-handover tests that).
      await panel.locator('.pay-with-wechat_pay').click();
      await panel.locator('.rental-reserve-submit').click();
      await page.waitForURL(/packages\/rental\/rental\/index\?id=\d+/, WAIT);
      const rentalId = Number(/[?&]id=(\d+)/.exec(page.url())![1]);
      await page.locator('.rental-status-reserved .rental-countdown').waitFor(WAIT);
      expect(await page.locator('.rental-countdown').innerText()).toMatch(/^1[45]:\d\d$/);
      await shot(page, '3-reserved');

      // 3. Unlock: the terminal does not answer → the page waits, then says why; nothing starts.
      car.misbehave('noReply');
      await page.locator('.rental-unlock').click();
      await page.locator('.rental-unlocking').waitFor(WAIT);
      expect(await page.locator('.rental-unlocking').innerText()).toContain('正在等待车辆确认');
      await shot(page, '4-unlock-waiting');
      const failed = page.locator('.rental-unlock-error');
      await failed.waitFor(WAIT);
      expect(await failed.innerText()).toMatch(/开锁未确认[\s\S]*预约保留至[\s\S]*未产生费用/);
      expect(await page.locator('.rental-unlock').innerText()).toBe('重试开锁');
      expect(await page.locator('.rental-status').innerText()).toBe('已预约');
      expect(car.terminal.locked).toBe(true);
      await shot(page, '5-unlock-failed');
      const stillReserved = await request(server.baseUrl).get(`/api/rental/rentals/${rentalId}`).set('Authorization', me);
      expect(stillReserved.body).toMatchObject({ status: 'reserved', startedAt: null, amountFen: null });

      // Retry: confirmed by the terminal's status bit, the rental starts.
      car.misbehave('none');
      await page.locator('.rental-unlock').click();
      await page.locator('.rental-status-in_rental .rental-elapsed').waitFor(WAIT);
      expect(car.terminal.locked).toBe(false);
      await toastGone(page, '已开锁');
      await shot(page, '6-in-rental');

      // 4. Drive: the terminal moves away and reports 6.2 km more; the page's km and running price follow.
      await car.driveTo(AWAY, 6.2);
      await page.locator('.rental-km').filter({ hasText: /^6\.2$/ }).waitFor(WAIT);
      expect(await page.locator('.rental-running-price').innerText()).toMatch(/^¥\d+\.\d\d$/);
      await shot(page, '7-driving');

      // A stop: park, lock; returning here is refused with the distance to the nearest station.
      await car.park();
      await page.locator('.rental-lock').click();
      await page.locator('.rental-running .rental-hero-note').filter({ hasText: '车门已锁' }).waitFor(WAIT);
      expect(car.terminal.locked).toBe(true);
      await car.report();
      await page.locator('.rental-return').click();
      await page.locator('.taro-modal__foot').getByText('还车').click();
      const refused = page.locator('.rental-return-error');
      await refused.waitFor(WAIT);
      expect(await refused.innerText()).toMatch(/不在还车网点范围内[\s\S]*距最近的还车网点「.+」约 \d+(\.\d)? 公里/);
      expect(await refused.locator('.rental-refusal-distance').innerText()).toMatch(/距「.+」还有 \d+(\.\d)? 公里/);
      expect(await page.locator('.rental-status').innerText()).toBe('用车中');
      await shot(page, '8-return-refused');

      // Back into 石家庄站北广场's fence, ignition off, doors locked: returned.
      await page.locator('.rental-unlock').click();
      await page.locator('.rental-lock').waitFor(WAIT);
      await car.driveTo(STATION_NORTH_SQUARE, 6.0);
      await car.park();
      await page.locator('.rental-lock').click();
      await page.locator('.rental-running .rental-hero-note').filter({ hasText: '车门已锁' }).waitFor(WAIT);
      await car.report();
      await page.locator('.rental-return').click();
      await page.locator('.taro-modal__foot').getByText('还车').click();
      await page.locator('.rental-status-returned .rental-receipt').waitFor(WAIT);

      // 5. The receipt: the plan's lines, from the price the server computed.
      const done = (await request(server.baseUrl).get(`/api/rental/rentals/${rentalId}`).set('Authorization', me)).body;
      expect(done).toMatchObject({ status: 'returned', payment: 'unpaid', returnStationName: '石家庄站北广场' });
      expect(done.price).toMatchObject({ km: 12.2, kmFen: 976 });
      // The wall clock decides day (¥0.50) or night (¥0.25, 22:00–06:00 Shanghai) minutes: every minute is one or the other.
      expect(done.price.dayFen / 50 + done.price.nightFen / 25).toBe(done.price.minutes);
      const receipt = page.locator('.rental-receipt');
      expect(await receipt.locator('.receipt-distance .receipt-value').innerText()).toBe('12.2 公里');
      expect(await receipt.innerText()).toContain('里程费（12.2 公里 × ¥0.80）');
      expect(await receipt.innerText()).toContain('¥9.76');
      expect(await receipt.innerText()).toContain(`日间时长费（¥0.50/分钟）`);
      expect(await receipt.locator('.rental-receipt-amount').innerText()).toBe(formatYuan(done.amountFen));
      expect(await page.locator('.rental-return-station .info-value').innerText()).toBe('石家庄站北广场');
      await shot(page, '9-receipt', '.rental-page');

      // 6. Personal use: paid through the fake WeChat Pay; the page learns it from the notice.
      await page.locator('.rental-pay').click();
      await page.locator('.rental-payment-paid, .rental-pay-error').first().waitFor({ timeout: 45_000 });
      if (await page.locator('.rental-pay-error').count()) throw new Error(`payment refused: ${await page.locator('.rental-pay-error').innerText()}`);
      expect(await page.locator('.rental-payment-paid').innerText()).toBe('已通过微信支付');
      await toastGone(page, '支付成功');
      await shot(page, '10-paid', '.rental-page');

      // 7. My rentals.
      await page.locator('.rental-page .rental-go-mine').click();
      await page.waitForURL(/packages\/rental\/mine\/index/, WAIT);
      const mine = page.locator(`.rental-row-${rentalId}`);
      await mine.waitFor(WAIT);
      expect(await mine.innerText()).toMatch(new RegExp(`已还车[\\s\\S]*12\\.2 公里 · ${formatYuan(done.amountFen).replace('.', '\\.')} · 已支付`));
      await shot(page, '11-mine');
    } finally {
      await context.close();
    }
  }, 240_000);

  it('when the company\'s operator 高峰 opens 分时租赁运营, then the car is back in the live fleet, the rental is listed and stations and plans show', async () => {
    const { context, page } = await newPhonePage(browser);
    try {
      await signInDemo(page, server.baseUrl, await seedUserId(t, '高峰'), '高峰');
      await page.locator('.home-tile-rental-company').click();
      await page.waitForURL(/packages\/rental\/company\/index/, WAIT);
      const gao = (await signInAs(t, '高峰')).Authorization;
      const cars = (await request(server.baseUrl).get('/api/rental/company/cars').set('Authorization', gao)).body.items as Array<{ id: number; plate: string }>;
      const carId = cars.find((c) => c.plate === '冀AD20001')!.id;
      const row = page.locator(`.company-car-${carId}`);
      await row.waitFor(WAIT);
      expect(await row.innerText()).toMatch(/冀A·D20001[\s\S]*可租[\s\S]*在线[\s\S]*电量 86%[\s\S]*石家庄站北广场/);
      await page.locator(`.rental-car-dot-${carId}`).waitFor(WAIT);
      await page.locator('.rental-station-shape').first().waitFor(WAIT);
      await shot(page, 'company-fleet', '.rental-company-page');

      await page.locator('.company-tab-rentals').click();
      await page.locator('.company-rental').first().waitFor(WAIT);
      expect(await page.locator('.company-rental').first().innerText()).toMatch(/冀A·D20001 · 王建国[\s\S]*已还车[\s\S]*12\.2 公里/);
      await shot(page, 'company-rentals');

      await page.locator('.company-tab-stations').click();
      await page.locator('.company-station').first().waitFor(WAIT);
      expect(await page.locator('.company-stations').innerText()).toMatch(/石家庄站北广场[\s\S]*半径 150 米[\s\S]*河北博物院[\s\S]*多边形/);
      await shot(page, 'company-stations', '.rental-company-page');

      await page.locator('.company-tab-plans').click();
      await page.locator('.company-plan').first().waitFor(WAIT);
      expect(await page.locator('.company-plans').innerText()).toMatch(/按分钟计费[\s\S]*¥0\.50\/分钟 \+ ¥0\.80\/公里[\s\S]*封顶 ¥83\.00/);
      await shot(page, 'company-plans');
    } finally {
      await context.close();
    }
  }, 120_000);
});
