import { IsNull } from 'typeorm';
import type { Database } from '../../platform/db/database';
import { UserMessageEntity, UserMessageRow } from './message.entity';

/** The only ORM code of notifications. Joins the caller's unit of work (db.manager). */
export class NotificationsRepository {
  constructor(private readonly db: Database) {}

  /** Runs `work` in a transaction (notify(), for callers with none). */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(() => work());
  }

  async insertMessages(messages: Array<Omit<UserMessageRow, 'id'>>): Promise<void> {
    if (messages.length) await this.db.manager.insert(UserMessageEntity, messages);
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
