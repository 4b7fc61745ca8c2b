import { z } from 'zod';

/** A WeChat subscribe message to send to one user (written with the change that causes it). */
export const wechatMessageRequestedSchema = z.object({
  userId: z.number().int(),
  openid: z.string(),
  templateId: z.string(),
  page: z.string(),
  data: z.record(z.string(), z.object({ value: z.string() })),
});
export type WechatMessageRequested = z.infer<typeof wechatMessageRequestedSchema>;

export const notificationEvents = {
  'notification.wechat_requested': wechatMessageRequestedSchema,
} as const;
