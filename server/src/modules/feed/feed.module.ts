import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { ApiRouter } from '../../platform/http/api-router';
import type { Logger } from '../../platform/logger';
import { loadFeedSettings } from './feed.config';
import { FeedRepository } from './feed.repository';
import { feedEventTypes } from './feed.rules';
import { FeedService } from './feed.service';
import { HttpSupervisionUpstream } from './supervision-upstream.gateway';
import { feedRoutes } from './feed.routes';

export const FEED_SUBSCRIBER = 'feed.supervision';

/** A stand-in upstream started for the demo when no FEED_URL is configured (the project's fake, injected by the composition root). */
export type StartFakeUpstream = (opts: { appId: string; keyHex: string; failureRate: number; delayMs: number; port: number }) => Promise<{ url: string; close(): Promise<void> }>;

export interface FeedModule {
  feed: FeedService;
  router: ApiRouter;
  /** The fake upstream's URL when the demo runs against it. */
  fakeUrl: string | null;
  close(): Promise<void>;
}

/**
 * The upward feed for the composition root: a batch subscriber of the outbox for every event that gives
 * a record, sending to FEED_URL (or the fake upstream in the demo), and the admin's routes.
 */
export async function createFeedModule(deps: {
  db: Database; clock: Clock; logger: Logger; events: EventBus; rawEnv: Readonly<Record<string, string | undefined>>; startFake: StartFakeUpstream;
}): Promise<FeedModule> {
  const settings = loadFeedSettings(deps.rawEnv);
  let fake: { url: string; close(): Promise<void> } | null = null;
  if (!settings.url) {
    fake = await deps.startFake({ appId: settings.appId, keyHex: settings.keyHex, ...settings.fake });
    deps.logger.info({ url: fake.url, failureRate: settings.fake.failureRate }, 'upward feed: the project fake supervision platform (no FEED_URL configured)');
  }
  const url = settings.url ?? fake!.url;
  const feed = new FeedService(new FeedRepository(deps.db), new HttpSupervisionUpstream(url, settings.appId, settings.keyHex, settings.timeoutMs), deps.clock, settings.appId,
    { url, fake: fake != null }, settings.relay.batchSize);
  const relay = deps.events.subscribeBatch(FEED_SUBSCRIBER, feedEventTypes, feed.sendLive, settings.relay, feed.resendStep);
  feed.attach(relay);
  return {
    feed, router: feedRoutes(feed), fakeUrl: fake?.url ?? null,
    async close() {
      await relay.stop();
      await fake?.close();
    },
  };
}
