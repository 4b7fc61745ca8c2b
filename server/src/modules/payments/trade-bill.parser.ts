import { PaymentErrorCode as E } from '@shared/payments/payments.schemas';
import { UpstreamError } from '../../platform/errors';
import type { TradeBillRow } from './payment.gateway';

/**
 * Parses WeChat Pay's trade bill (bill_type ALL): a header row, one row per trade or refund with
 * every field prefixed by a backtick, then a summary header and a summary row. Yuan strings become
 * integer fen by string arithmetic (never floating point).
 */
export function yuanTextToFen(text: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new UpstreamError(E.TRADE_BILL_CORRUPT, `账单金额 ${text.slice(0, 20)} 无法识别`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

const unquote = (f: string) => f.replace(/^`/, '').trim();

export function parseTradeBill(csv: string): TradeBillRow[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) return [];
  const header = lines[0].split(',').map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new UpstreamError(E.TRADE_BILL_CORRUPT, `账单缺少列 ${name}`);
    return i;
  };
  const c = {
    time: col('交易时间'), transactionId: col('微信订单号'), outTradeNo: col('商户订单号'), state: col('交易状态'),
    outRefundNo: col('商户退款单号'), refund: col('退款金额'), order: col('订单金额'),
  };
  const rows: TradeBillRow[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('总交易单数')) break;
    const f = line.split(',').map(unquote);
    if (f.length < header.length) throw new UpstreamError(E.TRADE_BILL_CORRUPT, '账单行字段数不足');
    const isRefund = f[c.state] === 'REFUND';
    rows.push({
      kind: isRefund ? 'refund' : 'payment',
      tradeTime: f[c.time],
      transactionId: f[c.transactionId],
      outTradeNo: f[c.outTradeNo],
      outRefundNo: isRefund ? f[c.outRefundNo] : null,
      amountFen: yuanTextToFen(isRefund ? f[c.refund] : f[c.order]),
    });
  }
  return rows;
}
