import { CommonErrorCode } from '@shared/common/errors';
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { roleLabel, type Role } from '@shared/identity/identity.schemas';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { RequestActor } from '../access/actor';
import { parseInput } from './validate';

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
  status?: number;
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

  mount(router: Router): void {
    for (const spec of this.routes) {
      router[spec.method](spec.path, async (ctx: Context) => {
        const actor = authorize(ctx, spec.auth ?? true);
        const params = spec.params ? parseInput(spec.params, ctx.params, 'params') : undefined;
        const query = spec.query ? parseInput(spec.query, { ...ctx.query }, 'query') : undefined;
        const rawBody = (ctx.request as unknown as { body?: unknown }).body;
        const body = spec.body ? parseInput(spec.body, rawBody ?? {}, 'body') : undefined;
        const result = await spec.handler({ params, query, body, actor: actor as RequestActor, ctx });
        ctx.status = spec.status ?? (result === undefined ? 204 : 200);
        if (result !== undefined) ctx.body = spec.response ? spec.response.parse(result) : result;
      });
    }
  }
}

function authorize(ctx: Context, auth: boolean | readonly Role[]): RequestActor | undefined {
  const actor = ctx.state.actor as RequestActor | undefined;
  if (auth === false) return actor;
  if (!actor) {
    const reason = ctx.state.authError as UnauthenticatedError | undefined;
    throw reason ?? new UnauthenticatedError(CommonErrorCode.UNAUTHENTICATED, '请先登录');
  }
  if (Array.isArray(auth) && !auth.some((r) => actor.roles.includes(r))) {
    throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `该操作需要以下角色之一：${(auth as readonly Role[]).map((r) => roleLabel[r]).join('、')}`);
  }
  return actor;
}
