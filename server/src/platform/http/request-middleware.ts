import { CommonErrorCode } from '@shared/common/errors';
import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import { ValidationError } from '../errors';
import type { Logger } from '../logger';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Accepts a sane X-Request-Id from a proxy, else makes one; echoes it and logs one line per request. */
export function requestIdMiddleware(logger: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const incoming = ctx.get('x-request-id');
    const id = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.set('X-Request-Id', id);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      if (!ctx.path.startsWith('/assets') && ctx.path !== '/healthz') {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        logger.info({ requestId: id, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 }, 'request');
      }
    }
  };
}

const MAX_BODY = 1024 * 1024;
/** Photo uploads (receipts) come as the raw image body, up to this size. */
const MAX_UPLOAD = 4 * 1024 * 1024;

/** The raw bytes of an image body (`Content-Type: image/*`), for upload routes. */
export interface UploadedBytes { contentType: string; bytes: Buffer }
export const uploadOf = (ctx: Context): UploadedBytes | undefined => (ctx.request as unknown as { upload?: UploadedBytes }).upload;

/**
 * JSON bodies only, read with a size limit. Malformed JSON is a 400 that says so; a body that is not
 * an object or array is refused the same way. `ctx.request.rawBody` keeps the bytes for signed callbacks.
 */
export function jsonBodyMiddleware() {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    const image = /^image\//i.test(ctx.get('content-type'));
    const limit = image ? MAX_UPLOAD : MAX_BODY;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > limit) throw Object.assign(new Error('payload too large'), { status: 413 });
      chunks.push(chunk as Buffer);
    }
    if (image) {
      const upload: UploadedBytes = { contentType: ctx.get('content-type').split(';')[0]!.trim().toLowerCase(), bytes: Buffer.concat(chunks) };
      (ctx.request as unknown as { upload: UploadedBytes }).upload = upload;
      return next();
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    (ctx.request as unknown as { rawBody: string }).rawBody = raw;
    if (raw.trim() === '') {
      (ctx.request as unknown as { body: unknown }).body = undefined;
      return next();
    }
    const type = ctx.get('content-type');
    if (type && !/json/i.test(type)) {
      throw new ValidationError(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, `请求体须为 JSON（收到 ${type.split(';')[0]}）`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new ValidationError(CommonErrorCode.MALFORMED_JSON, `请求体不是合法的 JSON：${(e as Error).message}`);
    }
    (ctx.request as unknown as { body: unknown }).body = parsed;
    return next();
  };
}
