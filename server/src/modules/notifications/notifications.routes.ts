import { ApiRouter } from '../../platform/http/api-router';
import { idParamSchema } from '@shared/identity/identity.schemas';
import { messageListQuerySchema, messagePageSchema, messageSchema } from '@shared/notifications/notifications.schemas';
import type { NotificationsService } from './notifications.service';

export function notificationsRoutes(svc: NotificationsService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/messages', tag: 'messages', summary: '我的站内消息（含未读数）', query: messageListQuerySchema,
      response: messagePageSchema, handler: ({ actor, query }) => svc.list(actor, query),
    })
    .add({
      method: 'post', path: '/api/messages/:id/read', tag: 'messages', summary: '标记消息已读', params: idParamSchema,
      response: messageSchema, handler: ({ actor, params }) => svc.markRead(actor, params.id),
    });
}
