import { EntityManager, In, IsNull, LessThanOrEqual } from 'typeorm';
import type { Database } from '../../platform/db/database';
import { OutboxStatus, UserMessageEntity, UserMessageRow, WechatOutboxEntity, WechatOutboxRow } from './message.entity';

/** The only ORM code of notifications. */
export class NotificationsRepository {
  constructor(private readonly db: Database) {}

  /** Runs `work` in a transaction of its own (notify(), for callers with none). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * The in-app messages and their WeChat outbox entries, written with the caller's transaction (`em`), so
   * they commit or roll back with the change that caused them. Returns the saved outbox rows (with ids).
   */
  async insertMessages(em: EntityManager, messages: Array<Omit<UserMessageRow, 'id'>>, outbox: Array<Omit<WechatOutboxRow, 'id'>>): Promise<WechatOutboxRow[]> {
    if (messages.length) await em.insert(UserMessageEntity, messages);
    const saved: WechatOutboxRow[] = [];
    // One by one: each row's generated id is needed, and SQLite does not return ids of a multi-row insert.
    for (const row of outbox) saved.push(await em.save(WechatOutboxEntity, { ...row }));
    return saved;
  }

  /** Outbox entries due for a (re)try, oldest first. */
  dueOutbox(now: Date, limit: number): Promise<WechatOutboxRow[]> {
    return this.db.manager.find(WechatOutboxEntity, {
      where: { status: 'pending', nextAttemptAt: LessThanOrEqual(now) }, order: { nextAttemptAt: 'ASC', id: 'ASC' }, take: limit,
    });
  }

  /**
   * Takes an attempt at an entry: counts it and pushes its next attempt past a lease, only if nobody
   * else took this attempt first (same attempts count, still due). True when this caller has it.
   */
  async claimOutbox(row: WechatOutboxRow, now: Date, leaseUntil: Date): Promise<boolean> {
    const r = await this.db.manager.update(WechatOutboxEntity,
      { id: row.id, status: 'pending', attempts: row.attempts, nextAttemptAt: LessThanOrEqual(now) },
      { attempts: row.attempts + 1, nextAttemptAt: leaseUntil });
    return r.affected === 1;
  }

  async settleOutbox(id: number, patch: { status: OutboxStatus; nextAttemptAt?: Date; lastError?: string | null; sentAt?: Date | null }): Promise<void> {
    await this.db.manager.update(WechatOutboxEntity, { id }, patch);
  }

  outboxOf(userIds: number[]): Promise<WechatOutboxRow[]> {
    return this.db.manager.find(WechatOutboxEntity, { where: { userId: In(userIds) }, order: { id: 'ASC' } });
  }

  list(userId: number, unreadOnly: boolean, page: number, pageSize: number): Promise<[UserMessageRow[], number]> {
    return this.db.manager.findAndCount(UserMessageEntity, {
      where: unreadOnly ? { userId, readAt: IsNull() } : { userId },
      order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize,
    });
  }

  countUnread(userId: number): Promise<number> {
    return this.db.manager.count(UserMessageEntity, { where: { userId, readAt: IsNull() } });
  }

  find(id: number): Promise<UserMessageRow | null> {
    return this.db.manager.findOne(UserMessageEntity, { where: { id } });
  }

  async markRead(id: number, at: Date): Promise<void> {
    await this.db.manager.update(UserMessageEntity, { id, readAt: IsNull() }, { readAt: at });
  }
}
