import { feedResendSchema, feedStatusSchema, type FeedResendView, type FeedStatus } from '@shared/feed/feed.schemas';
import { http } from './http';

/** 向上报送 (server/src/modules/feed): the platform admin's look at the link to the supervision platform. */
export function fetchFeedStatus(): Promise<FeedStatus> {
  return http.get('/api/platform/feed', feedStatusSchema);
}

export function requestFeedResend(from: string, to: string): Promise<FeedResendView> {
  return http.post('/api/platform/feed/resends', { from, to }, feedResendSchema);
}
