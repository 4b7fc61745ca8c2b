import { z } from 'zod';

/** 站内消息: what happened to my requests and what waits for me. */
export const messageSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  /** Mini-program page to open, e.g. `/trips/detail?id=12`. */
  page: z.string(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Message = z.infer<typeof messageSchema>;

export const messageListQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type MessageListQuery = z.infer<typeof messageListQuerySchema>;

export const messagePageSchema = z.object({
  items: z.array(messageSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(),
  unreadCount: z.number().int(),
});
export type MessagePage = z.infer<typeof messagePageSchema>;
