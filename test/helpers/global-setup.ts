/** Runs once before all test files. Kept cheap: per-file setup lives in test/helpers/test-deps.ts. */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
}
