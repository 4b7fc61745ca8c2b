import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';

/**
 * Browser harness for e2e tests: headless Chromium from @sparticuz/chromium (a registry package
 * that ships its own binary, so nothing is downloaded at run time), or a system Chromium.
 *
 * - CHROMIUM_PATH set: that executable is used (e.g. /usr/bin/chromium from Debian's package).
 * - otherwise @sparticuz/chromium; if it cannot start, /usr/bin/chromium when present.
 *
 * Chinese text needs a CJK font known to fontconfig (`fc-list :lang=zh`), e.g. Debian's
 * fonts-wqy-zenhei; without one, screenshots show boxes but text queries still work.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const SYSTEM_ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'];

interface ChromiumBinary {
  executablePath: string;
  args: string[];
}

let sparticuz: ChromiumBinary | null = null;

/**
 * @sparticuz/chromium is ESM-only and jest runs tests as CommonJS in a VM that cannot import()
 * it, so a child node process unpacks the binary (into the OS temp dir, once) and reports where.
 */
function sparticuzChromium(): ChromiumBinary {
  if (sparticuz) return sparticuz;
  const entry = pathToFileURL(require.resolve('@sparticuz/chromium')).href;
  const script = `import(${JSON.stringify(entry)}).then(async ({ default: c }) => {
    process.stdout.write(JSON.stringify({ executablePath: await c.executablePath(), args: c.args }));
  });`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8', timeout: 120_000,
  });
  const parsed: unknown = JSON.parse(out);
  if (!isChromiumBinary(parsed)) throw new Error(`@sparticuz/chromium answered ${out}`);
  sparticuz = parsed;
  return parsed;
}

function isChromiumBinary(value: unknown): value is ChromiumBinary {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.executablePath === 'string'
    && Array.isArray(v.args) && v.args.every((a) => typeof a === 'string');
}

/**
 * @sparticuz/chromium's defaults are for AWS Lambda: `--single-process` ends the whole browser when a
 * context closes, and `--disable-web-security` would hide same-origin mistakes. Tests drop both.
 */
const DROPPED_ARGS = new Set(['--single-process', '--disable-web-security', '--allow-running-insecure-content']);

async function launchWith(binary: ChromiumBinary, options: LaunchOptions): Promise<Browser> {
  return chromium.launch({
    ...options,
    executablePath: binary.executablePath,
    args: [...binary.args.filter((a) => !DROPPED_ARGS.has(a)), ...(options.args ?? [])],
    headless: true,
  });
}

/** Launches headless Chromium; `options` may add args or env (e.g. FONTCONFIG_FILE). */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    const executablePath = existsSync(explicit) ? explicit : SYSTEM_CHROMIUM;
    return launchWith({ executablePath, args: SYSTEM_ARGS }, options);
  }
  try {
    return await launchWith(sparticuzChromium(), options);
  } catch (error) {
    if (!existsSync(SYSTEM_CHROMIUM)) throw error;
    return launchWith({ executablePath: SYSTEM_CHROMIUM, args: SYSTEM_ARGS }, options);
  }
}

/** A 375-wide phone screen, as the mini-program is designed for (designWidth 375). */
export async function newPhonePage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return { context, page: await context.newPage() };
}

/** `test-output/screenshots/<name>.png` under the repository root; the folder is created. */
export function screenshotPath(name: string): string {
  const dir = path.join(repoRoot, 'test-output', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/**
 * Waits (at most 5 s) until no Taro toast shows, so a screenshot shows the page: Taro's H5 toast
 * fades by opacity, which Playwright still counts as visible.
 */
export async function toastsGone(page: Page): Promise<void> {
  await page.waitForFunction(`!Array.from(document.querySelectorAll('.taro__toast'))
    .some((e) => e.style.opacity !== '0' && e.style.display !== 'none')`, undefined, { timeout: 5000 }).catch(() => undefined);
}

const WAIT = { timeout: 30_000 };

/** Signs a seeded user in on `page` through the login page's demo list, and waits for their home. */
/**
 * A tap where a finger would land, on the element: Playwright's own click refuses the buttons of a page with
 * pull-to-refresh, reading Taro's wrapper (their ancestor) as covering them. Near its left edge: a toast still
 * fading out in the middle of the screen takes taps there.
 */
export async function tapElement(page: Page, selector: string): Promise<void> {
  const el = page.locator(selector).first();
  await el.waitFor(WAIT);
  await el.scrollIntoViewIfNeeded();
  await toastsGone(page);
  const box = (await el.boundingBox())!;
  await page.mouse.click(box.x + Math.min(12, box.width / 2), box.y + box.height / 2);
}

/** Types into the input or textarea of the form field marked by `hook`. */
export async function fillField(page: Page, hook: string, value: string): Promise<void> {
  await page.locator(`.${hook} input, .${hook} textarea`).first().fill(value);
}

export async function signInDemo(page: Page, baseUrl: string, userId: number, name: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/pages\/login/, WAIT);
  await page.locator(`.demo-user-${userId}`).click();
  await page.waitForURL(/pages\/home/, WAIT);
  await page.locator('.home-user-name').filter({ hasText: name }).waitFor(WAIT);
}

/**
 * Screenshot `test-output/screenshots/<name>.png` once the page's slide-in and toasts are over.
 * Taro H5 scrolls inside the page, so `fullPage` is one screen: `top` scrolls back up first, and
 * `stretch` (a selector) makes the viewport as tall as that element for the picture.
 */
export async function pageShot(page: Page, name: string, options: { top?: boolean; stretch?: string } = {}): Promise<void> {
  await page.waitForTimeout(400);
  await toastsGone(page);
  if (options.top || options.stretch) {
    // A string runs in the page (the tests' tsconfig has no DOM types).
    await page.evaluate(`window.scrollTo(0, 0);
      document.querySelectorAll('.taro_page, .taro_router, body, html').forEach((el) => { el.scrollTop = 0; });`);
  }
  const viewport = page.viewportSize()!;
  if (options.stretch) {
    const height = Number(await page.evaluate(`Math.ceil(document.querySelector(${JSON.stringify(options.stretch)}).scrollHeight)`));
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  }
  if (options.top || options.stretch) await page.waitForTimeout(100);
  const file = screenshotPath(name);
  await page.screenshot({ path: file, fullPage: true });
  if (options.stretch) await page.setViewportSize(viewport);
  expect(statSync(file).size).toBeGreaterThan(5000);
}
