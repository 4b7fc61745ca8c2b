import { toBillDate, toBillTime } from './fake-wechatpay.credentials';

/** One paid trade or one refund as WeChat keeps it; the bill is drawn from these. */
export interface FakeBillSource {
  kind: 'payment' | 'refund';
  time: Date;
  appid: string;
  mchid: string;
  transactionId: string;
  outTradeNo: string;
  openid: string;
  description: string;
  totalFen: number;
  refundId?: string;
  outRefundNo?: string;
  refundFen?: number;
}

const HEADER = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
/** Fee at 0.6%, in yuan with five decimals as WeChat prints it. */
const fee = (fen: number) => (Math.round(fen * 0.006 * 1000) / 100000).toFixed(5);
/** Every field is written with a leading backtick so spreadsheets keep long numbers as text. */
const row = (fields: string[]) => fields.map((f) => '`' + f).join(',');

/** The ALL trade bill for one Beijing day: payments and refunds that succeeded that day, then totals. */
export function buildTradeBillCsv(billDate: string, sources: FakeBillSource[]): string {
  const lines = [HEADER];
  let paid = 0;
  let refunded = 0;
  let fees = 0;
  const day = sources.filter((s) => toBillDate(s.time) === billDate);
  for (const s of day) {
    const isRefund = s.kind === 'refund';
    const refundFen = s.refundFen ?? 0;
    if (isRefund) refunded += refundFen;
    else paid += s.totalFen;
    const feeYuan = fee(isRefund ? -refundFen : s.totalFen);
    fees += Math.round(Number(feeYuan) * 100000);
    lines.push(row([
      toBillTime(s.time), s.appid, s.mchid, '0', '', s.transactionId, s.outTradeNo, s.openid, 'JSAPI',
      isRefund ? 'REFUND' : 'SUCCESS', 'OTHERS', 'CNY', isRefund ? '0.00' : yuan(s.totalFen), '0.00',
      isRefund ? s.refundId ?? '' : '0', isRefund ? s.outRefundNo ?? '' : '0', yuan(refundFen), '0.00',
      isRefund ? 'ORIGINAL' : '', isRefund ? 'SUCCESS' : '', s.description, '', feeYuan, '0.60%',
      yuan(s.totalFen), isRefund ? yuan(refundFen) : '0.00', '',
    ]));
  }
  lines.push(SUMMARY_HEADER);
  lines.push(row([String(day.length), yuan(paid), yuan(refunded), '0.00', (fees / 100000).toFixed(5), yuan(paid), yuan(refunded)]));
  return lines.join('\r\n') + '\r\n';
}
