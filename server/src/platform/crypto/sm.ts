import { sm3 } from 'sm-crypto';

/** SM3 (GM/T 0004-2012) of a UTF-8 string, as 64 hex characters. */
export function sm3Hex(text: string): string {
  return sm3(text);
}
