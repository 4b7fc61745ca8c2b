import { messagePageSchema, messageSchema, type Message, type MessagePage } from '@shared/notifications/notifications.schemas';
import { http } from './http';

/** 站内消息 (server/src/modules/notifications/notifications.routes.ts). */
export function fetchMessages(q: { page: number; pageSize?: number; unread?: boolean }): Promise<MessagePage> {
  return http.get('/api/messages', messagePageSchema, {
    silent: true, query: { page: q.page, pageSize: q.pageSize ?? 15, unread: q.unread === undefined ? undefined : String(q.unread) },
  });
}

export async function fetchUnreadCount(): Promise<number> {
  const { unreadCount } = await fetchMessages({ page: 1, pageSize: 1 });
  return unreadCount;
}

export function markMessageRead(id: number): Promise<Message> {
  return http.post(`/api/messages/${id}/read`, undefined, messageSchema, { silent: true });
}
