import { NotificationErrorCode } from '@shared/notifications/notifications.errors';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { RequestActor } from '../../platform/access';
import type { DomainEvent, EventBus } from '../../platform/events';
import type { Message, MessageListQuery, MessagePage } from '@shared/notifications/notifications.schemas';
import type { IdentityService } from '../identity';
import type { NotificationsRepository } from './notifications.repository';
import type { UserMessageRow } from './message.entity';
import { WechatSendError, type MessageTemplates, type SubscribeMessage, type WechatMessageGateway } from './wechat-message.gateway';

export type TemplateFamily = keyof MessageTemplates;

/** The subscriber that sends WeChat subscribe messages (its deliveries are kept under this name). */
export const WECHAT_SUBSCRIBER = 'notifications.wechat';

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
    /** Recipients' WeChat openids are identity's: asked of its service, never read from its table. */
    private readonly users: Pick<IdentityService, 'openidsOf'>,
    private readonly wechat: WechatMessageGateway,
    private readonly templates: MessageTemplates,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly events: EventBus,
  ) {
    // WeChat subscribe messages are one subscriber of the domain events: sent once the change that
    // asked for them committed, retried with back-off while WeChat is down or busy (at least once).
    events.subscribe(WECHAT_SUBSCRIBER, ['notification.wechat_requested'], (e) => this.sendWechat(e), { transactional: false, background: true });
  }

  /**
   * In the caller's transaction: writes the in-app messages of the notices and, for each recipient
   * with an openid, a `notification.wechat_requested` event, so they commit or roll back with the
   * change that caused them (nothing is half told). The message goes to WeChat after the commit.
   */
  async record(notices: Notice[]): Promise<void> {
    const now = this.clock.now();
    const rows: Array<Omit<UserMessageRow, 'id'>> = [];
    for (const n of notices) {
      for (const userId of new Set(n.userIds)) rows.push({ userId, title: n.title.slice(0, 64), body: n.body.slice(0, 500), page: n.page, readAt: null, createdAt: now });
    }
    if (!rows.length) return;
    await this.repo.insertMessages(rows);
    // One query for every recipient's openid (not one per user), read in the caller's transaction.
    const openids = await this.users.openidsOf([...new Set(rows.map((r) => r.userId))]);
    for (const n of notices) {
      for (const userId of new Set(n.userIds)) {
        const openid = openids.get(userId);
        if (!openid) continue;
        // Each message its own aggregate: one user's messages need no order among themselves, and one
        // that WeChat keeps refusing for a while must not hold up the next.
        await this.events.record('notification.wechat_requested', randomUUID(), {
          userId, openid, templateId: this.templates[n.family], page: n.page,
          data: { thing1: { value: n.title.slice(0, 20) }, thing2: { value: n.body.slice(0, 20) } },
        });
      }
    }
  }

  /**
   * For callers with no transaction of their own (a notice that follows no single change, e.g. the
   * emergency victim's outcome): records the notices in a transaction of their own. Never fails the
   * caller. Anything that changes data records its notices in its own transaction instead.
   */
  async notify(notices: Notice[]): Promise<void> {
    if (!notices.some((n) => n.userIds.length)) return;
    try {
      await this.repo.transaction(() => this.record(notices));
    } catch (err) {
      this.logger.error({ err }, 'in-app messages not written');
    }
  }

  /**
   * The subscriber: one subscribe message. A refusal by WeChat (the user has not subscribed, 43101) is
   * final: logged, not retried, and not listed as a failure for the admin (nothing to mend on our side).
   */
  private async sendWechat(e: DomainEvent<'notification.wechat_requested'>): Promise<void> {
    const m = e.payload;
    try {
      await this.wechat.send({ touser: m.openid, template_id: m.templateId, page: m.page, data: m.data as SubscribeMessage['data'] });
    } catch (err) {
      if (err instanceof WechatSendError && err.final) {
        this.logger.info({ eventId: e.id, userId: m.userId, errcode: err.errcode }, 'subscribe message refused by WeChat');
        return;
      }
      throw err;
    }
  }

  async list(actor: RequestActor, q: MessageListQuery): Promise<MessagePage> {
    const [rows, total] = await this.repo.list(actor.userId, q.unread ?? false, q.page, q.pageSize);
    return { items: rows.map(toMessage), total, page: q.page, pageSize: q.pageSize, unreadCount: await this.repo.countUnread(actor.userId) };
  }

  async markRead(actor: RequestActor, id: number): Promise<Message> {
    const row = await this.repo.find(id);
    if (!row || row.userId !== actor.userId) throw new NotFoundError(NotificationErrorCode.MESSAGE_NOT_FOUND, `消息 ${id} 不存在`);
    if (!row.readAt) await this.repo.markRead(id, this.clock.now());
    return toMessage({ ...row, readAt: row.readAt ?? this.clock.now() });
  }
}

const toMessage = (m: UserMessageRow): Message => ({
  id: m.id, title: m.title, body: m.body, page: m.page, read: m.readAt != null, createdAt: new Date(m.createdAt).toISOString(),
});
