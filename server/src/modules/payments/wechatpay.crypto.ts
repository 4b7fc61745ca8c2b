import crypto from 'node:crypto';

/** SHA256withRSA verification of `message` against a base64 signature; false on any malformed input. */
export function verifyRsaSha256(message: string, signatureBase64: string, publicKeyPem: string): boolean {
  try {
    return crypto.createVerify('RSA-SHA256').update(message).verify(publicKeyPem, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

/**
 * AEAD_AES_256_GCM as WeChat Pay uses it: base64(ciphertext || 16-byte tag), a 12-byte nonce and
 * associated data. Unlike wechatpay-node-v3's `decipher_gcm`, which never calls `final()` and so
 * never checks the tag, this throws when a single byte was changed.
 */
export function decryptAesGcm(ciphertextBase64: string, apiV3Key: string, nonce: string, associatedData: string): string {
  const data = Buffer.from(ciphertextBase64, 'base64');
  if (data.length <= 16) throw new Error('ciphertext too short');
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('APIv3 key must be 32 bytes');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()] ?? headers[name];
  return Array.isArray(v) ? v[0] : v;
}
