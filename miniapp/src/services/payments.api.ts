import Taro from '@tarojs/taro';
import { paymentSchema, reconciliationSchema, type Payment, type Reconciliation } from '@shared/payments/payments.schemas';
import { depositSchema, startDepositResponseSchema, type Deposit, type StartDepositResponse } from '@shared/payments/deposit.schemas';
import { ApiError, http } from './http';

/** 支付 (server/src/modules/payments): my deposit, paying it, WeChat Pay bill reconciliation for finance. */
/** 退还押金: the whole deposit back to WeChat; asking again is the same refund. */
export function refundMyDeposit(): Promise<Deposit> {
  return http.post('/api/payments/deposits/refund', {}, depositSchema);
}

export function fetchMyDeposit(): Promise<Deposit> {
  return http.get('/api/payments/deposits/mine', depositSchema, { silent: true });
}

export function startDeposit(): Promise<StartDepositResponse> {
  return http.post('/api/payments/deposits', {}, startDepositResponseSchema);
}

/** One payment order (the payer's own, or finance's in scope): its status and what was refunded. */
export function fetchPayment(outTradeNo: string): Promise<Payment> {
  return http.get(`/api/payments/${outTradeNo}`, paymentSchema, { silent: true });
}

/** Asks the server to query WeChat Pay about a payment (the notice may be late). */
export function syncPayment(outTradeNo: string): Promise<Payment> {
  return http.post(`/api/payments/${outTradeNo}/sync`, {}, paymentSchema, { silent: true });
}

export function runReconciliation(billDate: string): Promise<Reconciliation> {
  return http.post('/api/payments/reconciliations', { billDate }, reconciliationSchema);
}

/** Thrown when the payer closes the WeChat Pay sheet: not an error worth a red banner. */
export class PaymentCancelled extends Error {
  constructor() {
    super('已取消支付');
    this.name = 'PaymentCancelled';
    Object.setPrototypeOf(this, PaymentCancelled.prototype);
  }
}

/**
 * Opens WeChat Pay with the server's parameters. In WeChat: wx.requestPayment. In the browser there
 * is no WeChat client; when the server runs the project's fake WeChat Pay it tells us where, and the
 * fake plays the client (checks paySign, pays, sends the signed notice to our server).
 */
export async function payWithWechat(start: Pick<StartDepositResponse, 'payParams' | 'fakeWechatPayBaseUrl'>): Promise<void> {
  const params = start.payParams;
  if (!params) return;
  if (process.env.TARO_ENV === 'weapp') {
    try {
      await Taro.requestPayment({ ...params });
    } catch (e) {
      const msg = e instanceof Object && 'errMsg' in e ? String((e as { errMsg: unknown }).errMsg) : '';
      if (msg.includes('cancel')) throw new PaymentCancelled();
      throw new ApiError(0, 'WECHATPAY_FAILED', '微信支付未完成，请稍后重试', false);
    }
    return;
  }
  if (!start.fakeWechatPayBaseUrl) throw new ApiError(0, 'WECHAT_REQUIRED', '请在微信小程序中完成支付', false);
  let res: Taro.request.SuccessCallbackResult<string>;
  try {
    res = await Taro.request<string>({
      url: `${start.fakeWechatPayBaseUrl}/__fake/request-payment`, method: 'POST', header: { 'Content-Type': 'application/json' },
      data: JSON.stringify(params), dataType: 'text', responseType: 'text',
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接支付服务，请稍后重试', false);
  }
  if (res.statusCode !== 200) throw new ApiError(res.statusCode, 'WECHATPAY_FAILED', '支付未成功，请稍后重试', false);
}
