import { z } from 'zod';
import {
  createRefundSchema, outTradeNoParamsSchema, paymentSchema, reconcileSchema, reconciliationIdParamsSchema,
  reconciliationSchema, refundSchema,
} from '@shared/payments/payments.schemas';
import { ApiRouter } from '../../platform/http/api-router';
import { FINANCE_ROLES } from '../../platform/access';
import type { PaymentsService } from './payments.service';
import type { RefundsService } from './refunds.service';
import type { ReconciliationService } from './reconciliation.service';
import type { DepositsService } from './deposits.service';
import { depositsRoutes } from './deposits.routes';

export const WECHATPAY_NOTIFY_PATH = '/api/payments/wechatpay/notify';

/**
 * Payments over HTTP. Starting a payment is not here: the module that owns what is paid for
 * (rental, deposits) calls PaymentsService.startPayment with a server-side amount and returns the
 * wx.requestPayment parameters in its own answer.
 */
export function paymentsRoutes(payments: PaymentsService, refunds: RefundsService, reconciliation: ReconciliationService, deposits?: DepositsService): ApiRouter {
  // Deposits first: their literal paths must win over `/api/payments/:outTradeNo`.
  return (deposits ? depositsRoutes(deposits) : new ApiRouter())
    .add({
      method: 'post', path: WECHATPAY_NOTIFY_PATH, tag: 'payments', auth: false,
      rawBody: '微信支付 v3 通知（JSON；resource 以 APIv3 密钥 AEAD_AES_256_GCM 加密，Wechatpay-Signature 等头部签名，处理方验签）',
      summary: '微信支付结果通知（验签、解密、幂等入账；成功答 204）',
      handler: async ({ ctx }) => {
        const raw = (ctx.request as unknown as { rawBody?: string }).rawBody ?? '';
        await payments.handleNotice(ctx.headers, raw);
        return undefined;
      },
    })
    .add({
      method: 'get', path: '/api/payments/:outTradeNo', tag: 'payments', summary: '支付订单（本人，或范围内的财务）',
      params: outTradeNoParamsSchema, response: paymentSchema,
      handler: ({ actor, params }) => payments.getPayment(actor, params.outTradeNo),
    })
    .add({
      method: 'post', path: '/api/payments/:outTradeNo/sync', tag: 'payments', summary: '向微信支付查单并更新状态',
      params: outTradeNoParamsSchema, response: paymentSchema,
      handler: ({ actor, params }) => payments.syncPayment(actor, params.outTradeNo),
    })
    .add({
      method: 'get', path: '/api/payments/:outTradeNo/refunds', tag: 'payments', summary: '退款记录（财务，范围同结算单）', auth: FINANCE_ROLES,
      params: outTradeNoParamsSchema, response: z.array(refundSchema),
      handler: ({ actor, params }) => refunds.listRefunds(actor, params.outTradeNo),
    })
    .add({
      method: 'post', path: '/api/payments/:outTradeNo/refunds', tag: 'payments', auth: FINANCE_ROLES,
      summary: '退款（全额或部分；带 refundNo 重试是同一笔退款）', status: 201,
      params: outTradeNoParamsSchema, body: createRefundSchema, response: refundSchema,
      handler: ({ actor, params, body }) => refunds.requestRefund(actor, params.outTradeNo, body),
    })
    .add({
      method: 'post', path: '/api/payments/reconciliations', tag: 'payments', auth: FINANCE_ROLES,
      summary: '下载某日交易账单并对账', status: 201, body: reconcileSchema, response: reconciliationSchema,
      handler: ({ actor, body }) => reconciliation.reconcile(actor, body.billDate),
    })
    .add({
      method: 'get', path: '/api/payments/reconciliations/:id', tag: 'payments', auth: FINANCE_ROLES,
      summary: '对账结果与差异明细', params: reconciliationIdParamsSchema, response: reconciliationSchema,
      handler: ({ actor, params }) => reconciliation.getRun(actor, params.id),
    });
}
