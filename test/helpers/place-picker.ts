import type { Page } from 'playwright-core';

const WAIT = { timeout: 30_000 };

/**
 * The trip form's place picker (miniapp/src/features/places/place-picker.tsx) in the H5 build: types
 * `keyword` into the origin's or destinations' search, waits for the suggestion named `name` (served by
 * the fake map provider from the gazetteer) and picks it; it then shows among the chosen places.
 */
export async function searchAndPick(page: Page, hook: 'origin' | 'destination', keyword: string, name: string): Promise<void> {
  await page.locator(`.place-search-${hook} input`).first().fill(keyword);
  const row = page.locator(`.place-results-${hook} .place-result`).filter({ hasText: name }).first();
  await row.waitFor(WAIT);
  await row.click();
  await page.locator(`[class*="place-selected-${hook}-"]`).filter({ hasText: name }).first().waitFor(WAIT);
}
