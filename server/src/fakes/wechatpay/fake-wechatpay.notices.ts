import crypto from 'node:crypto';
import { aesGcmEncrypt, generateKeyPair, randomNonce, rsaSign } from './fake-wechatpay.crypto';
import { FakeWechatPayCredentials, toWechatTime } from './fake-wechatpay.credentials';

/** A payment notice as it travels: the URL it goes to, the Wechatpay-* headers and the exact body. */
export interface FakeNotice {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface FakePaidTransaction {
  appid: string;
  mchid: string;
  outTradeNo: string;
  transactionId: string;
  amountFen: number;
  payerOpenid: string;
  attach: string;
  successTime: Date;
  notifyUrl: string;
}

/** Ways a test can spoil a notice; none of them must ever credit a payment. */
export interface NoticeVariant {
  /** Timestamp this many seconds in the past (signature valid for it): a replayed/stale notice. */
  staleSeconds?: number;
  /** Signed with a key that is not the platform's, under the platform's serial. */
  forged?: boolean;
  /** One ciphertext byte flipped after signing: the signature no longer matches. */
  tamperCiphertext?: boolean;
  /** One ciphertext byte flipped and the body signed again: only the GCM tag can tell. */
  tamperCiphertextResigned?: boolean;
  /** A serial we never gave the merchant. */
  unknownSerial?: boolean;
  /** The resource claims this amount instead of the paid one (signed and encrypted correctly). */
  amountFen?: number;
  /** Fields of the resource replaced (signed and encrypted correctly): a 40-character transaction_id, a success_time that is no time. */
  resource?: Record<string, unknown>;
}

let forgerKey: { privateKeyPem: string } | null = null;
function forger(): { privateKeyPem: string } {
  forgerKey ??= generateKeyPair('FORGER');
  return forgerKey;
}

function flipOneByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  return bytes.toString('base64');
}

export function buildPaymentNotice(creds: FakeWechatPayCredentials, tx: FakePaidTransaction, now: Date, variant: NoticeVariant = {}): FakeNotice {
  const resource = {
    mchid: tx.mchid,
    appid: tx.appid,
    out_trade_no: tx.outTradeNo,
    transaction_id: tx.transactionId,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    attach: tx.attach,
    success_time: toWechatTime(tx.successTime),
    payer: { openid: tx.payerOpenid },
    amount: { total: variant.amountFen ?? tx.amountFen, payer_total: variant.amountFen ?? tx.amountFen, currency: 'CNY', payer_currency: 'CNY' },
    ...variant.resource,
  };
  const nonce = randomNonce(12);
  let ciphertext = aesGcmEncrypt(JSON.stringify(resource), creds.apiV3Key, nonce, 'transaction');
  if (variant.tamperCiphertextResigned) ciphertext = flipOneByte(ciphertext);
  const id = crypto.randomUUID();
  const envelope = (ct: string) => JSON.stringify({
    id,
    create_time: toWechatTime(now),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: ct, associated_data: 'transaction', nonce },
  });
  let body = envelope(ciphertext);
  const timestamp = String(Math.floor(now.getTime() / 1000) - (variant.staleSeconds ?? 0));
  const headerNonce = randomNonce(32);
  const key = variant.forged ? forger().privateKeyPem : creds.platform.privateKeyPem;
  const signature = rsaSign(`${timestamp}\n${headerNonce}\n${body}\n`, key);
  if (variant.tamperCiphertext) body = envelope(flipOneByte(ciphertext));
  return {
    url: tx.notifyUrl,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': headerNonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': variant.unknownSerial ? 'PUB_KEY_ID_UNKNOWN0000' : creds.platform.serialNo,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
    body,
  };
}
