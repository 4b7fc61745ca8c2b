import type { Context, Next } from 'koa';
import type { AuditEntryInput, AuditSink } from '../audit';
import type { Logger } from '../logger';
import type { ApiRouter } from './api-router';

/** Reads that are significant in themselves (tracks, positions, exports); every write is. */
const SIGNIFICANT_READS = [/^\/api\/telematics\/vehicles\/:id\/track$/, /^\/api\/telematics\/positions$/, /\/export(\.[a-z]+)?$/, /^\/api\/audit\//];
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Records every write to the API and every significant read (tracks, positions, exports, audit searches)
 * with who, what, which object, when, from where and the outcome — sign-in and its failures included,
 * refusals (401/403/429) too. Sits outside the error middleware so it sees the status the client got.
 * A failure to record is logged, never turned into the client's error.
 */
export function auditTrail(sink: AuditSink, routers: ApiRouter[], logger: Logger, now: () => Date) {
  const labels = new Map<string, string>();
  for (const r of routers) for (const spec of r.routes) labels.set(`${spec.method.toUpperCase()} ${spec.path}`, spec.summary);
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!ctx.path.startsWith('/api/')) return next();
    // Read while the socket is there: a refused upload (413) may have closed it by the time we record.
    const ip = clientIp(ctx);
    try {
      await next();
    } finally {
      const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute ?? ctx.path;
      const significant = WRITE.has(ctx.method) || (ctx.method === 'GET' && SIGNIFICANT_READS.some((re) => re.test(route)));
      if (significant) {
        try {
          await sink.record(entryOf(ctx, route, labels, now(), ip));
        } catch (err) {
          logger.error({ err, path: ctx.path }, 'audit: could not record');
        }
      }
    }
  };
}

function clientIp(ctx: Context): string {
  try {
    return ctx.ip || '';
  } catch {
    return '';
  }
}

function entryOf(ctx: Context, route: string, labels: Map<string, string>, at: Date, ip: string): AuditEntryInput {
  const actor = ctx.state.actor as { userId: number; name: string; roles: string[]; unitId: number; regionCode: string } | undefined;
  const body = ctx.body as { user?: { id?: number; name?: string; roles?: string[] }; error?: { code?: string } } | undefined;
  // A sign-in has no actor yet: the user it signed in (success) or the user it asked for (demo) is the subject.
  const signedIn = !actor && ctx.status < 300 && body?.user?.id ? body.user : undefined;
  const { objectType, objectId } = objectOf(route, ctx.params as Record<string, string> | undefined, ctx.request as unknown as { body?: unknown });
  const status = ctx.status;
  return {
    at,
    actorUserId: actor?.userId ?? signedIn?.id ?? null,
    actorName: actor?.name ?? signedIn?.name ?? null,
    actorRoles: actor?.roles ?? signedIn?.roles ?? [],
    unitId: actor?.unitId ?? null,
    regionCode: actor?.regionCode ?? null,
    action: `${ctx.method} ${route}`,
    label: labels.get(`${ctx.method} ${route}`) ?? '',
    objectType, objectId,
    ip,
    outcome: status < 400 ? 'success' : [401, 403, 429].includes(status) ? 'denied' : 'failure',
    status,
    requestId: String(ctx.state.requestId ?? ''),
    errorCode: status >= 400 ? String(body?.error?.code ?? '') || null : null,
  };
}

/** The object an action is about: the last `:param` of the route and the word before it, else the demo user asked for. */
function objectOf(route: string, params: Record<string, string> | undefined, request: { body?: unknown }): { objectType: string | null; objectId: string | null } {
  const parts = route.split('/').filter(Boolean);
  for (let i = parts.length - 1; i > 0; i--) {
    const p = parts[i]!;
    if (p.startsWith(':')) {
      const id = params?.[p.slice(1)];
      if (id !== undefined) return { objectType: parts[i - 1]!, objectId: String(id).slice(0, 64) };
    }
  }
  const userId = (request.body as { userId?: unknown } | undefined)?.userId;
  if (route === '/api/auth/demo-login' && (typeof userId === 'number' || typeof userId === 'string')) return { objectType: 'users', objectId: String(userId).slice(0, 64) };
  return { objectType: null, objectId: null };
}
