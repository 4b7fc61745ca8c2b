import { z } from 'zod';

/** A WeChat Pay order paid (from the notice or a query), recorded with the order's change to paid. */
export const paymentPaidSchema = z.object({
  orderId: z.number().int(),
  outTradeNo: z.string(),
  payerUserId: z.number().int(),
  sourceKind: z.string(),
  sourceId: z.string(),
  amountFen: z.number().int(),
  paidAt: z.string(),
});
export type PaymentPaid = z.infer<typeof paymentPaidSchema>;

export const paymentEvents = {
  'payment.paid': paymentPaidSchema,
} as const;
