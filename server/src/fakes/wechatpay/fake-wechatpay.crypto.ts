import crypto from 'node:crypto';

/**
 * The cryptography of WeChat Pay API v3, written here independently of the payments module so the
 * fake checks our side rather than sharing its mistakes: SHA256-RSA2048 signatures and
 * AEAD_AES_256_GCM resources (ciphertext = encrypted bytes followed by the 16-byte tag, base64).
 */
export interface RsaKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  /** Certificate serial (or 微信支付公钥 ID) that names the key in Wechatpay-Serial / serial_no. */
  serialNo: string;
}

export function generateKeyPair(serialPrefix: string): RsaKeyPair {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, serialNo: `${serialPrefix}${crypto.randomBytes(16).toString('hex').toUpperCase()}` };
}

export function rsaSign(message: string, privateKeyPem: string): string {
  return crypto.createSign('RSA-SHA256').update(message).sign(privateKeyPem, 'base64');
}

export function rsaVerify(message: string, signature: string, publicKeyPem: string): boolean {
  try {
    return crypto.createVerify('RSA-SHA256').update(message).verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

export function aesGcmEncrypt(plaintext: string, apiV3Key: string, nonce: string, associatedData: string): string {
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
}

export function randomNonce(length = 32): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export interface MerchantAuthorization {
  mchid: string;
  nonce_str: string;
  timestamp: string;
  serial_no: string;
  signature: string;
}

/** Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",…`; null when it is not that scheme. */
export function parseAuthorization(header: string | undefined): MerchantAuthorization | null {
  if (!header) return null;
  const scheme = 'WECHATPAY2-SHA256-RSA2048 ';
  if (!header.startsWith(scheme)) return null;
  const fields: Record<string, string> = {};
  for (const m of header.slice(scheme.length).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]] = m[2];
  const { mchid, nonce_str, timestamp, serial_no, signature } = fields;
  if (!mchid || !nonce_str || !timestamp || !serial_no || !signature) return null;
  return { mchid, nonce_str, timestamp, serial_no, signature };
}
