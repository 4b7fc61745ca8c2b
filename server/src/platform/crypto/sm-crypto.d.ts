/** The parts of sm-crypto (GM/T 0004 SM3, GM/T 0002 SM4) the platform uses; the package ships no types. */
declare module 'sm-crypto' {
  export function sm3(input: string | number[], options?: { key?: string; mode?: 'hmac' }): string;
  export const sm4: {
    encrypt(input: string | number[], key: string | number[], options?: { mode?: 'ecb' | 'cbc'; iv?: string | number[]; padding?: 'pkcs#7' | 'pkcs#5' | 'none'; output?: 'string' | 'array' }): string;
    decrypt(input: string | number[], key: string | number[], options?: { mode?: 'ecb' | 'cbc'; iv?: string | number[]; padding?: 'pkcs#7' | 'pkcs#5' | 'none'; output?: 'string' | 'array' }): string;
  };
}
