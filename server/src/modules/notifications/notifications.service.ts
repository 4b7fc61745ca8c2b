import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { RequestActor } from '../../platform/http/api-router';
import type { Message, MessageListQuery, MessagePage } from '@shared/notifications/notifications.schemas';
import type { IdentityRepository } from '../identity';
import type { NotificationsRepository } from './notifications.repository';
import type { UserMessageRow, WechatOutboxRow } from './message.entity';
import { WechatSendError, type MessageTemplates, type SubscribeMessage, type WechatMessageGateway } from './wechat-message.gateway';

export type TemplateFamily = keyof MessageTemplates;

/** Subscribe messages sent to WeChat at once (each is its own HTTP request). */
const SEND_CONCURRENCY = 8;
/** An attempt holds its entry this long; a crashed sender's entry is retried after it. */
const SEND_LEASE_MS = 60_000;
/** Waits before the 2nd … 6th attempt; after the 6th failure the entry is given up (failed). */
const RETRY_AFTER_MS = [30_000, 120_000, 600_000, 3_600_000, 6 * 3_600_000];

/**
 * The WeChat outbox entries written with a change (record), to be sent once it committed (send).
 * Opaque to callers: they only pass it from one to the other.
 */
export interface OutboxBatch {
  readonly entries: readonly WechatOutboxRow[];
}

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
   * Inside the caller's transaction (`em`): writes the in-app messages of the notices and their WeChat
   * outbox entries, so they commit or roll back with the change that caused them. The entries are
   * written already claimed for the first attempt (attempts 1, held for SEND_LEASE_MS): the caller
   * hands the batch to send() after commit; if the process dies before that, the job (deliverDue)
   * takes them up once the lease is over. A failure here fails the transaction (nothing is half told).
   */
  async record(em: EntityManager, notices: Notice[]): Promise<OutboxBatch> {
    const now = this.clock.now();
    const rows: Array<Omit<UserMessageRow, 'id'>> = [];
    for (const n of notices) {
      for (const userId of new Set(n.userIds)) rows.push({ userId, title: n.title.slice(0, 64), body: n.body.slice(0, 500), page: n.page, readAt: null, createdAt: now });
    }
    if (!rows.length) return { entries: [] };
    // One query for every recipient's openid (not one per user), read in the caller's transaction.
    const openids = new Map((await this.users.findUsers([...new Set(rows.map((r) => r.userId))], em)).map((u) => [u.id, u.openid]));
    const entries: Array<Omit<WechatOutboxRow, 'id'>> = [];
    for (const n of notices) {
      for (const userId of new Set(n.userIds)) {
        const openid = openids.get(userId);
        if (!openid) continue;
        const data = { thing1: { value: n.title.slice(0, 20) }, thing2: { value: n.body.slice(0, 20) } };
        entries.push({
          userId, openid, templateId: this.templates[n.family], page: n.page, dataJson: JSON.stringify(data), status: 'pending',
          attempts: 1, nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS), lastError: null, createdAt: now, sentAt: null,
        });
      }
    }
    return { entries: await this.repo.insertMessages(em, rows, entries) };
  }

  /** After commit: sends a batch recorded with the change (its first attempt, already claimed). Never fails the caller. */
  async send(batch: OutboxBatch): Promise<void> {
    if (!batch.entries.length) return;
    try {
      await this.deliver(batch.entries, true);
    } catch (err) {
      this.logger.error({ err }, 'subscribe messages not sent; the job retries them');
    }
  }

  /**
   * For callers with no transaction of their own (a notice that follows no single change, e.g. the
   * emergency victim's outcome): records the notices in a transaction of their own, then sends. Never
   * fails the caller. Anything that changes data in a transaction uses record() in it and send() after.
   */
  async notify(notices: Notice[]): Promise<void> {
    if (!notices.some((n) => n.userIds.length)) return;
    let batch: OutboxBatch;
    try {
      batch = await this.repo.transaction((em) => this.record(em, notices));
    } catch (err) {
      this.logger.error({ err }, 'in-app messages not written');
      return;
    }
    await this.send(batch);
  }

  /** The scheduled job: every outbox entry due for a (re)try. Returns how many were sent. */
  async deliverDue(limit = 200): Promise<number> {
    return this.deliver(await this.repo.dueOutbox(this.clock.now(), limit));
  }

  /**
   * Sends entries a few at a time; each attempt is claimed first (`claimed`: written claimed by
   * record), so two instances never send the same attempt.
   */
  private async deliver(entries: readonly WechatOutboxRow[], claimed = false): Promise<number> {
    let sent = 0;
    const one = async (row: WechatOutboxRow): Promise<void> => {
      const now = this.clock.now();
      if (!claimed && !(await this.repo.claimOutbox(row, now, new Date(now.getTime() + SEND_LEASE_MS)))) return;
      const attempt = claimed ? row.attempts : row.attempts + 1;
      try {
        await this.wechat.send({ touser: row.openid, template_id: row.templateId, page: row.page, data: JSON.parse(row.dataJson) as SubscribeMessage['data'] });
        await this.repo.settleOutbox(row.id, { status: 'sent', sentAt: this.clock.now(), lastError: null });
        sent++;
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 200);
        if (err instanceof WechatSendError && err.final) {
          this.logger.info({ outboxId: row.id, userId: row.userId, errcode: err.errcode }, 'subscribe message refused by WeChat');
          await this.repo.settleOutbox(row.id, { status: 'rejected', lastError: message });
        } else if (attempt >= RETRY_AFTER_MS.length + 1) {
          this.logger.warn({ outboxId: row.id, userId: row.userId, err }, 'subscribe message given up');
          await this.repo.settleOutbox(row.id, { status: 'failed', lastError: message });
        } else {
          this.logger.warn({ outboxId: row.id, userId: row.userId, attempt, err }, 'subscribe message not sent; will retry');
          const wait = RETRY_AFTER_MS[attempt - 1] as number;
          await this.repo.settleOutbox(row.id, { status: 'pending', nextAttemptAt: new Date(this.clock.now().getTime() + wait), lastError: message });
        }
      }
    };
    for (let i = 0; i < entries.length; i += SEND_CONCURRENCY) {
      await Promise.all(entries.slice(i, i + SEND_CONCURRENCY).map((row) => one(row).catch((err: unknown) => this.logger.error({ err, outboxId: row.id }, 'outbox entry not settled'))));
    }
    return sent;
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
