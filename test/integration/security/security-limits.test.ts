import { createHash } from 'node:crypto';
import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { seedUserId } from '../../helpers/seed-lookup';

/** #19 items 4 and 6: security headers, CORS, rate limits per IP and per user, sign-in lockout, session cap. */
describe(`security baseline: headers, limits, lockout, session cap (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      RATE_SIGNIN_PER_IP_PER_MIN: '8', LOCKOUT_FAILURES: '3', LOCKOUT_WINDOW_SECONDS: '900', LOCKOUT_SECONDS: '900',
      RATE_BOOKING_PER_USER_PER_MIN: '4', RATE_BOOKING_PER_IP_PER_MIN: '100',
      RATE_COMMAND_PER_USER_PER_MIN: '3', RATE_COMMAND_PER_IP_PER_MIN: '100',
      SESSION_MAX_PER_USER: '2', CORS_ORIGINS: 'https://gwyc.hebei.gov.cn',
    });
  });
  afterAll(() => t.close());
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });
  const demoLogin = (ip: string, userId: number) => request(t.callback).post('/api/auth/demo-login').set(from(ip)).send({ userId });

  it('when any response is sent (API, error, probe), then it carries the security headers', async () => {
    for (const path of ['/api/openapi.json', '/api/me', '/healthz', '/api/nowhere']) {
      const res = await request(t.callback).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('when the H5 page is served, then its CSP allows exactly the inline scripts it carries, by hash', async () => {
    const page = await request(t.callback).get('/');
    if (page.status !== 200) throw new Error('the H5 build is missing: run node scripts/build-h5.mjs --force');
    const inline = [...page.text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter((x) => x.trim());
    const csp = String(page.headers['content-security-policy']);
    for (const body of inline) expect(csp).toContain(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
    expect(csp).not.toContain("'unsafe-inline' ; script-src");
    expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);
  });

  it('when the H5 page is served, then it may read a chosen photo (blob:) to upload it and reach the fake WeChat Pay cashier that stands in', async () => {
    const csp = String((await request(t.callback).get('/healthz')).headers['content-security-policy']);
    const connect = /connect-src ([^;]*)/.exec(csp)?.[1]?.split(' ') ?? [];
    expect(connect).toEqual(expect.arrayContaining(["'self'", 'blob:']));
    const cashier = t.deps.fakeWechatPay ? new URL(t.deps.fakeWechatPay.baseUrl).origin : null;
    expect(cashier).not.toBeNull();
    expect(connect).toContain(cashier);
  });

  it('when a configured origin calls, then CORS allows it; another origin gets no CORS header and its preflight is refused', async () => {
    const ok = await request(t.callback).options('/api/me').set('Origin', 'https://gwyc.hebei.gov.cn').set('Access-Control-Request-Method', 'GET');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://gwyc.hebei.gov.cn');
    const other = await request(t.callback).get('/healthz').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await request(t.callback).options('/api/me').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'POST');
    expect(pre.status).toBe(403);
    expect(pre.body.error.code).toBe('CORS_ORIGIN_REFUSED');
  });

  it('when one address signs in faster than the limit, then further sign-ins get 429 with Retry-After while another address still signs in', async () => {
    const userId = await seedUserId(t, '张伟');
    const statuses = await Promise.all(Array.from({ length: 12 }, () => demoLogin('10.0.0.1', userId).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    const refused = await demoLogin('10.0.0.1', userId);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.body.error.message).toMatch(/登录过于频繁，请 \d+ 秒后再试/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await demoLogin('10.0.0.2', userId)).status).toBe(200);
  });

  it('when guessed WeChat codes keep failing from one address, then sign-in there is locked — even with a valid code — and others are not', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await request(t.callback).post('/api/auth/wx-login').set(from('10.0.1.1')).send({ code: `guess-${i}-xxxxxxxx` });
      expect(res.status).toBe(400);
    }
    const valid = t.deps.fakeWechat!.fake.issueCode('demo-openid-1');
    const locked = await request(t.callback).post('/api/auth/wx-login').set(from('10.0.1.1')).send({ code: valid });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('SIGNIN_LOCKED');
    expect(locked.body.error.message).toContain('登录失败次数过多');
    const elsewhere = await request(t.callback).post('/api/auth/wx-login').set(from('10.0.1.2')).send({ code: valid });
    expect(elsewhere.status).toBe(200);
  });

  it('when a sign-in succeeds after a failure, then the failure count starts again', async () => {
    const userId = await seedUserId(t, '李秀英');
    expect((await demoLogin('10.0.2.1', 99999999)).status).toBe(404);
    expect((await demoLogin('10.0.2.1', 99999999)).status).toBe(404);
    expect((await demoLogin('10.0.2.1', userId)).status).toBe(200);
    expect((await demoLogin('10.0.2.1', 99999999)).status).toBe(404);
    expect((await demoLogin('10.0.2.1', 99999999)).status).toBe(404);
    expect((await demoLogin('10.0.2.1', userId)).status).toBe(200);
  });

  it('when one user books or commands faster than the limit, then 429 per user, whatever address they use', async () => {
    const userId = await seedUserId(t, '王建国');
    const token = (await demoLogin('10.0.3.1', userId)).body.token as string;
    const book = (ip: string) => request(t.callback).post('/api/trips').set(from(ip)).set('Authorization', `Bearer ${token}`).send({});
    const bookings = [];
    for (let i = 0; i < 5; i++) bookings.push((await book(`10.0.3.${10 + i}`)).status);
    expect(bookings.slice(0, 4).every((s) => s !== 429)).toBe(true);
    expect(bookings[4]).toBe(429);

    const dispatcher = (await demoLogin('10.0.3.2', await seedUserId(t, '何勇'))).body.token as string;
    const command = () => request(t.callback).post('/api/telematics/vehicles/999999/commands').set(from('10.0.3.3')).set('Authorization', `Bearer ${dispatcher}`).send({ kind: 'locate' });
    const commands = [];
    for (let i = 0; i < 4; i++) commands.push((await command()).status);
    expect(commands.slice(0, 3).every((s) => s !== 429)).toBe(true);
    const last = await command();
    expect(last.status).toBe(429);
    expect(last.body.error.message).toContain('车辆指令过于频繁');
  });

  it('when a user signs in beyond the session cap, then the oldest session ends and the newest ones work', async () => {
    const userId = await seedUserId(t, '韩梅');
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) tokens.push((await demoLogin(`10.0.4.${i}`, userId)).body.token);
    const me = (tok: string) => request(t.callback).get('/api/me').set('Authorization', `Bearer ${tok}`).then((r) => r.status);
    expect(await me(tokens[0]!)).toBe(401);
    expect(await me(tokens[1]!)).toBe(200);
    expect(await me(tokens[2]!)).toBe(200);
  });
});
