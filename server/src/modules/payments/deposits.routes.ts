import { depositSchema, startDepositResponseSchema } from '@shared/payments/deposit.schemas';
import { ApiRouter } from '../../platform/http/api-router';
import type { DepositsService } from './deposits.service';

/**
 * 分时租赁押金 over HTTP. Declared before payments' `/api/payments/:outTradeNo` routes: the literal
 * `deposits` would otherwise pass as an out_trade_no.
 */
export function depositsRoutes(deposits: DepositsService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/payments/deposits/mine', tag: 'payments', auth: ['applicant'],
      summary: '我的分时租赁押金（未缴纳 / 待支付 / 已缴纳 / 退还中）', response: depositSchema,
      handler: ({ actor }) => deposits.mine(actor),
    })
    .add({
      method: 'post', path: '/api/payments/deposits', tag: 'payments', auth: ['applicant'],
      summary: '缴纳分时租赁押金：返回 wx.requestPayment 参数（待支付时重复请求得到同一笔支付；已缴纳时不再收取）',
      response: startDepositResponseSchema,
      handler: ({ actor }) => deposits.start(actor),
    })
    .add({
      method: 'post', path: '/api/payments/deposits/refund', tag: 'payments', auth: ['applicant'],
      summary: '申请退还分时租赁押金：原路退回微信（重复申请是同一笔退款）', response: depositSchema,
      handler: ({ actor }) => deposits.refund(actor),
    });
}
