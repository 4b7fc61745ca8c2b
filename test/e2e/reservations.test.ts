import type { Page } from 'playwright-core';
import { reservationSchema, type Reservation } from '@shared/reservations/reservations.schemas';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { approvedBusinessTrip } from '../helpers/reservations';
import { eventually } from '../helpers/feed';

const WAIT = { timeout: 30_000 };

/**
 * #16 in the browser: on an approved 出差 trip, 王建国 (其他人员) books a 标准间 within the lodging
 * standard, a reception table within the per-person cap and a second-class train seat; sees the three
 * under 我的预订; the hotel (林娜), the restaurant (谢东) and the ticket agent (唐静) each confirm from
 * their 预订订单 page; the traveller then sees all three 已确认. A screenshot per step.
 */
describe('hotel, reception table and train ticket on an approved trip (H5 build)', () => {
  const app = browserApp();

  it('when the traveller books within the standards and each supplier confirms, then my bookings show all three confirmed', async () => {
    const { wang, tripId, day } = await approvedBusinessTrip(app.t, 3);
    const mine = async (): Promise<Reservation[]> => (await wang.get('/api/reservations')).body.items.map((r: unknown) => reservationSchema.parse(r));
    /** Back from a booking's page to the list, on `tab`. */
    const backTo = async (tab: string): Promise<void> => {
      await page.goBack();
      await page.locator(`.rsv-tab-${tab}`).click();
      await page.locator(`.rsv-tab-${tab}.is-active`).waitFor(WAIT);
    };

    // 1. The traveller's home tile opens the page; the approved trip is picked; hotels for its first day.
    const page = await app.signIn('王建国');
    await page.locator('.home-tile-reservations').click();
    await page.locator(`.rsv-trip-${tripId}.is-active`).waitFor(WAIT);
    await expect(page.locator('.picker-hotel-check-in').textContent()).resolves.toBe(day);
    const standard = page.locator('.hotel-offer').filter({ hasText: '标准间' });
    const upgrade = page.locator('.hotel-offer').filter({ hasText: '商务大床房' });
    await standard.waitFor(WAIT);
    // Each nightly rate has the lodging standard beside it; the room above it says what happens.
    await expect(standard.locator('.rsv-night-rate').textContent()).resolves.toBe('¥320.00/晚');
    await expect(standard.locator('.rsv-night-std').textContent()).resolves.toContain('标准 ¥350.00');
    await expect(standard.locator('.offer-standard-chip').textContent()).resolves.toBe('符合标准');
    await expect(upgrade.locator('.offer-standard-chip').textContent()).resolves.toBe('超标准');
    await expect(upgrade.locator('.rsv-over-rule').textContent()).resolves.toContain('送事务审批');
    await expect(upgrade.locator('.rsv-over-pay').textContent()).resolves.toContain('¥130.00');
    await pageShot(page, 'reservations-1-hotel-search', { stretch: '.reservations-page' });

    // 2. Book the 标准间: the booking's page says it waits for the hotel.
    await standard.locator('.hotel-book').click();
    await page.waitForURL(/reservations\/detail/, WAIT);
    await page.locator('.rsv-detail-status').filter({ hasText: '待商家确认' }).waitFor(WAIT);
    await expect(page.locator('.rsv-detail-standard .info-value').textContent()).resolves.toBe('标准 ¥350.00/晚');
    await pageShot(page, 'reservations-2-hotel-booked', { top: true });

    // 3. A reception table: 4 guests and 2 hosts, the 公务工作餐 within the per-person cap.
    await backTo('dining');
    const meal = page.locator('.dining-offer').filter({ hasText: '公务工作餐' });
    await meal.waitFor(WAIT);
    await expect(meal.locator('.rsv-std').textContent()).resolves.toBe('标准 ¥100.00/人');
    await expect(meal.locator('.rsv-total').textContent()).resolves.toContain('6 人 1 桌');
    await pageShot(page, 'reservations-3-dining-search', { stretch: '.reservations-page' });
    await meal.locator('.dining-book').click();
    await page.waitForURL(/reservations\/detail/, WAIT);
    await page.locator('.rsv-detail-status').filter({ hasText: '待商家确认' }).waitFor(WAIT);
    await pageShot(page, 'reservations-4-dining-booked', { top: true });

    // 4. A train to 北京 on the trip's day: second class is what 其他人员 may take.
    await backTo('ticket');
    await page.locator('.input-ticket-to input, input.input-ticket-to').first().fill('北京');
    await tapAt(page, '.ticket-search');
    const train = page.locator('.fare-service').first();
    await train.waitFor(WAIT);
    await expect(page.locator('.rsv-ticket-standard').textContent()).resolves.toContain('二等座');
    await expect(train.locator('.fare-second .rsv-fare-std').textContent()).resolves.toBe('可乘坐');
    await expect(train.locator('.fare-business .rsv-fare-std').textContent()).resolves.toBe('超等级·需审批');
    await pageShot(page, 'reservations-5-ticket-search', { stretch: '.reservations-page' });
    await train.locator('.fare-second .fare-book').click();
    await page.waitForURL(/reservations\/detail/, WAIT);
    await page.locator('.rsv-detail-status').filter({ hasText: '待商家确认' }).waitFor(WAIT);
    await pageShot(page, 'reservations-6-ticket-booked', { top: true });

    // 5. 我的预订 lists the three, each waiting for its supplier.
    const booked = await mine();
    expect(booked.map((r) => [r.kind, r.status]).sort()).toEqual([['dining', 'awaiting_supplier'], ['hotel', 'awaiting_supplier'], ['ticket', 'awaiting_supplier']]);
    await backTo('mine');
    for (const r of booked) await page.locator(`.rsv-card-${r.id} .rsv-status`).filter({ hasText: '待商家确认' }).waitFor(WAIT);
    await pageShot(page, 'reservations-7-my-bookings', { stretch: '.reservations-page' });

    // 6. Each supplier confirms from their 预订订单 page (the ticket agent's confirm issues the ticket).
    const suppliers: Array<[string, Reservation['kind'], string]> = [['林娜', 'hotel', 'hotel'], ['谢东', 'dining', 'restaurant'], ['唐静', 'ticket', 'ticket-agent']];
    for (const [name, kind, shot] of suppliers) {
      const r = booked.find((x) => x.kind === kind)!;
      const sp = await app.signIn(name);
      await sp.locator('.home-tile-reservation-orders').click();
      const card = sp.locator(`.rsv-card-${r.id}`);
      await card.locator('.rsv-status').filter({ hasText: '待商家确认' }).waitFor(WAIT);
      await pageShot(sp, `reservations-8-${shot}-orders`, { stretch: '.rsv-supplier-page' });
      await card.locator('.rsv-confirm').click();
      await card.waitFor({ state: 'detached', timeout: 30_000 });
      await sp.locator('.rsv-supplier-tab-done').click();
      await sp.locator(`.rsv-card-${r.id} .rsv-status`).filter({ hasText: '已确认' }).waitFor(WAIT);
      if (kind === 'ticket') await expect(sp.locator(`.rsv-card-${r.id} .rsv-ticket-no`).textContent()).resolves.toMatch(/^票号 \S+/);
      await pageShot(sp, `reservations-9-${shot}-confirmed`, { stretch: '.rsv-supplier-page' });
    }

    // 7. The traveller sees all three confirmed.
    await page.locator('.rsv-tab-hotel').click();
    await page.locator('.rsv-tab-mine').click();
    for (const r of booked) await page.locator(`.rsv-card-${r.id} .rsv-status`).filter({ hasText: '已确认' }).waitFor(WAIT);
    await pageShot(page, 'reservations-10-all-confirmed', { stretch: '.reservations-page' });
    expect((await mine()).map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    await expectHotelInventoryPage(await app.signIn('林娜'), day);
  }, 300_000);

  it('when a room is above the standard, then the traveller pays the difference with WeChat Pay or sends it for approval naming the rule, and a cancellation gives the room back', async () => {
    const { wang, tripId, day } = await approvedBusinessTrip(app.t, 4, '赴石家庄参加项目评审会');
    const upgradeLeft = async (): Promise<number> => {
      const res = await wang.get(`/api/reservations/hotels?tripId=${tripId}&checkIn=${day}&nights=1`);
      return (res.body.items as Array<{ name: string; remaining: number }>).find((o) => o.name === '商务大床房')!.remaining;
    };
    expect(await upgradeLeft()).toBe(6);

    const page = await app.signIn('王建国');
    await page.locator('.home-tile-reservations').click();
    await page.locator(`.rsv-trip-${tripId}`).click();
    await page.locator(`.rsv-trip-${tripId}.is-active`).waitFor(WAIT);
    await expect(page.locator('.picker-hotel-check-in').textContent()).resolves.toBe(day);
    const upgrade = page.locator('.hotel-offer').filter({ hasText: '商务大床房' });
    await upgrade.locator('.rsv-night-rate').filter({ hasText: '¥480.00/晚' }).waitFor(WAIT);

    // 差额自付: the unit is billed the standard, the traveller pays ¥130 with WeChat Pay (the project's fake).
    await upgrade.locator('.hotel-book-pay').click();
    await page.waitForURL(/reservations\/detail/, WAIT);
    await page.locator('.rsv-detail-status').filter({ hasText: '待支付差额' }).waitFor(WAIT);
    await expect(page.locator('.rsv-detail-personal .info-value').textContent()).resolves.toBe('¥130.00（微信支付）');
    await expect(page.locator('.rsv-rule-text').textContent()).resolves.toContain('财行〔2015〕497号');
    await pageShot(page, 'reservations-12-upgrade-to-pay', { top: true });
    await page.locator('.rsv-pay').click();
    await page.locator('.rsv-detail-status').filter({ hasText: '待商家确认' }).waitFor({ timeout: 90_000 });
    await pageShot(page, 'reservations-13-upgrade-paid', { top: true });
    expect(await upgradeLeft()).toBe(5);

    // 取消预订: the room goes back and the ¥130 is refunded.
    await page.locator('.rsv-cancel').click();
    await page.locator('.taro-modal__foot').getByText('取消预订').click();
    await page.locator('.rsv-detail-status').filter({ hasText: '已取消' }).waitFor(WAIT);
    await pageShot(page, 'reservations-14-upgrade-cancelled', { top: true });
    expect(await upgradeLeft()).toBe(6);
    const cancelled = (await wang.get('/api/reservations')).body.items.find((r: Reservation) => r.kind === 'hotel' && r.tripId === tripId);
    const refunded = async (): Promise<number> => (await wang.get(`/api/payments/${cancelled.paymentOutTradeNo}`)).body.refundedFen;
    await eventually(async () => (await refunded()) === 13_000, 30_000, () => 'the ¥130 paid was not refunded');

    // 送审批预订: the booking waits in the approval center, the rule it broke named on its page.
    await page.goBack();
    await upgrade.locator('.hotel-book-approval').click();
    await page.waitForURL(/reservations\/detail/, WAIT);
    await page.locator('.rsv-detail-status').filter({ hasText: '超标准审批中' }).waitFor(WAIT);
    await expect(page.locator('.rsv-rule-text').textContent()).resolves.toMatch(/^超出差旅住宿费标准：其他人员 ¥350\.00\/晚.*¥480\.00/);
    await pageShot(page, 'reservations-15-upgrade-for-approval', { top: true });
  }, 300_000);
});

/**
 * A tap where a finger would land, at the middle of the element: Playwright's own click refuses this
 * page's bottom buttons, reading Taro's pull-to-refresh wrapper (their ancestor) as covering them.
 */
async function tapAt(page: Page, selector: string): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** The hotel's 库存 tab lists the night of the stay with one room fewer left. */
async function expectHotelInventoryPage(page: Page, day: string): Promise<void> {
  await page.locator('.home-tile-reservation-orders').click();
  await page.locator('.rsv-supplier-tab-inventory').click();
  const night = page.locator(`.rsv-inv-day-${day}`);
  await night.waitFor(WAIT);
  await expect(night.locator('.rsv-inv-row').filter({ hasText: '标准间' }).locator('.rsv-inv-left').textContent()).resolves.toBe('余 11 / 12 间');
  await pageShot(page, 'reservations-11-hotel-inventory', { stretch: '.rsv-supplier-page' });
}
