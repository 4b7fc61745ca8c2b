import { refundWireSchema, transactionWireSchema } from '../../../server/src/modules/payments/wechatpay.wire';

/** #14: what WeChat sends is parsed against its documented shape before anything is written (never an Invalid Date or a truncated id). */
describe('WeChat Pay wire schemas', () => {
  const tx = { mchid: '1900000001', appid: 'wx0000000000000001', out_trade_no: 'P2026120409000012345678', transaction_id: '4200000000000000000000000001', trade_state: 'SUCCESS', success_time: '2026-12-04T10:00:00+08:00' };
  const refund = { refund_id: '50000000000000000000000001', out_refund_no: 'RF-0001', out_trade_no: 'P2026120409000012345678', status: 'SUCCESS', success_time: '2026-12-04T10:00:00+08:00', amount: { refund: 100, total: 100 } };

  it.each([
    ['a transaction as WeChat documents it', transactionWireSchema, tx, true],
    ['a 40-character transaction_id', transactionWireSchema, { ...tx, transaction_id: '4'.repeat(40) }, false],
    ['a success_time that is no time', transactionWireSchema, { ...tx, success_time: '2026-13-45 25:61' }, false],
    ['a refund as WeChat documents it', refundWireSchema, refund, true],
    ['a refund whose success_time is no time', refundWireSchema, { ...refund, success_time: 'yesterday' }, false],
    ['a 40-character refund_id', refundWireSchema, { ...refund, refund_id: '5'.repeat(40) }, false],
  ] as const)('when WeChat sends %s, then it parses: %s', (_label, schema, body, ok) => {
    expect(schema.safeParse(body).success).toBe(ok);
  });
});
