import type { Page } from 'playwright-core';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { seedUnitId } from '../helpers/seed-lookup';
import { as } from '../helpers/trips';

/**
 * #17 item 1 in the H5 build: the 国有企业's fleet admin 钱涛 sees his fleet under his kind's rules (业务用车
 * apart, 不占编制; no 一般公务用车 to pick), the 事业单位's 丁琳 hers (no 执法执勤用车), and the province's
 * supervisor 周明 filters the fleets by unit kind.
 */
const WAIT = { timeout: 30_000 };

describe('事业单位 and 国有企业 fleets in their own views (H5 build)', () => {
  const app = browserApp();
  const shot = (page: Page, name: string) => pageShot(page, `fleet-unit-kinds-${name}`, { stretch: '.fleet-vehicles' });

  it('when an SOE\'s and an institution\'s fleet admins open 车辆档案, then each sees the categories of their kind; the supervisor filters by kind', async () => {
    const soe = await seedUnitId(app.t, '河北建设投资集团有限责任公司');
    const qianApi = await as(app.t, '钱涛');
    const reg = await qianApi.post('/api/vehicles', {
      plate: '冀A0E501', vin: 'LGWEF4A59NF000501', brandModel: '江铃 域虎 皮卡', energyType: 'fuel', displacementMl: 1996, priceFen: 14_000_000, seats: 5,
      category: 'business', ownerUnitId: soe, registeredOn: '2026-11-01', insuranceDue: '2027-10-31', inspectionDue: '2028-10-31',
    });
    expect(reg.status).toBe(201);

    const qian = await app.signIn('钱涛');
    await qian.locator('.home-role-fleet_admin').click(); // 钱涛 is also his company's dispatcher
    await qian.locator('.home-tile-fleet-vehicles').click();
    await qian.locator('.fleet-kind-enterprise .fleet-kind-rules').filter({ hasText: '业务用车按生产经营需要配备，不占编制' }).waitFor(WAIT);
    await qian.locator('.fleet-category-business').waitFor(WAIT);
    expect(await qian.locator('.fleet-category-general').count()).toBe(0);
    await qian.locator(`.vehicle-row-${reg.body.id}`).filter({ hasText: '业务用车 · 不占编制' }).waitFor(WAIT);
    await qian.locator('.fleet-category-business').click();
    await qian.locator('.work-header-sub').filter({ hasText: '共 1 辆' }).waitFor(WAIT);
    await shot(qian, '01-soe-business');

    const ding = await app.signIn('丁琳');
    await ding.locator('.home-role-fleet_admin').click(); // 丁琳 also applies for trips
    await ding.locator('.home-tile-fleet-vehicles').click();
    await ding.locator('.fleet-kind-institution .fleet-kind-rules').filter({ hasText: '事业单位车辆' }).waitFor(WAIT);
    expect(await ding.locator('.fleet-category-law_enforcement').count()).toBe(0);
    await ding.locator('.fleet-category-special_technical').waitFor(WAIT);
    await shot(ding, '02-institution');

    const zhou = await app.signIn('周明');
    await zhou.locator('.home-tile-fleet-vehicles').click();
    await zhou.locator('.fleet-kind-filter').waitFor(WAIT);
    await zhou.locator('.fleet-kind-enterprise').click();
    await zhou.locator('.work-header-sub').filter({ hasText: '共 2 辆' }).waitFor(WAIT);
    await zhou.locator('.vehicle-row').filter({ hasText: '冀A·0E501' }).filter({ hasText: '业务用车 · 不占编制' }).waitFor(WAIT);
    expect(await zhou.locator('.vehicle-row').count()).toBe(2);
    await shot(zhou, '03-supervisor-enterprise');
    await zhou.locator('.fleet-kind-institution').click();
    await zhou.locator('.work-header-sub').filter({ hasText: '共 2 辆' }).waitFor(WAIT);
    await zhou.locator('.vehicle-row').filter({ hasText: '冀A·00112' }).waitFor(WAIT);
    expect(await zhou.locator('.vehicle-row').filter({ hasText: '冀A·0E501' }).count()).toBe(0);
  }, 240_000);
});
