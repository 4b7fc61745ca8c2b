import { z } from 'zod';
import { jsapiPayParamsSchema, paymentSchema } from './payments.schemas';

/**
 * 分时租赁押金 (DOMAIN.md §6: deposits are paid by the person through WeChat Pay). One deposit per
 * user: asking again while one is pending gives the same payment; once paid there is nothing to pay.
 */
export const depositStatuses = ['unpaid', 'pending', 'paid', 'refunding'] as const;
export type DepositStatus = (typeof depositStatuses)[number];
export const depositStatusLabel: Record<DepositStatus, string> = { unpaid: '未缴纳', pending: '待支付', paid: '已缴纳', refunding: '退还中' };

export const depositSchema = z.object({
  status: z.enum(depositStatuses),
  /** What the deposit costs now (configured on the server), in fen. */
  amountFen: z.number().int(),
  /** The payment behind the status: the pending or paid one; null while unpaid. */
  payment: paymentSchema.nullable(),
});
export type Deposit = z.infer<typeof depositSchema>;

export const startDepositResponseSchema = z.object({
  deposit: depositSchema,
  /** What wx.requestPayment takes; null when the deposit is already paid. */
  payParams: jsapiPayParamsSchema.nullable(),
  /**
   * Only when the server uses the project's fake WeChat Pay (demo, tests): the browser build pays by
   * POSTing payParams to `{fakeWechatPayBaseUrl}/__fake/request-payment`. Null with real WeChat Pay.
   */
  fakeWechatPayBaseUrl: z.string().nullable(),
});
export type StartDepositResponse = z.infer<typeof startDepositResponseSchema>;

/** Declared in payments.errors.ts. */
export { DepositErrorCode } from './payments.errors';
