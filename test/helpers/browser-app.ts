import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './test-deps';
import { listen } from './http-server';
import { launchBrowser, newPhonePage, signInDemo } from './browser';
import { seedUserId } from './seed-lookup';

export interface BrowserApp {
  /** The app over the real backends (set in beforeAll). */
  readonly t: TestApp;
  /** Where it listens, e.g. http://127.0.0.1:PORT. */
  readonly baseUrl: string;
  /** A phone-sized page in its own browser context, signed in as the seeded user `name`. */
  signIn(name: string): Promise<Page>;
}

/**
 * For the enclosing describe: the app listening on a port, and headless Chromium; each signIn gets
 * its own context (one role per context), all closed after the tests. `extraEnv` goes to startTestApp
 * (e.g. SEED_DEMO_TRIPS: 'true' for the demo's finished trip and last month's statement).
 */
export function browserApp(extraEnv: Record<string, string> = {}): BrowserApp {
  let t: TestApp | undefined;
  let server: { baseUrl: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startTestApp(extraEnv);
    server = await listen(t);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  return {
    get t() {
      if (!t) throw new Error('browserApp: the app starts in beforeAll');
      return t;
    },
    get baseUrl() {
      if (!server) throw new Error('browserApp: the app starts in beforeAll');
      return server.baseUrl;
    },
    async signIn(name) {
      const { context, page } = await newPhonePage(browser!);
      contexts.push(context);
      await signInDemo(page, this.baseUrl, await seedUserId(this.t, name), name);
      return page;
    },
  };
}
