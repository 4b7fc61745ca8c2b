import type { Page } from 'playwright-core';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { searchAndPick } from '../helpers/place-picker';
import { gazetteer } from '../../server/src/fakes/tencent-map';
import { TripEntity } from '../../server/src/modules/trips/trips.entity';
import { wgs84ToGcj02 } from '../../shared/src/common/coords';

/**
 * #14 item 1 in the H5 build: a township user's trip form starts at their own unit's address, not at
 * 河北省发展和改革委员会; they search a place (the fake map provider answers from the Hebei gazetteer in
 * Tencent's wire format), pick it, add a typed address, and the trip keeps those GCJ-02 coordinates and
 * texts; the next form offers the place as recent.
 */
const WAIT = { timeout: 30_000 };

describe('places in the trip form (H5 build)', () => {
  const app = browserApp();
  const shot = (page: Page, name: string, top = false) => pageShot(page, `places-${name}`, { top });

  async function fill(page: Page, hook: string, value: string): Promise<void> {
    await page.locator(`.${hook} input, .${hook} textarea`).first().fill(value);
  }

  it('when 邓华 of 建北街道办事处 searches 诸福屯, picks the town government and adds a typed address, then the trip starts at the street office and keeps the picked coordinates', async () => {
    const page = await app.signIn('邓华');
    await page.goto(`${app.baseUrl}/#/packages/trips/new/index`);
    // The start is the user's own unit at its address.
    const origin = page.locator('.place-selected-origin-0');
    await origin.filter({ hasText: '建北街道办事处' }).waitFor(WAIT);
    await origin.filter({ hasText: '河北省石家庄市长安区建华北大街与光华路交叉口' }).waitFor(WAIT);
    expect(await page.locator('.field-origin').innerText()).not.toContain('河北省发展和改革委员会');
    await fill(page, 'input-purpose', '赴诸福屯镇督导秋粮收储');

    await page.locator('.place-search-destination input').first().fill('诸福屯');
    await page.locator('.place-suggestion-destination-0').filter({ hasText: '正定县诸福屯镇人民政府' }).waitFor(WAIT);
    await page.locator('.field-destinations').scrollIntoViewIfNeeded();
    await shot(page, '01-search-suggestions');
    await page.locator('.place-suggestion-destination-0').click();
    await page.locator('.place-selected-destination-0').filter({ hasText: '正定县诸福屯镇人民政府' }).waitFor(WAIT);

    // A place the gazetteer does not know: kept as the typed text.
    await page.locator('.place-search-destination input').first().fill('诸福屯镇东杜村村委会');
    await page.locator('.place-typed-destination').click();
    await page.locator('.place-selected-destination-1').filter({ hasText: '诸福屯镇东杜村村委会' }).waitFor(WAIT);
    await fill(page, 'input-passengers', '2');
    await fill(page, 'input-passenger-names', '邓华、社区网格员');
    await page.locator('.field-destinations').scrollIntoViewIfNeeded();
    await shot(page, '02-form-filled');

    await page.locator('.trip-form-submit').click();
    await page.waitForURL(/packages\/trips\/detail/, WAIT);
    await page.locator('.trip-detail-status').filter({ hasText: '审批中' }).waitFor(WAIT);
    const id = Number(new URL(page.url().replace('/#/', '/')).searchParams.get('id'));
    await shot(page, '03-trip-detail', true);

    const trip = await app.t.deps.db.manager.findOneByOrFail(TripEntity, { id });
    const [, address, lat, lng] = gazetteer.find(([name]) => name === '正定县诸福屯镇人民政府')!;
    expect(JSON.parse(trip.originJson)).toEqual({ name: '建北街道办事处', address: '河北省石家庄市长安区建华北大街与光华路交叉口', lat: 38.064, lng: 114.5478 });
    expect(JSON.parse(trip.destinationsJson)).toEqual([{ name: '正定县诸福屯镇人民政府', address, lat, lng }, { name: '诸福屯镇东杜村村委会' }]);

    // The next request offers it among the recent places.
    await page.goto(`${app.baseUrl}/#/packages/trips/new/index`);
    await page.locator('.place-selected-origin-0').filter({ hasText: '建北街道办事处' }).waitFor(WAIT);
    await page.locator('.place-picker-destination .place-quick-chip').filter({ hasText: '正定县诸福屯镇人民政府' }).waitFor(WAIT);
    await page.locator('.field-destinations').scrollIntoViewIfNeeded();
    await shot(page, '04-recent-places');
  });

  it('when the user takes 使用当前位置 as the start, then the phone\'s WGS-84 position is kept in GCJ-02', async () => {
    const page = await app.signIn('王建国');
    await page.context().grantPermissions(['geolocation'], { origin: app.baseUrl });
    await page.context().setGeolocation({ latitude: 38.0453, longitude: 114.5089 });
    await page.goto(`${app.baseUrl}/#/packages/trips/new/index`);
    await page.locator('.place-selected-origin-0').filter({ hasText: '河北省发展和改革委员会' }).waitFor(WAIT);
    await page.locator('.place-locate-origin').click();
    const gcj = wgs84ToGcj02({ lat: 38.0453, lng: 114.5089 });
    await page.locator('.place-selected-origin-0').filter({ hasText: '当前位置' }).waitFor(WAIT);
    expect(await page.locator('.place-selected-origin-0').innerText()).toContain(`北纬 ${gcj.lat.toFixed(5)}°，东经 ${gcj.lng.toFixed(5)}°`);
  });

  it('when a 保定 user opens the form, then the start is their unit in 保定 and the search looks in 保定市 first', async () => {
    const page = await app.signIn('曹阳');
    await page.goto(`${app.baseUrl}/#/packages/trips/new/index`);
    await page.locator('.place-selected-origin-0').filter({ hasText: '竞秀区人民政府办公室' }).waitFor(WAIT);
    await searchAndPick(page, 'destination', '人民医院', '满城区人民医院');
    expect(await page.locator('.place-selected-destination-0').innerText()).toContain('河北省保定市满城区');
  });
});
