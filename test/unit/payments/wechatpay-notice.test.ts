import { generateFakeWechatPayCredentials } from '../../../server/src/fakes/wechatpay';
import { buildPaymentNotice, NoticeVariant } from '../../../server/src/fakes/wechatpay/fake-wechatpay.notices';
import { verifyPaymentNotice } from '../../../server/src/modules/payments/wechatpay-notice';
import { decryptAesGcm } from '../../../server/src/modules/payments/wechatpay.crypto';

const creds = generateFakeWechatPayCredentials();
const keys = { platformPublicKeys: new Map([[creds.platform.serialNo, creds.platform.publicKeyPem]]), apiV3Key: creds.apiV3Key, windowSeconds: 300 };
const now = new Date('2026-11-20T02:00:00Z');
const tx = {
  appid: creds.appid, mchid: creds.mchid, outTradeNo: 'P2026112010000012345678', transactionId: '4200000000202611200000000001',
  amountFen: 3500, payerOpenid: 'o-payer', attach: '', successTime: now, notifyUrl: 'http://x/notify',
};
const notice = (v: NoticeVariant = {}, at = now) => buildPaymentNotice(creds, tx, at, v);

describe('payment notice verification', () => {
  it('when a genuine notice arrives, then its transaction is returned decrypted', () => {
    const n = notice();
    const v = verifyPaymentNotice(keys, n.headers, n.body, now);
    expect(v).toMatchObject({ kind: 'transaction', transaction: { outTradeNo: tx.outTradeNo, transactionId: tx.transactionId, amountFen: 3500, state: 'SUCCESS' } });
  });

  it.each([
    ['stale by 301 s', { staleSeconds: 301 }, 'WECHATPAY_NOTICE_STALE'],
    ['forged', { forged: true }, 'WECHATPAY_NOTICE_SIGNATURE_INVALID'],
    ['tampered', { tamperCiphertext: true }, 'WECHATPAY_NOTICE_SIGNATURE_INVALID'],
    ['tampered and re-signed', { tamperCiphertextResigned: true }, 'WECHATPAY_NOTICE_DECRYPT_FAILED'],
    ['from an unknown serial', { unknownSerial: true }, 'WECHATPAY_NOTICE_SERIAL_UNKNOWN'],
  ] as const)('when a notice is %s, then it is refused with %s', (_l, variant, code) => {
    const n = notice(variant);
    expect(() => verifyPaymentNotice(keys, n.headers, n.body, now)).toThrow(expect.objectContaining({ code }));
  });

  it('when a notice from the future beyond the window arrives, then it is refused as stale', () => {
    const n = notice({}, new Date(now.getTime() + 400_000));
    expect(() => verifyPaymentNotice(keys, n.headers, n.body, now)).toThrow(expect.objectContaining({ code: 'WECHATPAY_NOTICE_STALE' }));
  });

  it('when signature headers are missing, then it is refused', () => {
    const n = notice();
    const { 'wechatpay-signature': _drop, ...rest } = n.headers;
    expect(() => verifyPaymentNotice(keys, rest, n.body, now)).toThrow(expect.objectContaining({ code: 'WECHATPAY_NOTICE_HEADERS_MISSING' }));
  });

  it('when the GCM tag does not match, then decryption throws instead of returning garbage', () => {
    const body = JSON.parse(notice({ tamperCiphertextResigned: true }).body) as { resource: { ciphertext: string; nonce: string; associated_data: string } };
    expect(() => decryptAesGcm(body.resource.ciphertext, creds.apiV3Key, body.resource.nonce, body.resource.associated_data)).toThrow();
    const good = JSON.parse(notice().body) as typeof body;
    expect(() => decryptAesGcm(good.resource.ciphertext, creds.apiV3Key, good.resource.nonce, 'other-aad')).toThrow();
  });
});
