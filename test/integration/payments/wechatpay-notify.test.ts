import crypto from 'node:crypto';
import request from 'supertest';
import { PaymentOrderEntity } from '../../../server/src/modules/payments/payments.entity';
import { LedgerJournalEntity } from '../../../server/src/modules/ledger/ledger.entity';
import { WechatPayGateway, wechatPayConfigFromFake } from '../../../server/src/modules/payments';
import { generateFakeWechatPayCredentials } from '../../../server/src/fakes/wechatpay';
import { systemClock } from '../../../server/src/platform/clock';
import { openPaymentsWorld, PaymentsWorld } from './support/payments-world';
import { actorHeader, payer } from './support/payments-test-app';

let w: PaymentsWorld;
let seq = 0;

beforeAll(async () => {
  w = await openPaymentsWorld('notify');
});
afterAll(async () => {
  await w.close();
});

async function startPayment(amountFen = 3500, userId = 11) {
  seq += 1;
  return w.payments.startPayment({
    payerUserId: userId, payerOpenid: `openid-${userId}`, amountFen, description: '分时租赁 个人用车', sourceKind: 'rental', sourceId: `R-${seq}`,
  });
}

async function orderRow(outTradeNo: string) {
  return w.testDb.db.manager.getRepository(PaymentOrderEntity).findOneByOrFail({ outTradeNo });
}

async function paymentJournals(transactionId: string | null) {
  if (!transactionId) return 0;
  return w.testDb.db.manager.getRepository(LedgerJournalEntity).countBy({ kind: 'payment', reference: transactionId });
}

const notify = (n: { url: string; headers: Record<string, string>; body: string }) =>
  request(w.app.callback()).post(new URL(n.url).pathname).set(n.headers).send(n.body);

describe('JSAPI prepay', () => {
  it('when a payment is started, then wx.requestPayment parameters come back signed RSA with the merchant key', async () => {
    const { payment, payParams } = await startPayment(1200);
    expect(payment.status).toBe('pending');
    expect(payParams.signType).toBe('RSA');
    expect(payParams.package).toMatch(/^prepay_id=wx/);
    const message = `${payParams.appId}\n${payParams.timeStamp}\n${payParams.nonceStr}\n${payParams.package}\n`;
    const ok = crypto.createVerify('RSA-SHA256').update(message).verify(w.fake.credentials.merchant.publicKeyPem, payParams.paySign, 'base64');
    expect(ok).toBe(true);
    const res = await request(w.fake.app.callback()).post('/__fake/request-payment').send(payParams);
    expect(res.status).toBe(200);
    expect((await orderRow(payment.outTradeNo)).status).toBe('paid');
  });

  it('when WeChat answers signed by a key we do not trust, then the gateway refuses the answer', async () => {
    const other = generateFakeWechatPayCredentials();
    const config = { ...wechatPayConfigFromFake(w.fake, { notifyUrl: 'http://127.0.0.1/n' }), platformPublicKeys: new Map([[w.fake.credentials.platform.serialNo, other.platform.publicKeyPem]]) };
    const gateway = new WechatPayGateway(config, systemClock);
    await expect(gateway.queryPayment('P-NOT-THERE-1')).rejects.toMatchObject({ code: 'WECHATPAY_RESPONSE_UNVERIFIED' });
  });
});

describe('payment notices', () => {
  it('when the payer pays, then the notice credits the order once and the ledger books it', async () => {
    const { payment } = await startPayment(3500, 12);
    const { deliveredStatus, transaction } = await w.fake.pay(payment.outTradeNo);
    expect(deliveredStatus).toBe(204);
    const row = await orderRow(payment.outTradeNo);
    expect(row).toMatchObject({ status: 'paid', transactionId: transaction.transactionId });
    expect(await paymentJournals(row.transactionId)).toBe(1);
    expect(await w.ledger.balance('person:12')).toBe(-3500);
  });

  it('when the same notice arrives 10 times, some at once, then the order is credited exactly once', async () => {
    const { payment } = await startPayment(4200, 13);
    const { notice } = await w.fake.pay(payment.outTradeNo);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => notify(notice).then((r) => r.status)));
    for (let i = 0; i < 4; i += 1) statuses.push((await notify(notice)).status);
    expect(statuses).toEqual(Array(9).fill(204));
    const row = await orderRow(payment.outTradeNo);
    expect(await paymentJournals(row.transactionId)).toBe(1);
    expect(await w.ledger.balance('person:13')).toBe(-4200);
  });

  it('when notices for several orders arrive reordered and repeated, then each order is credited once', async () => {
    const started = await Promise.all([startPayment(100, 14), startPayment(200, 14), startPayment(300, 14)]);
    const notices = [];
    for (const s of started) {
      w.fake.settle(s.payment.outTradeNo);
      notices.push(w.fake.noticeFor(s.payment.outTradeNo), w.fake.noticeFor(s.payment.outTradeNo));
    }
    const order = [5, 2, 0, 3, 1, 4];
    for (const i of order) expect((await notify(notices[i])).status).toBe(204);
    for (const s of started) {
      const row = await orderRow(s.payment.outTradeNo);
      expect(row.status).toBe('paid');
      expect(await paymentJournals(row.transactionId)).toBe(1);
    }
    expect(await w.ledger.balance('person:14')).toBe(-600);
  });

  describe.each([
    ['a stale timestamp (10 minutes old)', { staleSeconds: 600 }, 401, 'WECHATPAY_NOTICE_STALE'],
    ['a forged signature', { forged: true }, 401, 'WECHATPAY_NOTICE_SIGNATURE_INVALID'],
    ['a ciphertext byte flipped', { tamperCiphertext: true }, 401, 'WECHATPAY_NOTICE_SIGNATURE_INVALID'],
    ['a ciphertext byte flipped and the body re-signed', { tamperCiphertextResigned: true }, 400, 'WECHATPAY_NOTICE_DECRYPT_FAILED'],
    ['an unknown platform serial', { unknownSerial: true }, 401, 'WECHATPAY_NOTICE_SERIAL_UNKNOWN'],
    ['a genuine signature over a different amount', { amountFen: 1 }, 400, 'PAYMENT_AMOUNT_MISMATCH'],
    ['a genuine signature over a 40-character transaction_id', { resource: { transaction_id: '4'.repeat(40) } }, 400, 'WECHATPAY_NOTICE_MALFORMED'],
    ['a genuine signature over a success_time that is no time', { resource: { success_time: '2026-13-45 25:61' } }, 400, 'WECHATPAY_NOTICE_MALFORMED'],
  ])('when a notice comes with %s', (_label, variant, status, code) => {
    it(`then it is refused with ${status} ${code}, logged, and nothing changes`, async () => {
      const { payment } = await startPayment(5000, 15);
      const t = w.fake.settle(payment.outTradeNo);
      const before = w.logs.length;
      const res = await notify(w.fake.noticeFor(payment.outTradeNo, variant));
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      const row = await orderRow(payment.outTradeNo);
      expect(row).toMatchObject({ status: 'pending', transactionId: null, paidAt: null });
      expect(await paymentJournals(t.transactionId)).toBe(0);
      const logged = w.logs.slice(before).filter((l) => l.level >= 40);
      expect(logged.length).toBeGreaterThan(0);
      // A signed but malformed notice is logged with what reconciliation needs to find the payment in the bill.
      if (code === 'WECHATPAY_NOTICE_MALFORMED') expect(logged.some((l) => (l.notice as { outTradeNo?: string } | undefined)?.outTradeNo === payment.outTradeNo)).toBe(true);
    });
  });

  it('when a genuine notice follows refused forgeries, then the order is credited once', async () => {
    const { payment } = await startPayment(777, 16);
    const { notice } = await w.fake.pay(payment.outTradeNo, { forged: true });
    expect((await orderRow(payment.outTradeNo)).status).toBe('pending');
    expect((await notify(notice)).status).toBe(401);
    expect((await notify(w.fake.noticeFor(payment.outTradeNo))).status).toBe(204);
    const row = await orderRow(payment.outTradeNo);
    expect(row.status).toBe('paid');
    expect(await paymentJournals(row.transactionId)).toBe(1);
  });

  it('when the payer asks for their payment, then they see it and another user gets 404', async () => {
    const { payment } = await startPayment(900, 17);
    const mine = await request(w.app.callback()).get(`/api/payments/${payment.outTradeNo}`).set(actorHeader(payer(17)));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ outTradeNo: payment.outTradeNo, amountFen: 900, status: 'pending' });
    const theirs = await request(w.app.callback()).get(`/api/payments/${payment.outTradeNo}`).set(actorHeader(payer(18)));
    expect(theirs.status).toBe(404);
  });
});
