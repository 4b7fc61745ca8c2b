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

export const NotificationEntities = [UserMessageEntity];
