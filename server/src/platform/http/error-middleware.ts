import { CommonErrorCode } from '@shared/common/errors';
import type { Context, Next } from 'koa';
import {
  ConflictError, DomainError, ForbiddenError, NotFoundError, RateLimitedError, UnauthenticatedError,
  UnavailableError, UpstreamError, UpstreamTimeoutError, ValidationError,
} from '../errors';
import type { Logger } from '../logger';

/** The one table from error class to HTTP status. */
const statusTable: Array<[new (...a: never[]) => DomainError, number]> = [
  [ValidationError, 400], [UnauthenticatedError, 401], [ForbiddenError, 403], [NotFoundError, 404],
  [ConflictError, 409], [RateLimitedError, 429], [UpstreamError, 502], [UnavailableError, 503],
  [UpstreamTimeoutError, 504],
];

export function statusOf(err: DomainError): number {
  for (const [cls, status] of statusTable) if (err instanceof cls) return status;
  return 500;
}

/** First in the chain: every error becomes the one envelope; a 5xx detail never reaches the client. */
export function errorMiddleware(logger: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = envelope(ctx, 'ROUTE_NOT_FOUND', `没有这个接口: ${ctx.method} ${ctx.path}`);
      } else if ((ctx.status === 405 || ctx.status === 501) && ctx.path.startsWith('/api/')) {
        // The router's allowedMethods answers in plain text: the API answers in its envelope.
        const status = ctx.status;
        ctx.body = envelope(ctx, CommonErrorCode.METHOD_NOT_ALLOWED, `接口 ${ctx.path} 不支持 ${ctx.method}（可用：${ctx.response.get('Allow') || '无'}）`);
        ctx.status = status;
      }
    } catch (err) {
      if (err instanceof DomainError) {
        const status = statusOf(err);
        ctx.status = status;
        ctx.body = envelope(ctx, err.code, err.message, err.details);
        const log = status >= 500 ? logger.error.bind(logger) : logger.info.bind(logger);
        log({ requestId: ctx.state.requestId, code: err.code, status, path: ctx.path }, err.message);
        return;
      }
      const httpErr = err as { status?: number; expose?: boolean; message?: string; type?: string };
      if (httpErr.status === 413) {
        ctx.status = 413;
        ctx.body = envelope(ctx, 'PAYLOAD_TOO_LARGE', '请求体过大');
        return;
      }
      if (httpErr.status && httpErr.status >= 400 && httpErr.status < 500) {
        // A client error raised below us (Koa, a library): its status stands, its text (English, maybe internal) does not.
        ctx.status = httpErr.status;
        ctx.body = envelope(ctx, CommonErrorCode.BAD_REQUEST, `请求无法处理（${httpErr.status}）`);
        logger.info({ requestId: ctx.state.requestId, status: httpErr.status, path: ctx.path, err }, 'client error');
        return;
      }
      // Anything else: logged with the request id; the client gets no stack, SQL or message of it.
      logger.error({ requestId: ctx.state.requestId, err, path: ctx.path }, 'unhandled error');
      ctx.status = 500;
      ctx.body = envelope(ctx, 'INTERNAL', '服务器内部错误，请稍后再试');
    }
  };
}

function envelope(ctx: Context, code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) }, requestId: String(ctx.state.requestId ?? '') };
}
