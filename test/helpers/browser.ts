import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
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
