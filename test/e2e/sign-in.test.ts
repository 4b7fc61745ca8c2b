import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/test-deps';
import { listen } from '../helpers/http-server';
import { launchBrowser, newPhonePage, screenshotPath } from '../helpers/browser';
import { seedUserId } from '../helpers/seed-lookup';

/** Signs in on the H5 build served by the real server, as demo users of several roles. */
describe('sign-in in the browser (H5 build)', () => {
  let t: TestApp;
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp();
    server = await listen(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it.each([
    ['王建国', 'applicant', ['trips', 'rental', 'reservations'], 'home-applicant'],
    ['张伟', 'dispatcher', ['dispatch', 'fleet-map'], 'home-dispatcher'],
    ['周明', 'supervisor', ['supervision'], 'home-supervisor'],
  ])('when %s picks their demo account, then the %s home shows their capabilities', async (name, role, tiles, shot) => {
    const { context, page } = await newPhonePage(browser);
    try {
      await page.goto(`${server.baseUrl}/`);
      await page.waitForURL(/pages\/login/, { timeout: 30_000 });
      const id = await seedUserId(t, name);
      await page.locator(`.demo-user-${id}`).click();
      await page.waitForURL(/pages\/home/, { timeout: 30_000 });
      await page.locator('.home-user-name').filter({ hasText: name }).waitFor({ timeout: 30_000 });
      await page.locator(`.home-current-role-${role}`).waitFor();
      for (const tile of tiles) await page.locator(`.home-tile-${tile}`).waitFor();
      await page.waitForTimeout(400); // page slide-in finishes before the picture
      const file = screenshotPath(`sign-in-${shot}`);
      await page.screenshot({ path: file, fullPage: true });
      expect(fs.statSync(file).size).toBeGreaterThan(5000);
    } finally {
      await context.close();
    }
  });
});
