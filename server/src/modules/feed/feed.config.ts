import { randomBytes } from 'node:crypto';
import type { BatchRelaySettings } from '../../platform/events';

export interface FeedSettings {
  /** The supervision platform's endpoint (FEED_URL); null: the project's fake upstream (the demo). */
  url: string | null;
  appId: string;
  /** HMAC-SM3 key, hex (FEED_KEY); a fresh one for the fake. */
  keyHex: string;
  timeoutMs: number;
  relay: BatchRelaySettings;
  fake: { failureRate: number; delayMs: number; port: number };
}

export class FeedConfigError extends Error {
  override name = 'FeedConfigError';
}

/**
 * The feed's settings from the environment, validated once (README「向上报送」):
 * FEED_URL, FEED_APP_ID (default HB130000-GWYC), FEED_KEY (hex, ≥ 32 digits; required with FEED_URL),
 * FEED_BATCH_SIZE (events per POST, default 500), FEED_TIMEOUT_MS (10000), FEED_RETRY_BASE_MS (1000),
 * FEED_RETRY_MAX_MS (300000), FEED_LEASE_MS (30000), FEED_IDLE_MS (2000); the fake: FAKE_FEED_FAILURE_RATE
 * (0.05, 0 in tests), FAKE_FEED_DELAY_MS (200, 0 in tests), FAKE_FEED_PORT (0: any).
 */
export function loadFeedSettings(env: Readonly<Record<string, string | undefined>>): FeedSettings {
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const raw = env[name];
    if (raw == null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new FeedConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
    return n;
  };
  const url = env.FEED_URL?.trim() || null;
  if (url && !/^https?:\/\//.test(url)) throw new FeedConfigError(`FEED_URL must be an http(s) URL, got "${url}"`);
  const key = env.FEED_KEY?.trim() || null;
  if (key && !/^([0-9a-fA-F]{2}){16,}$/.test(key)) throw new FeedConfigError('FEED_KEY must be hex, at least 32 digits');
  if (url && !key) throw new FeedConfigError('FEED_KEY is required with FEED_URL (the signing key agreed with the supervision platform)');
  const test = env.NODE_ENV === 'test';
  const rate = Number(env.FAKE_FEED_FAILURE_RATE ?? (test ? 0 : 0.05));
  if (!(rate >= 0 && rate < 1)) throw new FeedConfigError(`FAKE_FEED_FAILURE_RATE must be in [0, 1), got "${env.FAKE_FEED_FAILURE_RATE}"`);
  return {
    url,
    appId: env.FEED_APP_ID?.trim() || 'HB130000-GWYC',
    keyHex: key ?? randomBytes(16).toString('hex'),
    timeoutMs: int('FEED_TIMEOUT_MS', 10_000, 50),
    relay: {
      batchSize: int('FEED_BATCH_SIZE', 500, 1, 5_000),
      retryBaseMs: int('FEED_RETRY_BASE_MS', 1_000, 0),
      retryMaxMs: int('FEED_RETRY_MAX_MS', 300_000, 0),
      leaseMs: int('FEED_LEASE_MS', 30_000, 500),
      idleMs: int('FEED_IDLE_MS', 2_000, 10),
    },
    fake: { failureRate: rate, delayMs: int('FAKE_FEED_DELAY_MS', test ? 0 : 200, 0), port: int('FAKE_FEED_PORT', 0, 0, 65_535) },
  };
}
