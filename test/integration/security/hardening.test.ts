import request from 'supertest';
import type { z } from 'zod';
import { wireStatus } from '../../../server/src/platform/http/api-router';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { seedUserId } from '../../helpers/seed-lookup';

/** Paths inside a body schema where an object lets unknown keys through (empty: every object is strict). */
function looseObjects(schema: z.ZodType, path = 'body', out: string[] = [], seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  // zod 4's definition: the parts each kind of schema is built from.
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const walk = (s: unknown, p: string) => looseObjects(s as z.ZodType, p, out, seen);
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall as { _zod: { def: { type: string } } } | undefined;
      if (catchall?._zod.def.type !== 'never') out.push(path);
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) walk(v, `${path}.${k}`);
      break;
    }
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      walk(def.innerType, path);
      break;
    case 'pipe': walk(def.in, path); break;
    case 'array': walk(def.element, `${path}[]`); break;
    case 'union': (def.options as unknown[]).forEach((o, i) => walk(o, `${path}|${i}`)); break;
    case 'intersection': walk(def.left, path); walk(def.right, path); break;
    case 'record': walk(def.valueType, `${path}{}`); break;
    case 'lazy': walk((def.getter as () => unknown)(), path); break;
    default: break;
  }
  return out;
}

/** Whether every object in a JSON schema is closed (additionalProperties: false), through anyOf/oneOf/allOf, items and properties. */
function closedJsonSchema(node: unknown): boolean {
  if (!node || typeof node !== 'object') return true;
  const n = node as Record<string, unknown>;
  if ((n.type === 'object' || n.properties) && n.additionalProperties !== false) return false;
  return Object.values(n).every((v) => (Array.isArray(v) ? v.every(closedJsonSchema) : closedJsonSchema(v)));
}

const LEAKS = [/\bSELECT\b/i, /\bINSERT\b/i, /\bFROM\b/, /app_user/, /QueryFailedError/, /SqliteError|ER_[A-Z_]+/, /\n\s+at /, /\.ts:\d+/, /node_modules/];

describe(`hardening: errors without internals, unknown fields refused, the OpenAPI document true to the wire (${backend})`, () => {
  let t: TestApp;
  let bearer: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    bearer = { Authorization: (await signInAs(t, '王建国')).Authorization };
  });
  afterAll(() => t.close());

  it('when the database fails under a request, then the client gets the error envelope with no stack, SQL or table name', async () => {
    const q = (sql: string) => t.deps.db.dataSource.query(sql);
    await q('ALTER TABLE app_user RENAME TO app_user_gone');
    let res: request.Response;
    try {
      res = await request(t.callback).get('/api/me').set(bearer);
    } finally {
      await q('ALTER TABLE app_user_gone RENAME TO app_user');
    }
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' }, requestId: expect.any(String) });
    for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
    expect((await request(t.callback).get('/api/me').set(bearer)).status).toBe(200);
  });

  it('when a body is malformed, a method is not served or a path is unknown, then each is a 4xx envelope naming it, without internals', async () => {
    const malformed = await request(t.callback).post('/api/auth/demo-login').set('Content-Type', 'application/json').send('{"userId": 1,');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const method = await request(t.callback).patch('/api/me').set(bearer).send({});
    expect(method.status).toBe(405);
    expect(method.body.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('不支持 PATCH') });
    const unknown = await request(t.callback).get('/api/no-such-thing').set(bearer);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ROUTE_NOT_FOUND');
    for (const r of [malformed, method, unknown]) for (const leak of LEAKS) expect(r.text).not.toMatch(leak);
  });

  it('when the app\'s routes are listed, then every body schema refuses unknown fields at every level', () => {
    const loose: string[] = [];
    let bodies = 0;
    for (const router of t.deps.routers) {
      for (const route of router.routes) {
        if (!route.body) continue;
        bodies += 1;
        for (const p of looseObjects(route.body)) loose.push(`${route.method.toUpperCase()} ${route.path}: ${p}`);
      }
    }
    expect(bodies).toBeGreaterThan(40);
    expect(loose).toEqual([]);
  });

  it('when a body carries a field the route does not take, then it is refused with 400 naming the field, and nothing happens', async () => {
    const userId = await seedUserId(t, '王建国');
    const extra = await request(t.callback).post('/api/auth/demo-login').send({ userId, roles: ['platform_admin'] });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.roles', message: '不允许的字段' }] });
    const licence = await request(t.callback).put('/api/rental/licence').set(bearer).send({ licenceNo: '130102198001011234', licenceClass: 'C1', expiresOn: '2031-05-01', verified: true });
    expect(licence.status).toBe(400);
    expect(licence.body.error.details).toEqual([{ field: 'body.verified', message: '不允许的字段' }]);
    expect((await request(t.callback).get('/api/rental/licence').set(bearer)).body.licence).toBeNull();
    // A route without a body refuses one with fields, and a file where no upload is taken.
    const logout = await request(t.callback).post('/api/auth/logout').set(bearer).send({ everywhere: true });
    expect(logout.status).toBe(400);
    expect(logout.body.error.message).toContain('everywhere');
    expect((await request(t.callback).get('/api/me').set(bearer)).status).toBe(200);
    const image = await request(t.callback).post('/api/auth/logout').set(bearer).set('Content-Type', 'image/png').send(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(image.status).toBe(400);
    expect(image.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('when the OpenAPI document is read, then every route has the status it answers with, 204s without a body, files and uploads described as bytes, and strict bodies', async () => {
    const doc = (await request(t.callback).get('/api/openapi.json')).body as { paths: Record<string, Record<string, {
      responses: Record<string, { content?: Record<string, unknown> }>; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
    }>> };
    const wrong: string[] = [];
    let noContent = 0;
    for (const router of t.deps.routers) {
      for (const route of router.routes) {
        const op = doc.paths[route.path.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[route.method];
        const key = `${route.method.toUpperCase()} ${route.path}`;
        if (!op) { wrong.push(`${key}: missing`); continue; }
        const status = String(wireStatus(route));
        const documented = Object.keys(op.responses).filter((k) => k !== 'default');
        if (documented.join() !== status) wrong.push(`${key}: documents ${documented.join()} but answers ${status}`);
        if (status === '204') {
          noContent += 1;
          if (op.responses['204']?.content) wrong.push(`${key}: a 204 documented with a body`);
        }
        if (route.body && !closedJsonSchema(op.requestBody?.content['application/json']?.schema)) wrong.push(`${key}: body not documented as closed`);
        if (route.upload && !route.upload.every((type) => op.requestBody?.content[type])) wrong.push(`${key}: upload types not documented`);
        if (!route.body && !route.upload && !route.rawBody && op.requestBody) wrong.push(`${key}: a body documented where none is taken`);
        if (route.produces && !route.produces.every((type) => op.responses[status]?.content?.[type])) wrong.push(`${key}: file types not documented`);
      }
    }
    expect(wrong).toEqual([]);
    expect(noContent).toBeGreaterThanOrEqual(3);
    const receipts = doc.paths['/api/assignments/{id}/receipts']!.post!;
    expect(Object.keys(receipts.requestBody!.content).sort()).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(Object.keys(doc.paths['/api/auth/logout']!.post!.responses)).toEqual(['204', 'default']);
    // And the wire agrees: signing out answers 204 with no body.
    const out = await request(t.callback).post('/api/auth/logout').set(bearer);
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
  });
});
