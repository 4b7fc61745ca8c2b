import crypto from 'node:crypto';

/**
 * Photos kept as evidence (申诉证据, 交接车照片, 票据): the accepted types checked against the bytes
 * (a header that lies about the content is refused), a per-photo access key, and expiring signed
 * view links (an <Image> cannot send a token). The bytes live in the owning module's own table.
 */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];
export const PHOTO_MAX_BYTES = 4 * 1024 * 1024;
export const PHOTO_LINK_SECONDS = 3600;

const MAGIC: Record<PhotoContentType, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
};

/** What is wrong with an upload, so a caller can answer with its own error code (receipts do). */
export type PhotoFault = 'missing' | 'type' | 'not_image' | 'too_large';

/** The first fault of an upload with its message (in Chinese), or null when it is an acceptable photo. */
export function photoFault(upload: { contentType: string; bytes: Buffer } | undefined): { fault: PhotoFault; message: string } | null {
  if (!upload || upload.bytes.length === 0) return { fault: 'missing', message: '请上传照片（JPEG、PNG 或 WebP）' };
  const type = upload.contentType.split(';')[0]!.trim().toLowerCase();
  if (!(PHOTO_CONTENT_TYPES as readonly string[]).includes(type)) return { fault: 'type', message: `照片须为 JPEG、PNG 或 WebP（收到 ${type || '未知类型'}）` };
  if (!MAGIC[type as PhotoContentType](upload.bytes)) return { fault: 'not_image', message: `上传的内容不是 ${type} 图片` };
  if (upload.bytes.length > PHOTO_MAX_BYTES) return { fault: 'too_large', message: `照片不超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB` };
  return null;
}

/** Why an upload is not an acceptable photo (in Chinese), or null when it is. */
export function photoProblem(upload: { contentType: string; bytes: Buffer } | undefined): string | null {
  return photoFault(upload)?.message ?? null;
}

/** The stored content type of an accepted upload (parameters dropped, lower case). */
export const photoContentType = (upload: { contentType: string }): string => upload.contentType.split(';')[0]!.trim().toLowerCase();

export const newPhotoKey = (): string => crypto.randomBytes(24).toString('hex');

const signature = (key: string, scope: string, id: number, exp: number) =>
  crypto.createHmac('sha256', key).update(`${scope}.${id}.${exp}`).digest('hex').slice(0, 32);

/** `<path>?exp=…&sig=…`, valid PHOTO_LINK_SECONDS, signed with the photo's own key. */
export function signedPhotoUrl(path: string, scope: string, key: string, id: number, nowMs: number): string {
  const exp = Math.floor(nowMs / 1000) + PHOTO_LINK_SECONDS;
  return `${path}?exp=${exp}&sig=${signature(key, scope, id, exp)}`;
}

export function photoSignatureHolds(scope: string, key: string, id: number, exp: number, sig: string, nowMs: number): boolean {
  if (exp * 1000 < nowMs || !/^[0-9a-f]{32}$/.test(sig)) return false;
  return crypto.timingSafeEqual(Buffer.from(signature(key, scope, id, exp)), Buffer.from(sig));
}
