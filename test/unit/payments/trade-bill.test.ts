import { buildTradeBillCsv } from '../../../server/src/fakes/wechatpay/fake-wechatpay.bill';
import { parseTradeBill, yuanTextToFen } from '../../../server/src/modules/payments/trade-bill.parser';
import { matchTradeBill } from '../../../server/src/modules/payments/reconciliation.rules';

const base = { appid: 'wx1', mchid: '1900000109', openid: 'o1', description: '押金', transactionId: '4200000001' };

describe('trade bill', () => {
  it.each([['0.01', 1], ['12.3', 1230], ['1234.56', 123456], ['-0.50', -50], ['7', 700]])('when %s yuan is read, then it is %i fen', (text, fen) => {
    expect(yuanTextToFen(text)).toBe(fen);
  });

  it('when a bill in WeChat\'s backtick format is parsed, then payments and refunds of that Beijing day come out in fen', () => {
    const csv = buildTradeBillCsv('2026-11-20', [
      { ...base, kind: 'payment', time: new Date('2026-11-19T16:30:00Z'), outTradeNo: 'P1', totalFen: 3500 },
      { ...base, kind: 'refund', time: new Date('2026-11-20T03:00:00Z'), outTradeNo: 'P1', totalFen: 3500, refundId: '5001', outRefundNo: 'R1', refundFen: 1001 },
      { ...base, kind: 'payment', time: new Date('2026-11-20T16:00:00Z'), outTradeNo: 'P2', totalFen: 99 },
    ]);
    expect(csv.split('\r\n')[1].startsWith('`2026-11-20 00:30:00,`wx1')).toBe(true);
    expect(parseTradeBill(csv)).toEqual([
      { kind: 'payment', tradeTime: '2026-11-20 00:30:00', transactionId: '4200000001', outTradeNo: 'P1', outRefundNo: null, amountFen: 3500 },
      { kind: 'refund', tradeTime: '2026-11-20 11:00:00', transactionId: '4200000001', outTradeNo: 'P1', outRefundNo: 'R1', amountFen: 1001 },
    ]);
  });

  it('when the bill and our records differ, then missing, extra and amount differences are each listed', () => {
    const row = (outTradeNo: string, amountFen: number) => ({ kind: 'payment' as const, tradeTime: '', transactionId: 't', outTradeNo, outRefundNo: null, amountFen });
    const ours = (reference: string, amountFen: number) => ({ recordKind: 'payment' as const, reference, transactionId: 't', amountFen });
    const r = matchTradeBill([row('A', 100), row('B', 200), row('X', 5)], [ours('A', 100), ours('B', 201), ours('C', 300)]);
    expect(r.matched).toBe(1);
    expect(r.mismatches.map((m) => `${m.kind}:${m.reference}`).sort()).toEqual(['amount_differs:B', 'extra:X', 'missing:C']);
  });
});
