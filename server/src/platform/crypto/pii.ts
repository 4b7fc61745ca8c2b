import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ValueTransformer } from 'typeorm';
import { ConfigError } from '@config/load-config';
import { hmacSm3Hex } from './sm3-hmac';

/**
 * Personal data at rest (#19 item 3; DOMAIN.md §8: 密评 GB/T 39786 expects SM4 for confidentiality and SM3
 * for integrity): phone, ID and licence numbers are stored as
 *
 *   sm4:<key id>:<iv, 32 hex><ciphertext hex>:<tag, 32 hex>
 *
 * SM4-CBC with a random IV per value (the same phone twice gives two different ciphertexts) and an
 * SM3-HMAC tag over key id, IV and ciphertext (encrypt-then-MAC: a value edited in the database is refused,
 * not decrypted into garbage). The key id travels with the value, so keys rotate: new writes use the
 * current key, values under an older key still decrypt, and `npm run pii:reencrypt` moves them over.
 * A lookup by phone uses a keyed hash (SM3-HMAC with its own key) stored beside the ciphertext.
 */
export interface PiiSettings {
  /** Key id → SM4 key (32 hex characters). */
  keys: ReadonlyMap<string, string>;
  /** The key id new values are written with. */
  currentKeyId: string;
  /** SM3-HMAC key for lookup hashes (hex). */
  lookupKey: string;
}

const PREFIX = 'sm4:';
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const HEX_KEY = /^[0-9a-fA-F]{32}$/;

/**
 * Outside production, without PII_KEYS, a demo key (named `demo`, like the fake WeChat's demo secret):
 * the embedded default and tests start with no setup. Production refuses to start without real keys.
 */
const DEMO_KEYS = 'demo:5d1c0a6e8f3b4c2d9e7a6b5c4d3e2f10';
const DEMO_LOOKUP_KEY = '6a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f';

/** PII_KEYS `id:hex32,id:hex32`, PII_KEY_CURRENT (default: the last listed), PII_LOOKUP_KEY (hex, ≥ 32 characters). */
export function loadPiiSettings(env: Readonly<Record<string, string | undefined>>): PiiSettings {
  const production = env.NODE_ENV === 'production';
  if (production && !env.PII_KEYS) throw new ConfigError('PII_KEYS', '生产环境必须配置个人信息加密密钥（SM4，格式 id:32位十六进制,…）');
  if (production && !env.PII_LOOKUP_KEY) throw new ConfigError('PII_LOOKUP_KEY', '生产环境必须配置个人信息检索密钥（SM3-HMAC，十六进制）');
  const keys = new Map<string, string>();
  for (const part of (env.PII_KEYS || DEMO_KEYS).split(',').map((s) => s.trim()).filter(Boolean)) {
    const [id, key, extra] = part.split(':');
    if (extra !== undefined || !id || !KEY_ID.test(id)) throw new ConfigError('PII_KEYS', `密钥编号 "${id ?? ''}" 不合法（1–16 位字母、数字、_ 或 -）`);
    if (!key || !HEX_KEY.test(key)) throw new ConfigError('PII_KEYS', `密钥 ${id} 须为 32 位十六进制（128 位 SM4 密钥）`);
    if (keys.has(id)) throw new ConfigError('PII_KEYS', `密钥编号 ${id} 重复`);
    keys.set(id, key.toLowerCase());
  }
  if (!keys.size) throw new ConfigError('PII_KEYS', '至少需要一个密钥');
  const currentKeyId = env.PII_KEY_CURRENT || [...keys.keys()].pop()!;
  if (!keys.has(currentKeyId)) throw new ConfigError('PII_KEY_CURRENT', `密钥编号 ${currentKeyId} 不在 PII_KEYS 中`);
  const lookupKey = env.PII_LOOKUP_KEY || DEMO_LOOKUP_KEY;
  if (!/^[0-9a-fA-F]{32,128}$/.test(lookupKey) || lookupKey.length % 2) throw new ConfigError('PII_LOOKUP_KEY', '须为 32–128 位十六进制（偶数位）');
  return { keys, currentKeyId, lookupKey: lookupKey.toLowerCase() };
}

/**
 * How many verified decryptions a process keeps (stored value → clear value). A list page decrypts every
 * driver's phone on it again at each read: before this cache (and with sm-crypto's pure-JavaScript SM4 and
 * SM3) the trip list spent a fifth of its CPU there. The stored value carries its own random IV and tag, so
 * the same stored value always decrypts to the same clear value: the cache can never answer wrong, and a
 * value changed in the database is a different key, checked afresh. Clear values are held in the process's
 * memory, as each read's rows already are; bounded, oldest evicted first.
 */
const DECRYPTED_CACHE_SIZE = 20_000;

export class PiiCipher {
  private readonly macKeys = new Map<string, string>();
  private readonly decrypted = new Map<string, string>();

  constructor(private readonly settings: PiiSettings) {
    for (const [id, key] of settings.keys) this.macKeys.set(id, hmacSm3Hex(key, `pii-mac:${id}`));
  }

  get currentKeyId(): string {
    return this.settings.currentKeyId;
  }

  encrypt(plain: string): string {
    const kid = this.settings.currentKeyId;
    const iv = randomBytes(16).toString('hex');
    const ct = sm4Cbc('encrypt', this.settings.keys.get(kid)!, iv, plain);
    return `${PREFIX}${kid}:${iv}${ct}:${this.tag(kid, iv + ct)}`;
  }

  decrypt(stored: string): string {
    return this.decrypted.get(stored) ?? this.remember(stored);
  }

  /** A column's stored value as repositories read it: decrypted when it is an encrypted value, else as it is. */
  fromStored(stored: string): string {
    return this.decrypted.get(stored) ?? (isEncryptedPii(stored) ? this.remember(stored) : stored);
  }

  private remember(stored: string): string {
    const plain = this.decryptAndVerify(stored);
    if (this.decrypted.size >= DECRYPTED_CACHE_SIZE) this.decrypted.delete(this.decrypted.keys().next().value!);
    this.decrypted.set(stored, plain);
    return plain;
  }

  private decryptAndVerify(stored: string): string {
    const parts = parse(stored);
    if (!parts) throw new PiiDecryptError('不是加密的个人信息值');
    const key = this.settings.keys.get(parts.kid);
    if (!key) throw new PiiDecryptError(`密钥 ${parts.kid} 未配置（PII_KEYS）`);
    if (this.tag(parts.kid, parts.body) !== parts.tag) throw new PiiDecryptError('个人信息密文校验失败（被改动或密钥不符）');
    return sm4Cbc('decrypt', key, parts.body.slice(0, 32), parts.body.slice(32));
  }

  /** The key id a stored value was written with (null: not an encrypted value). */
  keyIdOf(stored: string): string | null {
    return parse(stored)?.kid ?? null;
  }

  /** SM3-HMAC of a normalised value: what a lookup by phone compares. */
  lookupHash(plain: string): string {
    return hmacSm3Hex(this.settings.lookupKey, normaliseForLookup(plain));
  }

  private tag(kid: string, body: string): string {
    return hmacSm3Hex(this.macKeys.get(kid)!, `${kid}:${body}`).slice(0, 32);
  }
}

/**
 * SM4-CBC with PKCS#7 padding through Node's OpenSSL, hex in and out: byte for byte what sm-crypto's
 * `sm4.encrypt/decrypt(…, { mode: 'cbc', iv })` gives (a unit test compares both ways), at half the CPU.
 */
function sm4Cbc(direction: 'encrypt' | 'decrypt', keyHex: string, ivHex: string, text: string): string {
  const key = Buffer.from(keyHex, 'hex');
  const iv = Buffer.from(ivHex, 'hex');
  if (direction === 'encrypt') {
    const c = createCipheriv('sm4-cbc', key, iv);
    return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('hex');
  }
  const d = createDecipheriv('sm4-cbc', key, iv);
  return Buffer.concat([d.update(Buffer.from(text, 'hex')), d.final()]).toString('utf8');
}

export class PiiDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiDecryptError';
  }
}

export const isEncryptedPii = (value: string): boolean => parse(value) !== null;

function parse(stored: string): { kid: string; body: string; tag: string } | null {
  if (!stored.startsWith(PREFIX)) return null;
  const [kid, body, tag, extra] = stored.slice(PREFIX.length).split(':');
  if (extra !== undefined || !kid || !body || !tag || body.length < 64 || !/^[0-9a-f]+$/.test(body) || !/^[0-9a-f]{32}$/.test(tag)) return null;
  return { kid, body, tag };
}

const normaliseForLookup = (v: string): string => v.replace(/[\s-]/g, '').toUpperCase();

let current: PiiCipher | null = null;

/** The composition root (and each CLI) sets the cipher from its config before the database is opened. */
export function configurePii(settings: PiiSettings): PiiCipher {
  current = new PiiCipher(settings);
  return current;
}

/** The configured cipher; a tool that did not configure one gets it from the process environment. */
export function piiCipher(): PiiCipher {
  return current ?? configurePii(loadPiiSettings(process.env));
}

/**
 * The column transformer of every personal-data column: repositories read and write clear values, the
 * database holds ciphertext. Equality lookups cannot go through it (the IV is random): use the lookup hash.
 */
export const piiColumn: ValueTransformer = {
  to: (value: unknown) => (typeof value === 'string' && value !== '' ? piiCipher().encrypt(value) : value),
  // A value written before encryption (none after the migration; raw SQL could) reads as it is.
  from: (value: unknown) => (typeof value === 'string' ? piiCipher().fromStored(value) : value),
};

/** Column length for an encrypted value of up to 48 characters (prefix, key id, IV, 4 blocks, tag). */
export const PII_COLUMN_LENGTH = 255;
