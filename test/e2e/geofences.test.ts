import type { Page } from 'playwright-core';
import { pageShot, toastsGone } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { seedUnitId, seedVehicleId } from '../helpers/seed-lookup';
import { gcj02ToWgs84 } from '@shared/common/coords';
import { VehicleQuotaEntity } from '../../server/src/modules/fleet/fleet.entity';
import { GeofenceEntity, ParkingSpotEntity } from '../../server/src/modules/supervision/supervision.entity';

/**
 * #18 item 1 in the H5 build: 长安区政府办's fleet admin 何勇 opens 电子围栏 from his home, is told in
 * Chinese what is missing, adds a permitted circle for workdays (the map's coordinates stored as the
 * terminals' WGS-84), sees it listed and deletes it; adds a forbidden polygon pasted as 经度,纬度 pairs on
 * weekdays he picks; sets, sees and clears a car's 定点停放 on its vehicle page; his 预警 page shows a new
 * kind (超编制配备) by its label.
 */
const WAIT = { timeout: 30_000 };

describe('电子围栏 page of the unit fleet admin (H5 build)', () => {
  const app = browserApp();
  const shot = (page: Page, name: string, stretch?: string) => pageShot(page, `geofences-${name}`, stretch ? { stretch } : { top: true });
  const fill = (page: Page, hook: string, value: string) => page.locator(`.${hook} input`).first().fill(value);
  /** A tap where a finger would land (Playwright's click reads the vehicle page's pull-to-refresh wrapper as covering its buttons). */
  const tap = async (page: Page, selector: string) => {
    const el = page.locator(selector).first();
    await el.waitFor(WAIT);
    await el.scrollIntoViewIfNeeded();
    const box = (await el.boundingBox())!;
    await page.mouse.click(box.x + Math.min(12, box.width / 2), box.y + box.height / 2);
  };

  it('when the fleet admin adds a circle with a window and deletes it, then the list follows and a missing name is named in Chinese', async () => {
    const he = await app.signIn('何勇');
    // 何勇 is the unit's dispatcher and approver too: his home switches to the fleet admin's tiles.
    await he.locator('.home-role-fleet_admin').click();
    await he.locator('.home-tile-geofences').click();
    await he.locator('.geofences-page').waitFor(WAIT);
    await he.getByText('还没有电子围栏').waitFor(WAIT);
    await fill(he, 'input-fence-lat', '38.0443');
    await fill(he, 'input-fence-lng', '114.5475');
    await he.locator('.fence-submit').click();
    await he.locator('.geofence-error').filter({ hasText: '名称：名称至少 2 个字' }).waitFor(WAIT);
    await shot(he, '01-refused', '.geofences-page');
    await fill(he, 'input-fence-name', '长安区工作日范围');
    await fill(he, 'input-fence-radius', '5000');
    await he.locator('.fence-submit').click();
    const item = he.locator('.geofence').filter({ hasText: '长安区工作日范围' });
    await item.filter({ hasText: '允许区域（不得驶出） · 周一至周五 08:00–18:00' }).waitFor(WAIT);
    await item.filter({ hasText: '圆形，半径 5000 米' }).waitFor(WAIT);
    await shot(he, '02-listed', '.geofences-page');
    const row = await app.t.deps.db.manager.findOneByOrFail(GeofenceEntity, { name: '长安区工作日范围' });
    const wgs = gcj02ToWgs84({ lat: 38.0443, lng: 114.5475 });
    expect(row).toMatchObject({ kind: 'permitted', radiusM: 5000, days: '1,2,3,4,5', fromMin: 480, toMin: 1080 });
    expect(Math.abs(Number(row.centerLat) - wgs.lat)).toBeLessThan(1e-5);
    expect(Math.abs(Number(row.centerLng) - wgs.lng)).toBeLessThan(1e-5);

    await he.locator(`.geofence-delete-${row.id}`).click();
    await he.locator('.taro-modal__foot').getByText('删除', { exact: true }).click();
    await he.getByText('还没有电子围栏').waitFor(WAIT);
    expect(await app.t.deps.db.manager.countBy(GeofenceEntity, { id: row.id })).toBe(0);
  }, 240_000);

  it('when the fleet admin pastes a polygon and picks weekdays, then it is listed with its vertices and days, stored in WGS-84', async () => {
    const he = await app.signIn('何勇');
    await he.locator('.home-role-fleet_admin').click();
    await he.locator('.home-tile-geofences').click();
    await he.locator('.geofences-page').waitFor(WAIT);
    await fill(he, 'input-fence-name', '长安区核心区');
    await he.locator('.fence-kind-forbidden').click();
    await he.locator('.fence-shape-polygon').click();
    await fill(he, 'input-fence-points', '114.50,38.02;114.60,38.02');
    await he.locator('.fence-submit').click();
    await he.locator('.geofence-error').filter({ hasText: '多边形至少 3 个顶点' }).waitFor(WAIT);
    await fill(he, 'input-fence-points', '114.50,38.02；114.60，38.02;114.60,38.08;114.50,38.08');
    await he.locator('.fence-points-count').filter({ hasText: '已填 4 个顶点' }).waitFor(WAIT);
    await he.locator('.fence-window-days').click();
    await he.locator('.fence-day-5').click();
    await he.locator('.fence-day-6').click();
    await shot(he, '04-polygon-form', '.geofences-page');
    await he.locator('.fence-submit').click();
    const item = he.locator('.geofence').filter({ hasText: '长安区核心区' });
    await item.filter({ hasText: '禁入区域' }).filter({ hasText: '周一、周二、周三、周四、周六 08:00–18:00' }).waitFor(WAIT);
    await item.filter({ hasText: '多边形，4 个顶点' }).waitFor(WAIT);
    await shot(he, '05-polygon-listed', '.geofences-page');
    const row = await app.t.deps.db.manager.findOneByOrFail(GeofenceEntity, { name: '长安区核心区' });
    expect(row).toMatchObject({ kind: 'forbidden', radiusM: null, days: '1,2,3,4,6', fromMin: 480, toMin: 1080 });
    const points = JSON.parse(row.polygonJson!) as Array<{ lat: number; lng: number }>;
    const first = gcj02ToWgs84({ lat: 38.02, lng: 114.50 });
    expect(points).toHaveLength(4);
    expect(Math.abs(points[0]!.lat - first.lat)).toBeLessThan(1e-5);
    expect(Math.abs(points[0]!.lng - first.lng)).toBeLessThan(1e-5);
  }, 240_000);

  it('when the fleet admin sets a car\'s 定点停放 on its vehicle page, then it shows with coordinates and radius, and clearing it empties it', async () => {
    const car = await seedVehicleId(app.t, '冀A00108');
    const he = await app.signIn('何勇');
    await he.locator('.home-role-fleet_admin').click();
    await he.goto(`${app.baseUrl}/#/packages/fleet/detail/index?id=${car}`);
    await he.locator('.parking-spot-none').filter({ hasText: '未设定定点停放位置' }).waitFor(WAIT);
    await tap(he, '.spot-edit');
    await fill(he, 'input-spot-lat', '38.0443');
    await fill(he, 'input-spot-lng', '114.5475');
    await fill(he, 'input-spot-radius', '10');
    await tap(he, '.spot-submit');
    await he.locator('.parking-spot-error').filter({ hasText: '名称' }).waitFor(WAIT);
    await fill(he, 'input-spot-name', '长安区政府大院停车场');
    await fill(he, 'input-spot-radius', '150');
    await tap(he, '.spot-submit');
    await he.locator('.parking-spot-name').filter({ hasText: '长安区政府大院停车场' }).waitFor(WAIT);
    await he.locator('.parking-spot-coords').filter({ hasText: '38.044300, 114.547500' }).waitFor(WAIT);
    await he.locator('.parking-spot-radius').filter({ hasText: '150 米' }).waitFor(WAIT);
    await toastsGone(he);
    await shot(he, '06-parking-spot-set', '.vehicle-detail');
    const row = await app.t.deps.db.manager.findOneByOrFail(ParkingSpotEntity, { vehicleId: car });
    const wgs = gcj02ToWgs84({ lat: 38.0443, lng: 114.5475 });
    expect(row).toMatchObject({ name: '长安区政府大院停车场', radiusM: 150 });
    expect(Math.abs(Number(row.lat) - wgs.lat)).toBeLessThan(1e-5);
    expect(Math.abs(Number(row.lng) - wgs.lng)).toBeLessThan(1e-5);

    await tap(he, '.spot-clear');
    await he.locator('.taro-modal__foot').getByText('清除', { exact: true }).click();
    await he.locator('.parking-spot-none').waitFor(WAIT);
    expect(await app.t.deps.db.manager.countBy(ParkingSpotEntity, { vehicleId: car })).toBe(0);
    await toastsGone(he);
    await shot(he, '07-parking-spot-cleared', '.vehicle-detail');
  }, 240_000);

  it('when the unit is over its 编制, then its 预警 page shows 超编制配备 with the unit and no plate', async () => {
    const ca = await seedUnitId(app.t, '长安区人民政府办公室');
    await app.t.deps.db.manager.update(VehicleQuotaEntity, { unitId: ca, category: 'general' }, { quota: 1 });
    expect(await app.t.deps.supervision.fleetChecks.checkQuotas()).toBe(1);
    const he = await app.signIn('何勇');
    await he.locator('.home-role-fleet_admin').click();
    await he.locator('.home-tile-warnings').click();
    const card = he.locator('.warning-card').filter({ hasText: '超编制配备' });
    await card.filter({ hasText: '长安区人民政府办公室 一般公务用车超编 1 辆' }).waitFor(WAIT);
    await shot(he, '03-over-quota-warning', '.supervision-page');
  }, 240_000);
});
