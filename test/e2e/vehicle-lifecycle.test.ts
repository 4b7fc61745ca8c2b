import type { Page } from 'playwright-core';
import { pageShot } from '../helpers/browser';
import { browserApp } from '../helpers/browser-app';
import { seedUnitId, seedVehicleId } from '../helpers/seed-lookup';
import { UnitEntity, UserEntity } from '../../server/src/modules/identity/identity.entity';
import { VehicleApplicationEntity } from '../../server/src/modules/fleet/lifecycle.entity';

/**
 * #17 in the H5 build: 发改委's fleet admin 赵磊 applies to renew 冀A00102 (10 years old) and, once renewed,
 * to dispose of it; each goes through the approval center — the unit's approver 李秀英, then the province's
 * 主管部门 周明 — and the vehicle's life page shows the outcome. The platform admin 陈静 creates a unit, a
 * user and the unit's approval chain, and that user signs in.
 */
const WAIT = { timeout: 30_000 };

describe('a vehicle\'s life and the platform admin\'s directory (H5 build)', () => {
  const app = browserApp();
  const shot = (page: Page, name: string, stretch?: string) => pageShot(page, `lifecycle-${name}`, stretch ? { stretch } : { top: true });
  const go = (page: Page, route: string) => page.goto(`${app.baseUrl}/#${route}`);
  const fill = (page: Page, hook: string, value: string) => page.locator(`.${hook} input, .${hook} textarea`).first().fill(value);

  /** 李秀英 then 周明 approve the application in the approval center's inbox. */
  async function approveInBrowser(subject: string, n: string): Promise<void> {
    for (const [name, tag] of [['李秀英', 'unit'], ['周明', 'office']] as const) {
      const approver = await app.signIn(name);
      await go(approver, '/packages/approvals/index/index');
      const card = approver.locator('.approval-card').filter({ hasText: subject });
      await card.first().waitFor(WAIT);
      await shot(approver, `${n}-${tag}-inbox`);
      await card.first().click();
      await approver.locator('.approval-approve').waitFor(WAIT);
      await approver.locator('.approval-approve').click();
      // The first level leaves it waiting for the second; the second approves it.
      if (tag === 'office') await approver.locator('.approval-detail-status').filter({ hasText: '已通过' }).waitFor(WAIT);
      else await approver.locator('.approval-approve').waitFor({ state: 'detached', ...WAIT });
    }
  }

  it('when the fleet admin applies to renew and then dispose of a car, then both pass the approval center and the car ends 已处置 with its terminal unbound', async () => {
    const vid = await seedVehicleId(app.t, '冀A00102');
    const zhao = await app.signIn('赵磊');
    await go(zhao, `/packages/fleet/detail/index?id=${vid}`);
    await zhao.locator('.life-apply-renewal').waitFor(WAIT);
    await shot(zhao, '01-vehicle-life', '.vehicle-detail');

    // A fuel car without a reason is refused naming the new-energy rule; an electric one within the caps goes to approval.
    await zhao.locator('.life-apply-renewal').click();
    await zhao.locator('.vehicle-apply-renewal').waitFor(WAIT);
    await fill(zhao, 'input-apply-brand', '比亚迪 汉 EV');
    await zhao.locator('.apply-energy-fuel').click();
    await fill(zhao, 'input-apply-displacement', '1500');
    await fill(zhao, 'input-apply-price', '160000');
    await fill(zhao, 'input-apply-reason', '原车使用十年，故障频发');
    await zhao.locator('.apply-submit').click();
    await zhao.locator('.apply-error').filter({ hasText: '不选新能源' }).waitFor(WAIT);
    await shot(zhao, '02-renewal-refused-new-energy', '.vehicle-apply');
    await zhao.locator('.apply-energy-electric').click();
    await zhao.locator('.apply-submit').click();
    await zhao.locator('.life-application-renewal').waitFor(WAIT);
    const renewal = await app.t.deps.db.manager.findOneOrFail(VehicleApplicationEntity, { where: { vehicleId: vid, kind: 'renewal' } });
    expect(renewal.status).toBe('pending');

    await approveInBrowser('车辆更新申请', '03-renewal');
    await go(zhao, `/packages/fleet/detail/index?id=${vid}`);
    await zhao.locator('.life-application-renewal .life-application-status').filter({ hasText: '已批准' }).waitFor(WAIT);
    await zhao.locator('.status-chip').filter({ hasText: '待处置' }).first().waitFor(WAIT);
    await shot(zhao, '04-renewed-pending-disposal', '.vehicle-detail');

    await zhao.locator('.life-apply-disposal').click();
    await zhao.locator('.vehicle-apply-disposal').waitFor(WAIT);
    await zhao.locator('.apply-method-auction').click();
    await fill(zhao, 'input-apply-reason', '已获批更新，原车公开拍卖');
    await fill(zhao, 'input-apply-expected', '30000');
    await shot(zhao, '05-disposal-form', '.vehicle-apply');
    await zhao.locator('.apply-submit').click();
    await zhao.locator('.life-application-disposal').waitFor(WAIT);

    await approveInBrowser('报废处置申请', '06-disposal');
    await go(zhao, `/packages/fleet/detail/index?id=${vid}`);
    await zhao.locator('.status-chip').filter({ hasText: '已处置' }).first().waitFor(WAIT);
    await zhao.locator('.vehicle-terminal').filter({ hasText: '未安装' }).waitFor(WAIT);
    await zhao.locator('.life-record-proceeds').click();
    await fill(zhao, 'input-apply-proceeds', '32600');
    await fill(zhao, 'input-apply-counterparty', '河北省公共资源交易中心');
    await zhao.locator('.apply-submit').click();
    await zhao.locator('.life-application-disposal .life-application-status').filter({ hasText: '已办结' }).waitFor(WAIT);
    await shot(zhao, '07-disposed-proceeds', '.vehicle-detail');
    const disposal = await app.t.deps.db.manager.findOneOrFail(VehicleApplicationEntity, { where: { vehicleId: vid, kind: 'disposal' } });
    expect(disposal).toMatchObject({ status: 'completed', proceedsFen: 3_260_000 });
  }, 300_000);

  it('when the platform admin creates a unit, a user with roles and the unit\'s approval chain, then that user signs in', async () => {
    const chen = await app.signIn('陈静');
    await chen.locator('.home-tile-directory').click();
    await chen.locator('.admin-units').waitFor(WAIT);
    await fill(chen, 'input-unit-name', '长安区交通运输局');
    await chen.locator('.unit-kind-party_government').click();
    await chen.locator('.unit-region-130102').click();
    const parent = await seedUnitId(app.t, '长安区人民政府办公室');
    await chen.locator(`.unit-parent-${parent}`).click();
    await fill(chen, 'input-unit-address', '河北省石家庄市长安区中山东路1号');
    await fill(chen, 'input-unit-lat', '38.05');
    await fill(chen, 'input-unit-lng', '114.53');
    await chen.locator('.unit-submit').click();
    await chen.locator('.unit-created').filter({ hasText: '长安区交通运输局' }).waitFor(WAIT);
    await shot(chen, '08-admin-unit-created', '.admin-page');
    const unit = await app.t.deps.db.manager.findOneOrFail(UnitEntity, { where: { name: '长安区交通运输局' } });
    expect(unit).toMatchObject({ regionCode: '130102', parentId: parent });

    await chen.locator('.admin-view-tab-users').click();
    await fill(chen, 'input-user-name', '贺明');
    await fill(chen, 'input-user-phone', '13903119901');
    await chen.locator(`.user-unit-${unit.id}`).click();
    await chen.locator('.user-role-applicant').click();
    await chen.locator('.user-role-approver').click();
    await chen.locator('.user-submit').click();
    await chen.locator('.user-created').filter({ hasText: '贺明' }).waitFor(WAIT);
    await shot(chen, '09-admin-user-created', '.admin-page');
    const user = await app.t.deps.db.manager.findOneOrFail(UserEntity, { where: { name: '贺明' } });

    await chen.locator('.admin-view-tab-chains').click();
    await chen.locator(`.chain-unit-${unit.id}`).click();
    await chen.locator('.chain-kind-trip').click();
    await chen.locator(`.chain-level-1-user-${user.id}`).click();
    await chen.locator('.chain-submit').click();
    await chen.locator('.chain-trip-in_city').filter({ hasText: '贺明' }).waitFor(WAIT);
    await shot(chen, '10-admin-chain-set', '.admin-page');

    const he = await app.signIn('贺明');
    await he.locator('.home-user-name').filter({ hasText: '贺明' }).waitFor(WAIT);
    await shot(he, '11-new-user-home');
  }, 300_000);
});
