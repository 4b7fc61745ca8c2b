import { ApiRouter } from '../../platform/http/api-router';
import { feedResendInputSchema, feedResendSchema, feedStatusSchema } from '@shared/feed/feed.schemas';
import type { FeedService } from './feed.service';

/** The platform admin's look at the upward feed, and the resend of a period. */
export function feedRoutes(svc: FeedService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/platform/feed', tag: 'platform', summary: '向上报送（监管平台）：积压、时延、失败与计数', auth: ['platform_admin'],
      response: feedStatusSchema, handler: ({ actor }) => svc.status(actor),
    })
    .add({
      method: 'post', path: '/api/platform/feed/resends', tag: 'platform', summary: '按时段重新报送（监管平台要求补报时）', auth: ['platform_admin'],
      body: feedResendInputSchema, response: feedResendSchema, status: 201, handler: ({ actor, body }) => svc.requestResend(actor, body),
    });
}
