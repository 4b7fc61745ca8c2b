import request from 'supertest';
import { generateSync } from 'otplib';
import { ManualClock } from '../../../server/src/platform/clock';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { seedUserId } from '../../helpers/seed-lookup';
import { loadIdentitySecuritySettings } from '../../../server/src/modules/identity/totp.service';

const T0 = new Date('2026-11-25T08:00:10Z');

/**
 * A compulsory second factor for administrators and supervisors (#19 item 5, 等保 level 3), turned on here
 * with SECURITY_TOTP_REQUIRED_ROLES: one who has not enrolled gets no session at sign-in, only an enrolment
 * whose challenge is good for nothing but confirming it; the first code binds the authenticator and opens the session.
 */
describe(`TOTP compulsory for administrators and supervisors (${backend})`, () => {
  const clock = new ManualClock(T0);
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ SECURITY_TOTP_REQUIRED_ROLES: 'platform_admin,supervisor' }, { clock }); });
  afterAll(() => t.close());

  const code = (secret: string, offsetSeconds = 0) => generateSync({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + offsetSeconds });
  const demoLogin = async (name: string) => request(t.callback).post('/api/auth/demo-login').send({ userId: await seedUserId(t, name) });

  it('when a supervisor who has not enrolled signs in, then there is no session but an enrolment with its QR code; the challenge opens no route; the first right code binds it and signs in, and the next sign-in asks for the code', async () => {
    const first = await demoLogin('周明');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ totpEnrolmentRequired: true, name: '周明' });
    expect(first.body.token).toBeUndefined();
    const { challenge, enrolment } = first.body as { challenge: string; enrolment: { secret: string; otpauthUri: string; qrCode: string } };
    expect(enrolment.otpauthUri).toContain(`secret=${enrolment.secret}`);
    expect(enrolment.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(enrolment.qrCode.split(',')[1]!, 'base64').toString()).toMatch(/^<svg[^>]*viewBox/);

    // The enrolment's challenge is no token: as a bearer it opens nothing.
    expect((await request(t.callback).get('/api/me').set('Authorization', `Bearer ${challenge}`)).status).toBe(401);
    expect((await request(t.callback).get('/api/supervision/warnings').set('Authorization', `Bearer ${challenge}`)).status).toBe(401);
    // Nor is it the sign-in code prompt's challenge.
    expect((await request(t.callback).post('/api/auth/totp/verify').send({ challenge, code: code(enrolment.secret) })).body.error.code).toBe('TOTP_CHALLENGE_INVALID');

    const wrong = await request(t.callback).post('/api/auth/totp/enrol-verify').send({ challenge, code: code(enrolment.secret, 300) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'TOTP_CODE_INVALID', message: expect.stringContaining('动态口令') });
    const ok = await request(t.callback).post('/api/auth/totp/enrol-verify').send({ challenge, code: code(enrolment.secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ name: '周明', roles: ['supervisor'] });
    expect((await request(t.callback).get('/api/auth/totp').set('Authorization', `Bearer ${ok.body.token}`)).body).toMatchObject({ eligible: true, enrolled: true });
    // Spent.
    expect((await request(t.callback).post('/api/auth/totp/enrol-verify').send({ challenge, code: code(enrolment.secret) })).body.error.code).toBe('TOTP_CHALLENGE_INVALID');

    clock.advance(30_000);
    const again = await demoLogin('周明');
    expect(again.body).toMatchObject({ totpRequired: true, name: '周明' });
    const signedIn = await request(t.callback).post('/api/auth/totp/verify').send({ challenge: again.body.challenge, code: code(enrolment.secret) });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.token).toBeDefined();
  });

  it('when an enrolment at sign-in takes five wrong codes, then its challenge is spent and a new sign-in starts a new secret', async () => {
    const first = await demoLogin('陈静');
    const { challenge, enrolment } = first.body as { challenge: string; enrolment: { secret: string } };
    for (let i = 0; i < 5; i++) {
      expect((await request(t.callback).post('/api/auth/totp/enrol-verify').send({ challenge, code: code(enrolment.secret, 600 + i * 30) })).status).toBe(400);
    }
    const spent = await request(t.callback).post('/api/auth/totp/enrol-verify').send({ challenge, code: code(enrolment.secret) });
    expect(spent.status).toBe(401);
    expect(spent.body.error.code).toBe('TOTP_CHALLENGE_INVALID');
    const next = await demoLogin('陈静');
    expect(next.body).toMatchObject({ totpEnrolmentRequired: true });
    expect(next.body.enrolment.secret).not.toBe(enrolment.secret);
  });

  it('when a fleet admin or an applicant signs in, then they get their session at once (the rule is for administrators and supervisors)', async () => {
    for (const name of ['赵磊', '王建国']) {
      const s = await demoLogin(name);
      expect(s.status).toBe(200);
      expect(s.body.token).toBeDefined();
    }
  });

  it('when the setting is read, then it is on for both roles by default outside the demo and the tests, off in them, and a wrong value names the variable', () => {
    expect(loadIdentitySecuritySettings({ NODE_ENV: 'production' }, { demoLogin: false }).requiredRoles).toEqual(['platform_admin', 'supervisor']);
    expect(loadIdentitySecuritySettings({ NODE_ENV: 'development' }, { demoLogin: true }).requiredRoles).toEqual([]);
    expect(loadIdentitySecuritySettings({ NODE_ENV: 'test' }, { demoLogin: false }).requiredRoles).toEqual([]);
    expect(loadIdentitySecuritySettings({ NODE_ENV: 'test', SECURITY_TOTP_REQUIRED_ROLES: 'supervisor' }, { demoLogin: true }).requiredRoles).toEqual(['supervisor']);
    expect(loadIdentitySecuritySettings({ NODE_ENV: 'production', SECURITY_TOTP_REQUIRED_ROLES: 'none' }, { demoLogin: false }).requiredRoles).toEqual([]);
    expect(() => loadIdentitySecuritySettings({ SECURITY_TOTP_REQUIRED_ROLES: 'fleet_admin' }, { demoLogin: false })).toThrow(/SECURITY_TOTP_REQUIRED_ROLES/);
  });
});
