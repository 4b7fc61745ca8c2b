import { z } from 'zod';
import { formatShanghai, shanghaiIso } from '@shared/common/time';
import type { GatewayRefund, GatewayServiceOrder, GatewayTransaction } from './payment.gateway';

/** WeChat Pay API v3 payloads as zod schemas: everything from outside is parsed before use. */
export const transactionWireSchema = z.object({
  mchid: z.string(),
  appid: z.string(),
  // Lengths as WeChat Pay's API v3 documents them (and as our columns hold them: varchar(32)).
  out_trade_no: z.string().min(1).max(32),
  transaction_id: z.string().min(1).max(32).optional(),
  trade_state: z.enum(['SUCCESS', 'NOTPAY', 'CLOSED', 'REFUND', 'USERPAYING', 'PAYERROR', 'REVOKED']),
  /** RFC 3339 (`2026-11-26T10:00:00+08:00`): anything else would become an Invalid Date and fail the write. */
  success_time: z.iso.datetime({ offset: true }).optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z.object({ total: z.number().int().optional(), payer_total: z.number().int().optional() }).optional(),
});

export const refundWireSchema = z.object({
  // As the payment's: lengths WeChat documents (and our varchar(64) columns hold), an RFC 3339 success_time.
  refund_id: z.string().min(1).max(32),
  out_refund_no: z.string().min(1).max(64),
  out_trade_no: z.string().min(1).max(32),
  status: z.enum(['SUCCESS', 'PROCESSING', 'CLOSED', 'ABNORMAL']),
  success_time: z.iso.datetime({ offset: true }).optional(),
  amount: z.object({ refund: z.number().int(), total: z.number().int() }),
});

export const prepayWireSchema = z.object({ prepay_id: z.string().min(1) });
export const tradeBillWireSchema = z.object({ hash_type: z.string(), hash_value: z.string(), download_url: z.string() });
export const errorWireSchema = z.object({ code: z.string(), message: z.string() });

export const noticeEnvelopeSchema = z.object({
  id: z.string(),
  event_type: z.string(),
  resource_type: z.string(),
  resource: z.object({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    ciphertext: z.string().min(1),
    nonce: z.string().min(1),
    associated_data: z.string().optional(),
    original_type: z.string().optional(),
  }),
});

/** A 微信支付分 service order as API v3 answers it (and as PAYSCORE.USER_PAID carries it). */
export const serviceOrderWireSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_order_no: z.string().min(1).max(32),
  order_id: z.string().max(64).optional(),
  openid: z.string().optional(),
  state: z.enum(['CREATED', 'DOING', 'DONE', 'REVOKED', 'EXPIRED']),
  state_description: z.string().optional(),
  total_amount: z.number().int().optional(),
  collection: z.object({
    state: z.string(),
    paid_amount: z.number().int().optional(),
    details: z.array(z.object({
      amount: z.number().int(), paid_time: z.iso.datetime({ offset: true }).optional(), transaction_id: z.string().min(1).max(32).optional(),
    })).optional(),
  }).optional(),
});

export function toGatewayServiceOrder(w: z.infer<typeof serviceOrderWireSchema>): GatewayServiceOrder {
  const detail = w.collection?.state === 'USER_PAID' ? w.collection.details?.find((d) => d.transaction_id) : undefined;
  return {
    mchid: w.mchid, appid: w.appid, outOrderNo: w.out_order_no, orderId: w.order_id ?? null, openid: w.openid ?? null, state: w.state,
    stateDescription: w.state_description ?? null, totalFen: w.total_amount ?? null,
    paid: detail ? { transactionId: detail.transaction_id!, amountFen: w.collection!.paid_amount ?? detail.amount, paidAt: detail.paid_time ? new Date(detail.paid_time) : new Date(0) } : null,
  };
}

/** `yyyyMMddHHmmss` in Beijing time, as 支付分 wants time_range. */
export function toPayScoreTime(d: Date): string {
  return formatShanghai(d, 'yyyyMMddHHmmss');
}

export function toGatewayTransaction(w: z.infer<typeof transactionWireSchema>): GatewayTransaction {
  return {
    mchid: w.mchid,
    appid: w.appid,
    outTradeNo: w.out_trade_no,
    transactionId: w.transaction_id ?? null,
    state: w.trade_state,
    amountFen: w.amount?.total ?? 0,
    payerOpenid: w.payer?.openid ?? null,
    successTime: w.success_time ? new Date(w.success_time) : null,
  };
}

export function toGatewayRefund(w: z.infer<typeof refundWireSchema>): GatewayRefund {
  return {
    outRefundNo: w.out_refund_no,
    refundId: w.refund_id,
    outTradeNo: w.out_trade_no,
    status: w.status,
    refundFen: w.amount.refund,
    successTime: w.success_time ? new Date(w.success_time) : null,
  };
}

/** RFC 3339 in Beijing time, as WeChat wants `time_expire`. */
export function toWechatTime(d: Date): string {
  return shanghaiIso(d);
}
