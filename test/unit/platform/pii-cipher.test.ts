import { sm3, sm4 } from 'sm-crypto';
import { loadPiiSettings, PiiCipher } from '../../../server/src/platform/crypto/pii';
import { sm3Hex } from '../../../server/src/platform/crypto/sm';

const DEMO_KEY = '5d1c0a6e8f3b4c2d9e7a6b5c4d3e2f10';

/** Values stored before the cipher moved to OpenSSL were written by sm-crypto: both must read each other's. */
describe('PiiCipher against sm-crypto (the reference implementation it replaced)', () => {
  const cipher = new PiiCipher(loadPiiSettings({}));
  const macKey = sm3('pii-mac:demo', { key: DEMO_KEY, mode: 'hmac' });

  it.each(['13912345678', '冀A·12345 130102199001011234', 'x'.repeat(33)])('a value sm-crypto wrote decrypts, and ours decrypts with sm-crypto: %s', (plain) => {
    const iv = '00112233445566778899aabbccddeeff';
    const ct = sm4.encrypt(plain, DEMO_KEY, { mode: 'cbc', iv });
    const stored = `sm4:demo:${iv}${ct}:${sm3(`demo:${iv}${ct}`, { key: macKey, mode: 'hmac' }).slice(0, 32)}`;
    expect(cipher.decrypt(stored)).toBe(plain);
    const [, , body, tag] = cipher.encrypt(plain).split(':');
    expect(sm4.decrypt(body!.slice(32), DEMO_KEY, { mode: 'cbc', iv: body!.slice(0, 32) })).toBe(plain);
    expect(tag).toBe(sm3(`demo:${body}`, { key: macKey, mode: 'hmac' }).slice(0, 32));
  });

  it('the lookup hash and the audit chain\'s SM3 are sm-crypto\'s digests', () => {
    const lookupKey = '6a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f';
    expect(cipher.lookupHash('139 1234-5678')).toBe(sm3('13912345678', { key: lookupKey, mode: 'hmac' }));
    expect(sm3Hex('审计链 abc')).toBe(sm3('审计链 abc'));
  });
});

/** The cipher keeps verified decryptions; what it keeps must never let a changed value through. */
describe('PiiCipher decryption cache', () => {
  const cipher = () => new PiiCipher(loadPiiSettings({}));

  it('answers a repeated read with the same clear value, and each stored copy of one phone on its own', () => {
    const c = cipher();
    const a = c.encrypt('13912345678');
    const b = c.encrypt('13912345678');
    expect(a).not.toBe(b); // random IV
    expect(c.decrypt(a)).toBe('13912345678');
    expect(c.decrypt(a)).toBe('13912345678');
    expect(c.decrypt(b)).toBe('13912345678');
  });

  it('refuses a value changed in the database even after the original was read', () => {
    const c = cipher();
    const stored = c.encrypt('13800001111');
    expect(c.decrypt(stored)).toBe('13800001111');
    const body = stored.split(':')[2]!;
    const flipped = stored.replace(body, body.slice(0, 40) + (body[40] === '0' ? '1' : '0') + body.slice(41));
    expect(() => c.decrypt(flipped)).toThrow(/校验失败/);
  });

  it('stays bounded: after many distinct values the first one still decrypts right', () => {
    const c = cipher();
    const first = c.encrypt('13000000000');
    expect(c.decrypt(first)).toBe('13000000000');
    for (let i = 0; i < 20_050; i++) c.decrypt(c.encrypt(`1300000${String(i).padStart(4, '0')}`));
    expect((c as unknown as { decrypted: Map<string, string> }).decrypted.size).toBeLessThanOrEqual(20_000);
    expect(c.decrypt(first)).toBe('13000000000');
  });
});
