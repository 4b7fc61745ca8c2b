export { createFeedModule, FEED_SUBSCRIBER } from './feed.module';
export type { FeedModule, StartFakeUpstream } from './feed.module';
export { FeedService } from './feed.service';
export { feedEventTypes, feedKindsSent, recordsOf } from './feed.rules';
export { loadFeedSettings, FeedConfigError } from './feed.config';
export type { FeedSettings } from './feed.config';
