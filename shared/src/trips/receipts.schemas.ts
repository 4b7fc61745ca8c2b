import { z } from 'zod';

/** 票据: what a receipt photo is for, matching the cost fields of 回场. */
export const receiptKinds = ['fuel', 'toll', 'parking', 'other'] as const;
export type ReceiptKind = (typeof receiptKinds)[number];
export const receiptKindLabel: Record<ReceiptKind, string> = { fuel: '油费/充电', toll: '过路过桥费', parking: '停车费', other: '其他' };

/** Accepted photo types (checked against the bytes, not only the header) and the size limit. */
export const receiptContentTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const RECEIPT_MAX_BYTES = 4 * 1024 * 1024;
export const RECEIPTS_PER_ASSIGNMENT = 12;

export const receiptUploadQuerySchema = z.strictObject({ kind: z.enum(receiptKinds, '票据类型须为油费、通行费、停车费或其他票据') });

export const receiptSchema = z.object({
  id: z.number().int(),
  assignmentId: z.number().int(),
  kind: z.enum(receiptKinds),
  kindLabel: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
  /** A view link for <Image>, signed and valid for an hour (no Authorization header needed). */
  url: z.string(),
});
export type Receipt = z.infer<typeof receiptSchema>;

export const receiptImageQuerySchema = z.strictObject({
  exp: z.coerce.number().int().positive(),
  sig: z.string().regex(/^[0-9a-f]{32}$/, '签名格式不正确'),
});
