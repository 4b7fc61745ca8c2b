import { EntitySchema } from 'typeorm';

export interface UserMessageRow { id: number; userId: number; title: string; body: string; page: string; readAt: Date | null; createdAt: Date }

export const UserMessageEntity = new EntitySchema<UserMessageRow>({
  name: 'UserMessage', tableName: 'user_message',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    userId: { name: 'user_id', type: 'integer' },
    title: { type: 'varchar', length: 64 },
    body: { type: 'varchar', length: 500 },
    page: { type: 'varchar', length: 200 },
    readAt: { name: 'read_at', type: 'datetime', precision: 3, nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
  },
});

/** pending → sent; or rejected (a final refusal by WeChat); or failed (gave up after the last retry). */
export type OutboxStatus = 'pending' | 'sent' | 'rejected' | 'failed';
export interface WechatOutboxRow {
  id: number; userId: number; openid: string; templateId: string; page: string; dataJson: string; status: OutboxStatus;
  attempts: number; nextAttemptAt: Date; lastError: string | null; createdAt: Date; sentAt: Date | null;
}

export const WechatOutboxEntity = new EntitySchema<WechatOutboxRow>({
  name: 'WechatOutbox', tableName: 'wechat_outbox',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    userId: { name: 'user_id', type: 'integer' },
    openid: { type: 'varchar', length: 64 },
    templateId: { name: 'template_id', type: 'varchar', length: 64 },
    page: { type: 'varchar', length: 200 },
    dataJson: { name: 'data_json', type: 'varchar', length: 1000 },
    status: { type: 'varchar', length: 16 },
    attempts: { type: 'integer', default: 0 },
    nextAttemptAt: { name: 'next_attempt_at', type: 'datetime', precision: 3 },
    lastError: { name: 'last_error', type: 'varchar', length: 200, nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    sentAt: { name: 'sent_at', type: 'datetime', precision: 3, nullable: true },
  },
});

export const NotificationEntities = [UserMessageEntity, WechatOutboxEntity];
