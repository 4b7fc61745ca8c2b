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

/**
 * A 微信支付分 service order was deducted (PAYSCORE.USER_PAID, or found so by a query), recorded with the
 * service order's change to paid: what the service was for (a rental, a damage claim) learns it from here.
 */
export const payscorePaidSchema = z.object({
  serviceOrderId: z.number().int(),
  outOrderNo: z.string(),
  payerUserId: z.number().int(),
  sourceKind: z.string(),
  sourceId: z.string(),
  amountFen: z.number().int(),
  transactionId: z.string(),
  paidAt: z.string(),
});
export type PayscorePaid = z.infer<typeof payscorePaidSchema>;

export const paymentEvents = {
  'payment.paid': paymentPaidSchema,
  'payscore.paid': payscorePaidSchema,
} as const;
