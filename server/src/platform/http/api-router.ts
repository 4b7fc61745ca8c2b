import { CommonErrorCode } from '@shared/common/errors';
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { roleLabel, type Role } from '@shared/identity/identity.schemas';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../errors';
import type { RequestActor } from '../access/actor';
import { mayUseMethod } from '../access/oversight.policy';
import { parseInput } from './validate';
import { Admission } from './admission';

/** Admits everything at once: urgent routes, signed callbacks, and routers mounted without a limit. */
const UNGATED = new Admission(0);

/** The actor is the access layer's (domain code takes it from there); re-exported for the http layer. */
export type { RequestActor };

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: RequestActor;
  ctx: Context;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<P, Q, B, R> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** true: any signed-in user; a list: one of these roles; false: public. Default true. */
  auth?: boolean | readonly Role[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response?: z.ZodType<R>;
  /** The success status; by default 200 with a response schema or `produces`, else 204 (no body). */
  status?: number;
  /** The body is a raw file of one of these types (an image upload), not JSON. */
  upload?: readonly string[];
  /** The success body is a file of these types (an image, an Excel export), not JSON. */
  produces?: readonly string[];
  /** The body is read raw by the handler, which verifies it itself (a signed callback): what it is, for the OpenAPI document. */
  rawBody?: string;
  /**
   * Somebody stands by for this at a car (its doors: unlock, lock, return): it never waits in the
   * admission queue behind ordinary requests when the process is busy (admission.ts). Signed callbacks
   * (`rawBody`) do not wait there either.
   */
  urgent?: boolean;
  handler: (input: HandlerInput<P, Q, B>) => Promise<R>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRoute = RouteSpec<any, any, any, any>;

/**
 * Routes declared with their shared zod schemas: the same declaration parses input, shapes the
 * response (no entity column leaks) and feeds the OpenAPI document.
 */
export class ApiRouter {
  readonly routes: AnyRoute[] = [];

  add<P = undefined, Q = undefined, B = undefined, R = unknown>(spec: RouteSpec<P, Q, B, R>): this {
    this.routes.push(spec as AnyRoute);
    return this;
  }

  mount(router: Router, admission = UNGATED): void {
    for (const spec of this.routes) {
      const gate = spec.urgent || spec.rawBody ? UNGATED : admission;
      router[spec.method](spec.path, (ctx: Context) => gate.run(async () => {
        const actor = authorize(ctx, spec.auth ?? true, spec);
        const params = spec.params ? parseInput(spec.params, ctx.params, 'params') : undefined;
        const query = spec.query ? parseInput(spec.query, { ...ctx.query }, 'query') : undefined;
        const rawBody = (ctx.request as unknown as { body?: unknown }).body;
        refuseUndeclaredBody(ctx, spec, rawBody);
        const body = spec.body ? parseInput(spec.body, rawBody ?? {}, 'body') : undefined;
        const result = await spec.handler({ params, query, body, actor: actor as RequestActor, ctx });
        // The status the OpenAPI document gives (wireStatus): a route without a response answers 204, always.
        const status = wireStatus(spec);
        if (status === 204 && result !== undefined) throw new Error(`${spec.method.toUpperCase()} ${spec.path} is documented 204 but returned a body`);
        ctx.status = status;
        if (status !== 204) ctx.body = spec.response ? spec.response.parse(result) : result;
      }));
    }
  }
}

/** Photos the platform takes as upload bodies (receipts, appeal evidence) and serves back. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** A photo served on a signed link: its own type, kept privately for the hour the link lasts. */
export function sendImage<B>(ctx: Context, image: { contentType: string; bytes: B }): B {
  ctx.type = image.contentType;
  ctx.set('Cache-Control', 'private, max-age=3600');
  return image.bytes;
}
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The success status of a route, as the wire and the OpenAPI document both give it. */
export function wireStatus(spec: Pick<AnyRoute, 'status' | 'response' | 'produces'>): number {
  return spec.status ?? (spec.response || spec.produces ? 200 : 204);
}

/**
 * Unknown fields are refused in every body (#19 item 6): body schemas are strict, and a route that declares
 * no body refuses one with fields (an empty `{}` is no body), and an image sent where no upload is taken.
 */
function refuseUndeclaredBody(ctx: Context, spec: AnyRoute, parsed: unknown): void {
  const upload = (ctx.request as unknown as { upload?: { contentType: string } }).upload;
  if (upload && !spec.upload) {
    throw new ValidationError(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, `该接口不接受文件上传（收到 ${upload.contentType}）`);
  }
  if (spec.body || spec.rawBody || parsed === undefined) return;
  const fields = Array.isArray(parsed) ? parsed.length : parsed !== null && typeof parsed === 'object' ? Object.keys(parsed).length : 1;
  if (fields > 0) {
    const keys = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.keys(parsed).slice(0, 5) : [];
    throw new ValidationError(CommonErrorCode.VALIDATION_FAILED, `该接口不接受请求体${keys.length ? `（不允许的字段：${keys.join('、')}）` : ''}`,
      keys.map((k) => ({ field: `body.${k}`, message: '不允许的字段' })));
  }
}

function authorize(ctx: Context, auth: boolean | readonly Role[], spec: Pick<AnyRoute, 'method' | 'path'>): RequestActor | undefined {
  const actor = ctx.state.actor as RequestActor | undefined;
  if (auth === false) return actor;
  if (!actor) {
    const reason = ctx.state.authError as UnauthenticatedError | undefined;
    throw reason ?? new UnauthenticatedError(CommonErrorCode.UNAUTHENTICATED, '请先登录');
  }
  if (!mayUseMethod(actor, spec.method, spec.path)) {
    throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `${actor.roles.map((r) => roleLabel[r]).join('、')}账号为只读账号，只能查看本辖区的数据`);
  }
  if (Array.isArray(auth) && !auth.some((r) => actor.roles.includes(r))) {
    throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `该操作需要以下角色之一：${(auth as readonly Role[]).map((r) => roleLabel[r]).join('、')}`);
  }
  return actor;
}
