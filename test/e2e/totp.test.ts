import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateSync } from 'otplib';
import { ManualClock } from '../../server/src/platform/clock';
import { startTestApp, TestApp } from '../helpers/test-deps';
import { listen } from '../helpers/http-server';
import { launchBrowser, newPhonePage, pageShot, signInDemo } from '../helpers/browser';
import { seedUserId } from '../helpers/seed-lookup';

const WAIT = { timeout: 30_000 };

/**
 * #19 item 5 in the browser (H5 build): the platform admin binds an authenticator on 我的 → 动态口令, reading
 * the secret off the page and typing the code otplib computes from it; her next sign-in asks for the code.
 * The server's clock is a manual one, so the test knows which 30-second step each code belongs to.
 */
describe('TOTP enrolment and sign-in in the browser (H5 build)', () => {
  const clock = new ManualClock(new Date());
  let t: TestApp;
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    // Supervisors must hold a second factor here (the platform admin binds hers from 我的, as she may).
    t = await startTestApp({ PRIVILEGED_IDLE_MINUTES: '30', SECURITY_TOTP_REQUIRED_ROLES: 'supervisor' }, { clock });
    server = await listen(t);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const codeNow = (secret: string) => generateSync({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
  async function phone(): Promise<Page> {
    const { context, page } = await newPhonePage(browser);
    contexts.push(context);
    return page;
  }

  /** The QR code of the otpauth URI is drawn on the page (an SVG image, loaded, 200 px square). */
  async function expectQrShown(page: Page): Promise<void> {
    const img = page.locator('.totp-qr img').first();
    await img.waitFor(WAIT);
    expect(await img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await page.waitForFunction("(() => { const i = document.querySelector('.totp-qr img'); return !!i && i.complete && i.naturalWidth > 0; })()", undefined, WAIT);
    const box = (await img.boundingBox())!;
    expect(box.width).toBeGreaterThan(150);
    expect(box.height).toBeGreaterThan(150);
  }

  it('when 陈静 binds an authenticator and signs in again, then the sign-in asks for the code and a right code opens her home', async () => {
    const adminId = await seedUserId(t, '陈静');
    const page = await phone();
    await signInDemo(page, server.baseUrl, adminId, '陈静');
    await page.goto(`${server.baseUrl}/#/pages/me/index`);
    await page.locator('.me-totp').click(WAIT);
    await page.locator('.totp-start').waitFor(WAIT);
    await pageShot(page, 'totp-1-not-enrolled');

    await page.locator('.totp-start').click();
    await page.locator('.totp-secret').waitFor(WAIT);
    const secret = (await page.locator('.totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.locator('.totp-uri').innerText()).toContain(`secret=${secret}`);
    await expectQrShown(page);
    await pageShot(page, 'totp-2-secret-shown');

    await page.locator('.totp-confirm-input input').fill(codeNow(secret));
    await page.locator('.totp-confirm').click();
    await page.locator('.totp-state.is-on').waitFor(WAIT);
    expect(await page.locator('.totp-enrolled').innerText()).toContain('连续 30 分钟未操作将自动退出登录');
    await pageShot(page, 'totp-3-enrolled');

    // The next 30-second step: the code used to confirm is spent, a new one is due.
    clock.advance(30_000);
    const again = await phone();
    await again.goto(`${server.baseUrl}/`);
    await again.waitForURL(/pages\/login/, WAIT);
    await again.locator(`.demo-user-${adminId}`).click();
    await again.locator('.totp-prompt').waitFor(WAIT);
    expect(await again.locator('.totp-note').innerText()).toContain('陈静');
    expect(await again.locator('.login-demo').count()).toBe(0);
    await pageShot(again, 'totp-4-code-prompt');

    const right = codeNow(secret);
    await again.locator('.totp-code-input input').fill(right === '000000' ? '111111' : '000000');
    await again.locator('.totp-verify').click();
    await again.locator('.totp-error').filter({ hasText: '动态口令不正确' }).waitFor(WAIT);
    expect(again.url()).toMatch(/pages\/login/);
    await pageShot(again, 'totp-5-wrong-code');

    await again.locator('.totp-code-input input').fill(right);
    await again.locator('.totp-verify').click();
    await again.waitForURL(/pages\/home/, WAIT);
    await again.locator('.home-user-name').filter({ hasText: '陈静' }).waitFor(WAIT);
    await pageShot(again, 'totp-6-signed-in');
  });

  it('when 周明, a supervisor who has not bound an authenticator, signs in, then he must scan the QR code and enter the first code before his home opens', async () => {
    const supervisorId = await seedUserId(t, '周明');
    const page = await phone();
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/pages\/login/, WAIT);
    await page.locator(`.demo-user-${supervisorId}`).click(WAIT);
    await page.locator('.totp-enrol-prompt').waitFor(WAIT);
    expect(await page.locator('.totp-enrol-prompt .totp-title').innerText()).toContain('请先绑定动态口令');
    expect(await page.locator('.login-demo').count()).toBe(0);
    await expectQrShown(page);
    const secret = (await page.locator('.totp-enrol-prompt .totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await pageShot(page, 'totp-7-enrol-at-sign-in');

    await page.locator('.totp-code-input input').fill(codeNow(secret));
    await page.locator('.totp-enrol-verify').click();
    await page.waitForURL(/pages\/home/, WAIT);
    await page.locator('.home-user-name').filter({ hasText: '周明' }).waitFor(WAIT);
    await pageShot(page, 'totp-8-enrolled-signed-in');
  });
});
