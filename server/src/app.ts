import Koa from 'koa';
import Router from '@koa/router';
import type { Deps } from './container';
import { errorMiddleware } from './platform/http/error-middleware';
import { jsonBodyMiddleware, requestIdMiddleware } from './platform/http/request-middleware';
import { auditTrail } from './platform/http/audit-trail';
import { staticFiles } from './platform/http/static-files';
import { buildOpenApi } from './platform/http/openapi';
import { Admission } from './platform/http/admission';
import { authMiddleware } from './modules/identity';
import { AbuseLimits, corsForConfiguredOrigins, loadSecuritySettings, securityHeaders } from './platform/http/security';

/** Builds the Koa app; never listens. Order: request id → audit trail → errors → headers/CORS → body → auth → abuse limits → routes → H5 files. */
export function buildApp(deps: Deps): Koa {
  const app = new Koa();
  app.proxy = true;
  app.use(requestIdMiddleware(deps.logger));
  app.use(auditTrail(deps.audit, deps.routers, deps.logger, () => deps.clock.now()));
  app.use(errorMiddleware(deps.logger));
  const security = loadSecuritySettings(deps.config.rawEnv);
  const fakeCashier = deps.fakeWechatPay ? [new URL(deps.fakeWechatPay.baseUrl).origin] : [];
  app.use(securityHeaders(deps.config.h5Dist, fakeCashier));
  app.use(corsForConfiguredOrigins(security));

  const probes = new Router();
  probes.get('/healthz', (ctx) => { ctx.body = { status: 'ok' }; });
  probes.get('/readyz', async (ctx) => {
    const [db, redis] = await Promise.all([
      deps.db.ping().then(() => 'ok', (e: Error) => `down: ${e.message}`),
      deps.redis.ping().then(() => 'ok', (e: Error) => `down: ${e.message}`),
    ]);
    ctx.status = db === 'ok' && redis === 'ok' ? 200 : 503;
    ctx.body = { status: ctx.status === 200 ? 'ready' : 'not ready', database: db, redis };
  });
  const openapi = buildOpenApi(deps.routers, { title: '河北省公务用车监管服务平台 API', version: '0.1.0' });
  probes.get('/api/openapi.json', (ctx) => { ctx.body = openapi; });
  app.use(probes.routes());

  app.use(jsonBodyMiddleware());
  app.use(authMiddleware(deps.identity));
  app.use(new AbuseLimits(deps.redis, security, deps.config.redis.kind === 'emulated').middleware());
  const api = new Router();
  const admission = new Admission(deps.config.http.admissionLimit);
  for (const r of deps.routers) r.mount(api, admission);
  app.use(api.routes());
  app.use(api.allowedMethods());
  app.use(staticFiles(deps.config.h5Dist));
  return app;
}
