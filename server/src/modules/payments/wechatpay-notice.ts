import { PaymentErrorCode as E } from '@shared/payments/payments.schemas';
import { UnauthenticatedError, ValidationError } from '../../platform/errors';
import type { HeaderBag, VerifiedNotice } from './payment.gateway';
import { decryptAesGcm, headerValue, verifyRsaSha256 } from './wechatpay.crypto';
import { noticeEnvelopeSchema, serviceOrderWireSchema, toGatewayServiceOrder, toGatewayTransaction, transactionWireSchema } from './wechatpay.wire';

export interface NoticeKeys {
  /** Platform public keys by serial (微信支付公钥 ID or platform certificate serial); several during rotation. */
  platformPublicKeys: ReadonlyMap<string, string>;
  apiV3Key: string;
  /** A notice whose Wechatpay-Timestamp is further than this from now is refused (replay window). */
  windowSeconds: number;
}

/**
 * Checks a payment notice the way WeChat Pay's API v3 rules ask, in order: headers present, serial
 * known, timestamp fresh, SHA256-RSA signature over `timestamp\nnonce\nbody\n` with the platform
 * key, then the resource decrypted with AEAD_AES_256_GCM (tag checked). Every failure is a 4xx.
 */
export function verifyPaymentNotice(keys: NoticeKeys, headers: HeaderBag, rawBody: string, now: Date): VerifiedNotice {
  const timestamp = headerValue(headers, 'wechatpay-timestamp');
  const nonce = headerValue(headers, 'wechatpay-nonce');
  const signature = headerValue(headers, 'wechatpay-signature');
  const serial = headerValue(headers, 'wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) {
    throw new UnauthenticatedError(E.WECHATPAY_NOTICE_HEADERS_MISSING, '支付通知缺少 Wechatpay 签名头');
  }
  const publicKey = keys.platformPublicKeys.get(serial);
  if (!publicKey) throw new UnauthenticatedError(E.WECHATPAY_NOTICE_SERIAL_UNKNOWN, `支付通知的平台证书序列号 ${serial.slice(0, 40)} 未知`);
  const ts = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - ts) > keys.windowSeconds) {
    throw new UnauthenticatedError(E.WECHATPAY_NOTICE_STALE, `支付通知时间戳 ${timestamp.slice(0, 12)} 超出允许的 ${keys.windowSeconds} 秒`);
  }
  if (!verifyRsaSha256(`${timestamp}\n${nonce}\n${rawBody}\n`, signature, publicKey)) {
    throw new UnauthenticatedError(E.WECHATPAY_NOTICE_SIGNATURE_INVALID, '支付通知签名校验失败');
  }
  let envelopeJson: unknown;
  try {
    envelopeJson = JSON.parse(rawBody);
  } catch {
    throw new ValidationError(E.WECHATPAY_NOTICE_MALFORMED, '支付通知不是合法的 JSON');
  }
  const envelope = noticeEnvelopeSchema.safeParse(envelopeJson);
  if (!envelope.success) throw new ValidationError(E.WECHATPAY_NOTICE_MALFORMED, '支付通知格式不正确');
  const { id, event_type: eventType, resource } = envelope.data;
  let plaintext: string;
  try {
    plaintext = decryptAesGcm(resource.ciphertext, keys.apiV3Key, resource.nonce, resource.associated_data ?? '');
  } catch {
    throw new ValidationError(E.WECHATPAY_NOTICE_DECRYPT_FAILED, `支付通知 ${id.slice(0, 40)} 解密失败（密文或认证标签不符）`);
  }
  if (eventType === 'PAYSCORE.USER_PAID') {
    let json: unknown;
    try {
      json = JSON.parse(plaintext);
    } catch {
      throw new ValidationError(E.WECHATPAY_NOTICE_MALFORMED, '支付分通知资源不是合法的 JSON');
    }
    const order = serviceOrderWireSchema.safeParse(json);
    if (!order.success) throw new ValidationError(E.WECHATPAY_NOTICE_MALFORMED, `支付分通知 ${id.slice(0, 40)} 的订单内容不符合微信支付格式`);
    return { kind: 'payscore', noticeId: id, order: toGatewayServiceOrder(order.data) };
  }
  if (eventType !== 'TRANSACTION.SUCCESS') return { kind: 'other', noticeId: id, eventType };
  let resourceJson: unknown;
  try {
    resourceJson = JSON.parse(plaintext);
  } catch {
    throw new ValidationError(E.WECHATPAY_NOTICE_MALFORMED, '支付通知资源不是合法的 JSON');
  }
  const tx = transactionWireSchema.safeParse(resourceJson);
  if (!tx.success) {
    // Signed by WeChat yet not what its rules allow (a 40-character transaction_id, a success_time that is no
    // time): refused before anything is written; the details go to the log for reconciliation to follow up.
    const r = (resourceJson ?? {}) as Record<string, unknown>;
    const wire = (k: string) => (typeof r[k] === 'string' ? (r[k] as string).slice(0, 64) : null);
    throw new ValidationError(E.WECHATPAY_NOTICE_MALFORMED, `支付通知 ${id.slice(0, 40)} 的交易内容不符合微信支付格式`, {
      noticeId: id.slice(0, 64), outTradeNo: wire('out_trade_no'), transactionId: wire('transaction_id'), successTime: wire('success_time'),
      fields: tx.error.issues.map((i) => i.path.join('.')),
    });
  }
  return { kind: 'transaction', noticeId: id, transaction: toGatewayTransaction(tx.data) };
}
