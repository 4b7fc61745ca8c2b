import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { errorMiddleware } from '../../../../server/src/platform/http/error-middleware';
import { jsonBodyMiddleware, requestIdMiddleware } from '../../../../server/src/platform/http/request-middleware';
import type { ApiRouter, RequestActor } from '../../../../server/src/platform/http/api-router';
import { scopeOf, Actor } from '../../../../server/src/platform/data-scope';
import type { Logger } from '../../../../server/src/platform/logger';
import type { FakeNotice } from '../../../../server/src/fakes/wechatpay';

export const ACTOR_HEADER = 'x-test-actor';

/**
 * The platform's real middleware chain (request id → errors → JSON body with rawBody) and the
 * module's real routers; sign-in is replaced by an actor passed in a header.
 */
export function buildTestApp(logger: Logger, routers: ApiRouter[]): Koa {
  const app = new Koa();
  app.use(requestIdMiddleware(logger));
  app.use(errorMiddleware(logger));
  app.use(jsonBodyMiddleware());
  app.use(async (ctx, next) => {
    const raw = ctx.get(ACTOR_HEADER);
    if (raw) {
      const actor = JSON.parse(raw) as Actor;
      const full: RequestActor = { ...actor, scope: scopeOf(actor), name: `user${actor.userId}`, tokenId: 'test' };
      ctx.state.actor = full;
    }
    await next();
  });
  const router = new Router();
  for (const r of routers) r.mount(router);
  app.use(router.routes());
  return app;
}

export function actorHeader(actor: Actor): Record<string, string> {
  return { [ACTOR_HEADER]: JSON.stringify(actor) };
}

export const finance: Actor = { userId: 900, unitId: 1, regionCode: '130000', regionLevel: 'province', roles: ['finance'] };
export const payer = (userId: number): Actor => ({ userId, unitId: 2, regionCode: '130100', regionLevel: 'city', roles: ['applicant'] });

/** Delivers a fake notice to the app in-process, as WeChat would POST it. */
export function inProcessDeliverer(app: () => Koa) {
  return async (notice: FakeNotice): Promise<number> => {
    const path = new URL(notice.url).pathname;
    const res = await request(app().callback()).post(path).set(notice.headers).send(notice.body);
    return res.status;
  };
}
