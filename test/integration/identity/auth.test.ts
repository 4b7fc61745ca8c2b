import request from 'supertest';
import { ManualClock } from '../../../server/src/platform/clock';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { seedUserId } from '../../helpers/seed-lookup';

describe(`sign-in and sessions (${backend})`, () => {
  const clock = new ManualClock(new Date('2026-11-25T08:00:00Z'));
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ SESSION_TTL_SECONDS: '3600' }, { clock }); });
  afterAll(() => t.close());

  it('when a WeChat code from wx.login is exchanged, then a session for the bound user is issued (through the fake over HTTP)', async () => {
    const code = t.deps.fakeWechat!.fake.issueCode('demo-openid-1');
    const res = await request(t.callback).post('/api/auth/wx-login').send({ code });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ name: '王建国', roles: ['applicant'], phoneMasked: '138****0001' });
    const me = await request(t.callback).get('/api/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.unit.name).toBe('河北省发展和改革委员会');
    const again = await request(t.callback).post('/api/auth/wx-login').send({ code });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('WECHAT_CODE_INVALID');
  });

  it('when the WeChat account is bound to nobody, then sign-in is refused with 403', async () => {
    const code = t.deps.fakeWechat!.fake.issueCode('stranger-openid');
    const res = await request(t.callback).post('/api/auth/wx-login').send({ code });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('WECHAT_NOT_BOUND');
  });

  it('when the token passes its lifetime, then it is refused as expired', async () => {
    const login = await request(t.callback).post('/api/auth/demo-login').send({ userId: await seedUserId(t, '张伟') });
    const auth = `Bearer ${login.body.token}`;
    expect((await request(t.callback).get('/api/me').set('Authorization', auth)).status).toBe(200);
    clock.advance(3601 * 1000);
    const res = await request(t.callback).get('/api/me').set('Authorization', auth);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('when a session is logged out, then its token no longer works and other sessions do', async () => {
    const userId = await seedUserId(t, '李秀英');
    const a = (await request(t.callback).post('/api/auth/demo-login').send({ userId })).body.token;
    const b = (await request(t.callback).post('/api/auth/demo-login').send({ userId })).body.token;
    expect((await request(t.callback).post('/api/auth/logout').set('Authorization', `Bearer ${a}`)).status).toBe(204);
    expect((await request(t.callback).get('/api/me').set('Authorization', `Bearer ${a}`)).status).toBe(401);
    expect((await request(t.callback).get('/api/me').set('Authorization', `Bearer ${b}`)).status).toBe(200);
  });

  it('when all sessions are revoked, then every token of that user stops working', async () => {
    const userId = await seedUserId(t, '赵磊');
    const tokens = [];
    for (let i = 0; i < 3; i++) tokens.push((await request(t.callback).post('/api/auth/demo-login').send({ userId })).body.token);
    const res = await request(t.callback).post('/api/auth/logout-all').set('Authorization', `Bearer ${tokens[0]}`);
    expect(res.body.revoked).toBe(3);
    for (const tk of tokens) expect((await request(t.callback).get('/api/me').set('Authorization', `Bearer ${tk}`)).status).toBe(401);
  });

  it('when no or a garbled token is sent, then 401 says to sign in', async () => {
    expect((await request(t.callback).get('/api/me')).body.error.code).toBe('UNAUTHENTICATED');
    const res = await request(t.callback).get('/api/me').set('Authorization', 'Bearer abc');
    expect(res.status).toBe(401);
  });
});

describe('demo sign-in with a production-like config', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ DEMO_LOGIN: 'false' }); });
  afterAll(() => t.close());

  it('when demo sign-in is off, then the demo endpoints answer 404', async () => {
    expect((await request(t.callback).get('/api/auth/demo-users')).status).toBe(404);
    const res = await request(t.callback).post('/api/auth/demo-login').send({ userId: 1 });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('DEMO_LOGIN_DISABLED');
  });
});
