import { sm3 } from 'sm-crypto';
import { hmacSm3Hex, hmacSm3Verify } from '../../../server/src/platform/crypto/sm3-hmac';

describe('HMAC-SM3 through OpenSSL', () => {
  const key = '00112233445566778899aabbccddeeff';
  it.each([
    ['an empty', ''],
    ['a short', 'abc'],
    ['a feed signing', 'appId=HB&data=[{"key":"HB:1:0","plate":"冀A12345"}]&nonce=n&timestamp=t'],
    ['a 70 000-character', 'x'.repeat(70_000)],
  ])('when %s text is signed, then the digest equals sm-crypto\'s HMAC-SM3 and verifies', (_label, text) => {
    const mine = hmacSm3Hex(key, text);
    expect(mine).toBe(sm3(text, { key, mode: 'hmac' }));
    expect(hmacSm3Verify(key, text, mine)).toBe(true);
  });

  it('when the text, the key or the signature differ, then it does not verify', () => {
    const sign = hmacSm3Hex(key, 'data');
    expect(hmacSm3Verify(key, 'datA', sign)).toBe(false);
    expect(hmacSm3Verify('ffeeddccbbaa99887766554433221100', 'data', sign)).toBe(false);
    expect(hmacSm3Verify(key, 'data', 'not hex')).toBe(false);
    expect(hmacSm3Verify(key, 'data', sign.slice(0, 62))).toBe(false);
  });
});
