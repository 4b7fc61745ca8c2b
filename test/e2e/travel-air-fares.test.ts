import { travelRecordSchema } from '@shared/travel/travel.schemas';
import { addShanghaiDays } from '@shared/common/time';
import { pageShot, screenshotPath, fillField, tapElement } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { approvedTrip, as, tripBody } from '../helpers/trips';
import { approvedTravel, travelBody } from '../helpers/travel';
import { carIdOf, rentalCar, STATION_NORTH_SQUARE, type RentalCarSim } from '../helpers/rental-cars';
import { signInAs } from '../helpers/auth';
import { solidPng } from '../helpers/png';

const WAIT = { timeout: 30_000 };

const tap = tapElement;
const fill = fillField;

/**
 * #21 item 5's left-overs in the browser: 王建国's approved 出差 (an NEV leg to the airport today, a flight
 * to 广州 tomorrow). On the ticket page a flight paid 单位月结 is refused naming the 公务卡 rule; the market
 * fare with its price record is booked; the record shows the ticket with its fare kind and record, and an
 * NEV rental linked to the NEV leg under that leg. A screenshot per step.
 */
describe('air-fare rules and vehicle legs on the 出差 record (H5 build)', () => {
  const app = browserApp({ JT808_COMMAND_TIMEOUT_MS: '1000', JT808_COMMAND_FIRST_TIMEOUT_MS: '400', JT808_COMMAND_RETRIES: '1' });
  let car: RentalCarSim | undefined;
  afterAll(() => car?.close());

  it('when a traveller books a flight under the 出差 and links the NEV rental, then the rules are kept and the record shows the ticket, its price record and the rental on its leg', async () => {
    const today = addShanghaiDays(new Date(), 0);
    const flyOn = addShanghaiDays(new Date(), 1);
    const [wang, li] = await Promise.all(['王建国', '李秀英'].map((n) => as(app.t, n)));
    const travelId = await approvedTravel(wang, li, travelBody(0, {
      purpose: '赴广州参加粤港澳大湾区产业对接会', reception: null,
      legs: [
        { departOn: today, arriveOn: today, fromPlace: '省发改委', toPlace: '石家庄正定国际机场', toRegionCode: '130100', transport: 'nev' },
        { departOn: flyOn, arriveOn: flyOn, fromPlace: '石家庄', toPlace: '广州', toRegionCode: '440100', transport: 'air' },
      ],
    }).body);

    const page = await app.signIn('王建国');
    await page.goto(`${app.baseUrl}/#/packages/travel/detail/index?id=${travelId}`);
    await page.locator('.travel-status').filter({ hasText: '已批准' }).waitFor(WAIT);

    // 1. Tickets under the record: flights to 广州 tomorrow, each cabin with the procurement and the market fare.
    await tap(page, '.travel-book-ticket');
    await page.waitForURL(/reservations\/index/, WAIT);
    // The flight leg fills the search: 飞机, 石家庄 → 广州, tomorrow.
    await page.locator('.ticket-mode-air.is-active').waitFor(WAIT);
    await expect(page.locator('.input-ticket-to input').inputValue()).resolves.toBe('广州');
    await page.locator('.picker-ticket-date').filter({ hasText: flyOn }).waitFor(WAIT);
    await tap(page, '.ticket-search');
    const economy = page.locator('.fare-service-CA1234 .fare-economy');
    await economy.locator('.rsv-fare-market').waitFor(WAIT);
    await tap(page, '.fare-service-CA1234 .fare-economy .fare-book');
    await page.locator('.air-fare-panel').waitFor(WAIT);

    // 2. Paid 单位月结: refused, naming the 公务卡 rule and its source.
    await tap(page, '.air-payment-unit_statement');
    await tap(page, '.air-fare-confirm');
    const refused = page.locator('.air-fare-error');
    await refused.waitFor(WAIT);
    await expect(refused.textContent()).resolves.toContain('机票须使用公务卡支付');
    await expect(refused.textContent()).resolves.toContain('财库〔2014〕33号');
    await pageShot(page, 'air-1-statement-refused', { stretch: '.reservations-page' });

    // 3. 公务卡 at the market fare, with the price record: booked.
    await tap(page, '.air-payment-official_card');
    await tap(page, '.air-fare-kind-market');
    await page.locator('.price-record-form').waitFor(WAIT);
    await fill(page, 'input-price-record-source', '中国国际航空官网');
    await fill(page, 'input-price-record-quote', '官网经济舱报价截图已存档');
    // The screenshot the traveller saw on the airline's page (optional), kept with the record.
    const chooser = page.waitForEvent('filechooser', WAIT);
    await tap(page, '.price-record-shot-pick');
    await (await chooser).setFiles({ name: 'ca1234-fare.png', mimeType: 'image/png', buffer: solidPng(320, 240, [200, 32, 40]) });
    await page.locator('.price-record-shot-img').waitFor(WAIT);
    await expect(page.locator('.price-record-shot-pick').textContent()).resolves.toContain('更换比价截图');
    await pageShot(page, 'air-2-market-fare-with-record', { stretch: '.reservations-page' });
    await tap(page, '.air-fare-confirm');
    await page.waitForURL(/reservations\/detail/, WAIT);
    await page.locator('.rsv-detail-status').filter({ hasText: '待商家确认' }).waitFor(WAIT);

    // 4. An NEV rental of today, linked from the record's page to the NEV leg.
    car = await rentalCar(app.t, '冀AD20001', STATION_NORTH_SQUARE, 1);
    const task = await approvedTrip(wang, [li], tripBody({ purpose: '分时租赁赴机场（出差）' }, { daysAhead: 1 }));
    await wang.put('/api/rental/licence', { licenceNo: '130102198001011234', licenceClass: 'C1', expiresOn: '2031-05-01' });
    const held = await wang.post('/api/rental/rentals', { carId: await carIdOf(app.t, (await signInAs(app.t, '王建国')).Authorization, '冀AD20001'), purpose: 'official', tripId: task });
    expect(held.status).toBe(201);
    await page.goto(`${app.baseUrl}/#/packages/travel/detail/index?id=${travelId}`);
    await page.locator('.travel-link-form').waitFor(WAIT);
    await fill(page, 'input-link-subject', String(held.body.id));
    await tap(page, '.travel-link-submit');
    const link = page.locator('.travel-leg-1 .travel-link-rental');
    await link.waitFor(WAIT);
    await expect(link.textContent()).resolves.toContain(`分时租赁订单 ${held.body.id}`);
    await expect(link.textContent()).resolves.toContain('批准第 1 段 省发改委—石家庄正定国际机场');

    const ticket = page.locator('.travel-ticket-market');
    await ticket.waitFor(WAIT);
    await expect(ticket.textContent()).resolves.toContain('市场价格（低于政府采购价）');
    await expect(ticket.locator('.travel-price-record').textContent()).resolves.toContain('比价记录：中国国际航空官网 CA1234');
    // The screenshot uploaded with the booking shows on the ticket card, loaded through its signed link.
    await ticket.locator('.travel-price-shot-img').first().waitFor(WAIT);
    await page.waitForFunction("(() => { const i = document.querySelector('.travel-ticket-market .travel-price-shot-img img, .travel-ticket-market img.travel-price-shot-img'); return !!i && i.complete && i.naturalWidth === 320; })()", undefined, WAIT);
    const record = travelRecordSchema.parse((await wang.get(`/api/travel/${travelId}`)).body);
    expect(record.tickets[0]).toMatchObject({ fareKind: 'market', paymentMethodLabel: '公务卡' });
    expect(record.tickets[0]!.priceRecord!.screenshotUrl).toMatch(/^\/api\/reservations\/price-records\/\d+\/image\?/);
    expect(record.tickets[0]!.priceFen).toBeLessThan(record.tickets[0]!.procurementFen!);
    await pageShot(page, 'air-3-record-legs-and-ticket', { stretch: '.travel-detail' });
    // The two cards as a person reads them on the phone.
    await page.locator('.travel-legs').screenshot({ path: screenshotPath('air-4-legs-with-rental') });
    await page.locator('.travel-tickets').screenshot({ path: screenshotPath('air-5-ticket-with-price-record') });
  }, 240_000);
});
