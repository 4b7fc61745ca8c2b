import request from 'supertest';
import { generateSync } from 'otplib';
import { ManualClock } from '../../../server/src/platform/clock';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { seedUserId } from '../../helpers/seed-lookup';

const T0 = new Date('2026-11-25T08:00:10Z');

describe(`second factor (TOTP), idle expiry and role changes of administrators and supervisors (${backend})`, () => {
  const clock = new ManualClock(T0);
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ PRIVILEGED_IDLE_MINUTES: '30' }, { clock }); });
  afterAll(() => t.close());

  const code = (secret: string, offsetSeconds = 0) => generateSync({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + offsetSeconds });
  const demoLogin = async (name: string) => request(t.callback).post('/api/auth/demo-login').send({ userId: await seedUserId(t, name) });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function enrol(name: string): Promise<string> {
    const s = await demoLogin(name);
    expect(s.body.token).toBeDefined();
    const started = await request(t.callback).post('/api/auth/totp/enrol').set(bearer(s.body.token));
    expect(started.status).toBe(200);
    const { secret, otpauthUri } = started.body as { secret: string; otpauthUri: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]+&issuer=/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const wrong = await request(t.callback).post('/api/auth/totp/confirm').set(bearer(s.body.token)).send({ code: code(secret, 300) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'TOTP_CODE_INVALID', message: expect.stringContaining('动态口令') });
    const ok = await request(t.callback).post('/api/auth/totp/confirm').set(bearer(s.body.token)).send({ code: code(secret) });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ eligible: true, enrolled: true, idleMinutes: 30 });
    return secret;
  }

  it('when a platform admin enrols, then their next sign-in asks for the code, and only a right, unused code gives a session', async () => {
    const secret = await enrol('陈静');
    const first = await demoLogin('陈静');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ totpRequired: true, name: '陈静' });
    expect(first.body.token).toBeUndefined();
    const bad = await request(t.callback).post('/api/auth/totp/verify').send({ challenge: first.body.challenge, code: '000000' === code(secret) ? '111111' : '000000' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('TOTP_CODE_INVALID');
    // The code used to confirm the enrolment is spent: it does not sign in.
    expect((await request(t.callback).post('/api/auth/totp/verify').send({ challenge: first.body.challenge, code: code(secret) })).body.error.code).toBe('TOTP_CODE_INVALID');
    clock.advance(30_000);
    const ok = await request(t.callback).post('/api/auth/totp/verify').send({ challenge: first.body.challenge, code: code(secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.user.name).toBe('陈静');
    expect((await request(t.callback).get('/api/me').set(bearer(ok.body.token))).status).toBe(200);
    // A challenge answers once.
    expect((await request(t.callback).post('/api/auth/totp/verify').send({ challenge: first.body.challenge, code: code(secret, 30) })).body.error.code).toBe('TOTP_CHALLENGE_INVALID');
    // Enrolled: a second enrolment is refused.
    expect((await request(t.callback).post('/api/auth/totp/enrol').set(bearer(ok.body.token))).status).toBe(409);
  });

  it('when wrong codes are typed five times, then the prompt is spent and a new sign-in is needed', async () => {
    const first = await demoLogin('陈静');
    for (let i = 0; i < 5; i++) {
      const r = await request(t.callback).post('/api/auth/totp/verify').send({ challenge: first.body.challenge, code: '12345' + String(i) });
      expect(r.body.error.code).toBe('TOTP_CODE_INVALID');
    }
    const after = await request(t.callback).post('/api/auth/totp/verify').send({ challenge: first.body.challenge, code: '123459' });
    expect(after.body.error.code).toBe('TOTP_CHALLENGE_INVALID');
  });

  it('when an ordinary user or a malformed code tries the second factor, then it is refused with a reason', async () => {
    const wang = await demoLogin('王建国');
    expect(wang.body.token).toBeDefined();
    const refused = await request(t.callback).post('/api/auth/totp/enrol').set(bearer(wang.body.token));
    expect(refused.status).toBe(403);
    expect((await request(t.callback).get('/api/auth/totp').set(bearer(wang.body.token))).body).toEqual({ eligible: false, enrolled: false, idleMinutes: 0 });
    const malformed = await request(t.callback).post('/api/auth/totp/verify').send({ challenge: 'x'.repeat(32), code: '12ab' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body.error)).toContain('6 位数字');
  });

  it('when a supervisor stays idle past 30 minutes, then their session ends; an applicant\'s does not', async () => {
    const zhou = await demoLogin('周明');
    const wang = await demoLogin('王建国');
    clock.advance(29 * 60_000);
    expect((await request(t.callback).get('/api/me').set(bearer(zhou.body.token))).status).toBe(200);
    // Used at 29 minutes: the idle clock starts again.
    clock.advance(29 * 60_000);
    expect((await request(t.callback).get('/api/me').set(bearer(zhou.body.token))).status).toBe(200);
    clock.advance(31 * 60_000);
    const idle = await request(t.callback).get('/api/me').set(bearer(zhou.body.token));
    expect(idle.status).toBe(401);
    expect(idle.body.error).toMatchObject({ code: 'TOKEN_EXPIRED', message: expect.stringContaining('30 分钟未操作') });
    expect((await request(t.callback).get('/api/me').set(bearer(wang.body.token))).status).toBe(200);
  });

  it('when the platform admin changes a user\'s roles, then the change is audited with before and after, and the user signs in again', async () => {
    const first = await demoLogin('陈静');
    clock.advance(60_000);
    const secret = await (async () => {
      // 陈静 enrolled in the first test; her secret is read back the way the server does (decrypted through the entity).
      const id = await seedUserId(t, '陈静');
      const rows = await t.deps.db.dataSource.query('SELECT secret FROM user_totp WHERE user_id = ?', [id]) as Array<{ secret: string }>;
      expect(rows[0]!.secret.startsWith('sm4:')).toBe(true);
      const { piiCipher } = await import('../../../server/src/platform/crypto/pii');
      return piiCipher().decrypt(rows[0]!.secret);
    })();
    const admin = await request(t.callback).post('/api/auth/totp/verify').send({ challenge: first.body.challenge, code: code(secret) });
    expect(admin.status).toBe(200);
    const wang = await demoLogin('王建国');
    const wangId = await seedUserId(t, '王建国');
    const changed = await request(t.callback).put(`/api/users/${wangId}/roles`).set(bearer(admin.body.token)).send({ roles: ['applicant', 'approver'] });
    expect(changed.status).toBe(200);
    expect(changed.body.roles).toEqual(['applicant', 'approver']);
    expect((await request(t.callback).get('/api/me').set(bearer(wang.body.token))).status).toBe(401);
    const again = await demoLogin('王建国');
    expect(again.body.user.roles.sort()).toEqual(['applicant', 'approver']);
    const entries = await request(t.callback).get('/api/audit/entries').query({ action: 'roles-changed', objectId: String(wangId) }).set(bearer(admin.body.token));
    expect(entries.body.items).toHaveLength(1);
    expect(entries.body.items[0]).toMatchObject({ actorName: '陈静', objectType: 'users', outcome: 'success', label: '角色变更：王建国（用车人 → 用车人、审批人）' });

    const dispatcher = await demoLogin('张伟');
    const refused = await request(t.callback).put(`/api/users/${wangId}/roles`).set(bearer(dispatcher.body.token)).send({ roles: ['platform_admin'] });
    expect(refused.status).toBe(403);
    const unknown = await request(t.callback).put(`/api/users/${wangId}/roles`).set(bearer(admin.body.token)).send({ roles: ['applicant'], note: 'x' });
    expect(unknown.status).toBe(400);
    const self = await request(t.callback).put(`/api/users/${await seedUserId(t, '陈静')}/roles`).set(bearer(admin.body.token)).send({ roles: ['finance'] });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('ROLES_FORBIDDEN');
  });
});
