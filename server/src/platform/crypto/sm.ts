import { createHash } from 'node:crypto';

/** SM3 (GM/T 0004-2012) of a UTF-8 string, as 64 hex characters, through Node's OpenSSL (the audit chain hashes every write). */
export function sm3Hex(text: string): string {
  return createHash('sm3').update(text, 'utf8').digest('hex');
}
