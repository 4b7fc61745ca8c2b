import crypto from 'node:crypto';
import { formatShanghai, shanghaiIso } from '@shared/common/time';
import { generateKeyPair, RsaKeyPair } from './fake-wechatpay.crypto';

/**
 * Everything a merchant and WeChat Pay share. Generated fresh at each start for demos and tests,
 * so no secret is ever committed: the merchant keypair signs our requests, the platform keypair
 * signs WeChat's responses and notices, the APIv3 key (32 bytes) encrypts notice resources.
 */
export interface FakeWechatPayCredentials {
  mchid: string;
  appid: string;
  apiV3Key: string;
  merchant: RsaKeyPair;
  platform: RsaKeyPair;
  /** 支付分服务 ID (service_id) the merchant was given for its Pay Score service. */
  payscoreServiceId: string;
}

export function generateFakeWechatPayCredentials(overrides: Partial<Pick<FakeWechatPayCredentials, 'mchid' | 'appid'>> = {}): FakeWechatPayCredentials {
  return {
    mchid: overrides.mchid ?? '1900000109',
    appid: overrides.appid ?? 'wxdemo0000000001',
    apiV3Key: crypto.randomBytes(16).toString('hex'),
    merchant: generateKeyPair(''),
    platform: generateKeyPair('PUB_KEY_ID_'),
    payscoreServiceId: '50000000000000000000000000000001',
  };
}

/** RFC 3339 in Beijing time, the way WeChat writes `success_time`: 2024-05-01T10:00:00+08:00. */
export function toWechatTime(d: Date): string {
  return shanghaiIso(d);
}

/** `2024-05-01 10:00:00` Beijing time, as in trade bills. */
export function toBillTime(d: Date): string {
  return formatShanghai(d, 'yyyy-MM-dd HH:mm:ss');
}

/** `2024-05-01`: the Beijing calendar day a moment falls on. */
export function toBillDate(d: Date): string {
  return formatShanghai(d, 'yyyy-MM-dd');
}
