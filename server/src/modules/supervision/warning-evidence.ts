import crypto from 'node:crypto';
import { EVIDENCE_REF, evidenceContentTypes } from '@shared/supervision/supervision.schemas';

/** View links of evidence photos are signed with the photo's own key and last this long. */
export const EVIDENCE_LINK_SECONDS = 3600;

/** The first bytes of each accepted image type: a header that lies about the content is refused. */
const MAGIC: Record<(typeof evidenceContentTypes)[number], (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
};

export const isEvidenceType = (type: string): type is (typeof evidenceContentTypes)[number] => (evidenceContentTypes as readonly string[]).includes(type);
export const looksLike = (type: (typeof evidenceContentTypes)[number], bytes: Buffer): boolean => MAGIC[type](bytes);

export const evidenceRef = (id: number): string => `/api/supervision/evidence/${id}`;
/** The evidence id a reference names, or null when it is an outside URL. */
export const evidenceIdOf = (ref: string): number | null => {
  const m = EVIDENCE_REF.exec(ref);
  return m ? Number(m[1]) : null;
};

export function evidenceSignature(key: string, id: number, exp: number): string {
  return crypto.createHmac('sha256', key).update(`evidence.${id}.${exp}`).digest('hex').slice(0, 32);
}

export function signedEvidenceUrl(key: string, id: number, nowMs: number): string {
  const exp = Math.floor(nowMs / 1000) + EVIDENCE_LINK_SECONDS;
  return `${evidenceRef(id)}/image?exp=${exp}&sig=${evidenceSignature(key, id, exp)}`;
}

export function signatureHolds(key: string, id: number, exp: number, sig: string, nowMs: number): boolean {
  if (exp * 1000 < nowMs) return false;
  return crypto.timingSafeEqual(Buffer.from(evidenceSignature(key, id, exp)), Buffer.from(sig));
}
