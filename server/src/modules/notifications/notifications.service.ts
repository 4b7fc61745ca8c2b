import { NotFoundError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { RequestActor } from '../../platform/http/api-router';
import type { Message, MessageListQuery, MessagePage } from '@shared/notifications/notifications.schemas';
import type { IdentityRepository } from '../identity';
import type { NotificationsRepository } from './notifications.repository';
import type { UserMessageRow } from './message.entity';
import type { MessageTemplates, WechatMessageGateway } from './wechat-message.gateway';

export type TemplateFamily = keyof MessageTemplates;

/** Subscribe messages sent to WeChat at once for one notify() (each is its own HTTP request). */
const SEND_CONCURRENCY = 8;

/** What to tell someone: an in-app message, and the same as a WeChat subscribe message. */
export interface Notice {
  userIds: number[];
  family: TemplateFamily;
  title: string;
  body: string;
  page: string;
}

export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly users: IdentityRepository,
    private readonly wechat: WechatMessageGateway,
    private readonly templates: MessageTemplates,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Called after the change committed. The in-app message is the record; the WeChat message is best
   * effort (the user may not have subscribed): its failure is logged, never fails the caller.
   */
  async notify(notices: Notice[]): Promise<void> {
    const now = this.clock.now();
    const rows: Array<Omit<UserMessageRow, 'id'>> = [];
    for (const n of notices) {
      for (const userId of new Set(n.userIds)) rows.push({ userId, title: n.title.slice(0, 64), body: n.body.slice(0, 500), page: n.page, readAt: null, createdAt: now });
    }
    try {
      await this.repo.insertMany(rows);
    } catch (err) {
      this.logger.error({ err }, 'in-app messages not written');
    }
    if (!rows.length) return;
    // One query for every recipient's openid (not one per user), then the subscribe messages a few at a time.
    const openids = new Map((await this.users.findUsers([...new Set(rows.map((r) => r.userId))])).map((u) => [u.id, u.openid]));
    const sends: Array<() => Promise<void>> = [];
    for (const n of notices) {
      for (const userId of new Set(n.userIds)) {
        const openid = openids.get(userId);
        if (!openid) continue;
        sends.push(() => this.wechat.send({
          touser: openid, template_id: this.templates[n.family], page: n.page,
          data: { thing1: { value: n.title.slice(0, 20) }, thing2: { value: n.body.slice(0, 20) } },
        }).catch((err: unknown) => this.logger.warn({ err, userId }, 'subscribe message not sent')));
      }
    }
    for (let i = 0; i < sends.length; i += SEND_CONCURRENCY) await Promise.all(sends.slice(i, i + SEND_CONCURRENCY).map((send) => send()));
  }

  async list(actor: RequestActor, q: MessageListQuery): Promise<MessagePage> {
    const [rows, total] = await this.repo.list(actor.userId, q.unread ?? false, q.page, q.pageSize);
    return { items: rows.map(toMessage), total, page: q.page, pageSize: q.pageSize, unreadCount: await this.repo.countUnread(actor.userId) };
  }

  async markRead(actor: RequestActor, id: number): Promise<Message> {
    const row = await this.repo.find(id);
    if (!row || row.userId !== actor.userId) throw new NotFoundError('MESSAGE_NOT_FOUND', `消息 ${id} 不存在`);
    if (!row.readAt) await this.repo.markRead(id, this.clock.now());
    return toMessage({ ...row, readAt: row.readAt ?? this.clock.now() });
  }
}

const toMessage = (m: UserMessageRow): Message => ({
  id: m.id, title: m.title, body: m.body, page: m.page, read: m.readAt != null, createdAt: new Date(m.createdAt).toISOString(),
});
