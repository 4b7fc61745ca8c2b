import { execFile } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { seedUserId } from '../../helpers/seed-lookup';

const root = path.resolve(__dirname, '../../..');

/** Runs `npm run audit:verify` (the CLI itself, as a child process) against the test app's database. */
function verifyCommand(t: TestApp): Promise<{ code: number; out: string }> {
  const db = t.deps.config.db;
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  if (db.kind === 'mysql') env.DATABASE_URL = db.url;
  else env.SQLITE_PATH = db.path;
  return new Promise((resolve) => {
    execFile(path.join(root, 'node_modules/.bin/tsx'), ['server/src/audit-verify.cli.ts'], { cwd: root, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

describe(`audit trail: every significant action, SM3-chained, searchable within scope (${backend})`, () => {
  let t: TestApp;
  let admin: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signInAs(t, '陈静');
  });
  afterAll(() => t.close());
  const search = (who: { Authorization: string }, q: Record<string, string>) => request(t.callback).get('/api/audit/entries').query(q).set('Authorization', who.Authorization);

  it('when someone signs in, fails to, or is refused, then each is recorded with who, what, which object, when, from where and the outcome', async () => {
    const userId = await seedUserId(t, '王建国');
    expect((await request(t.callback).post('/api/auth/demo-login').set('X-Forwarded-For', '10.9.0.1').send({ userId })).status).toBe(200);
    expect((await request(t.callback).post('/api/auth/demo-login').set('X-Forwarded-For', '10.9.0.2').send({ userId: 987654 })).status).toBe(404);
    expect((await request(t.callback).post('/api/auth/wx-login').set('X-Forwarded-For', '10.9.0.3').send({ code: 'not-a-real-code-123' })).status).toBe(400);

    const ok = (await search(admin, { ip: '10.9.0.1' })).body.items;
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ actorUserId: userId, actorName: '王建国', action: 'POST /api/auth/demo-login', label: '以演示账号登录（仅演示环境）', outcome: 'success', status: 200, objectType: 'users', objectId: String(userId) });
    expect(Date.now() - new Date(ok[0].at).getTime()).toBeLessThan(60_000);
    expect(ok[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const failed = (await search(admin, { ip: '10.9.0.2' })).body.items;
    expect(failed[0]).toMatchObject({ actorUserId: null, outcome: 'failure', status: 404, errorCode: 'USER_NOT_FOUND', objectId: '987654' });
    const wx = (await search(admin, { ip: '10.9.0.3' })).body.items;
    expect(wx[0]).toMatchObject({ action: 'POST /api/auth/wx-login', outcome: 'failure', errorCode: 'WECHAT_CODE_INVALID' });

    const applicant = await signInAs(t, '王建国');
    const refused = await search(applicant, {});
    expect(refused.status).toBe(403);
    const denied = (await search(admin, { actorUserId: String(userId), outcome: 'denied' })).body.items;
    expect(denied[0]).toMatchObject({ action: 'GET /api/audit/entries', status: 403 });
  });

  it('when a dispatcher reads a vehicle track and acts on a trip, then both are recorded with the object', async () => {
    const dispatcher = await signInAs(t, '张伟');
    await request(t.callback).get('/api/telematics/vehicles/424242/track').set('Authorization', dispatcher.Authorization);
    await request(t.callback).post('/api/trips/535353/cancel').set('Authorization', dispatcher.Authorization).send({ reason: '测试' });
    const mine = (await search(admin, { actorUserId: String(dispatcher.userId) })).body.items;
    expect(mine.find((e: { action: string }) => e.action === 'GET /api/telematics/vehicles/:id/track')).toMatchObject({ objectType: 'vehicles', objectId: '424242', actorName: '张伟' });
    expect(mine.find((e: { action: string }) => e.action === 'POST /api/trips/:id/cancel')).toMatchObject({ objectType: 'trips', objectId: '535353', outcome: 'failure', label: '取消行程（出车前）' });
  });

  it('when a county supervisor searches, then only entries of actors in their county show; the platform admin sees all', async () => {
    await signInAs(t, '杨帆'); // 长安区
    await signInAs(t, '韩梅'); // 石家庄市本级
    const county = await signInAs(t, '郑斌');
    const theirs = await search(county, { action: 'demo-login', pageSize: '100' });
    expect(theirs.status).toBe(200);
    const names = new Set(theirs.body.items.map((e: { actorName: string | null }) => e.actorName));
    expect(names.has('杨帆')).toBe(false); // sign-in entries carry no region (the actor was anonymous)
    await request(t.callback).post('/api/auth/logout').set('Authorization', (await signInAs(t, '杨帆')).Authorization);
    const logouts = (await search(county, { action: 'logout', pageSize: '100' })).body.items.map((e: { actorName: string }) => e.actorName);
    expect(logouts).toContain('杨帆');
    await request(t.callback).post('/api/auth/logout').set('Authorization', (await signInAs(t, '韩梅')).Authorization);
    expect((await search(county, { action: 'logout', pageSize: '100' })).body.items.map((e: { actorName: string }) => e.actorName)).not.toContain('韩梅');
    expect((await search(admin, { action: 'logout', pageSize: '100' })).body.items.map((e: { actorName: string }) => e.actorName)).toEqual(expect.arrayContaining(['杨帆', '韩梅']));
  });

  it('when the chain is whole, the verify command says so; when one row is edited and another deleted in the database, it names both', async () => {
    const clean = await verifyCommand(t);
    expect(clean.out).toContain('审计链完整');
    expect(clean.code).toBe(0);
    const api = await request(t.callback).get('/api/audit/verify').set('Authorization', admin.Authorization);
    expect(api.body).toMatchObject({ ok: true, problems: [] });

    const rows: Array<{ seq: number }> = await t.deps.db.manager.query('SELECT seq FROM audit_log ORDER BY seq');
    expect(rows.length).toBeGreaterThan(6);
    const edited = rows[2]!.seq;
    const deleted = rows[4]!.seq;
    await t.deps.db.manager.query(`UPDATE audit_log SET outcome = 'success', actor_name = '篡改者' WHERE seq = ${edited}`);
    await t.deps.db.manager.query(`DELETE FROM audit_log WHERE seq = ${deleted}`);

    const broken = await verifyCommand(t);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`AUDIT edited seq=${edited}`);
    expect(broken.out).toContain(`AUDIT deleted seq=${deleted}`);
    expect(broken.out).toContain('审计链被破坏');
    const viaApi = (await request(t.callback).get('/api/audit/verify').set('Authorization', admin.Authorization)).body;
    expect(viaApi.ok).toBe(false);
    expect(viaApi.problems.map((p: { seq: number; kind: string }) => `${p.kind}:${p.seq}`)).toEqual(expect.arrayContaining([`edited:${edited}`, `deleted:${deleted}`]));
  }, 180_000); // two runs of the real CLI (tsx compiles it at start)

  it('when the newest entry is deleted, then the head still knows it was there', async () => {
    const [{ last }] = await t.deps.db.manager.query('SELECT MAX(seq) AS last FROM audit_log');
    await t.deps.db.manager.query(`DELETE FROM audit_log WHERE seq = ${Number(last)}`);
    const out = await verifyCommand(t);
    expect(out.out).toContain(`AUDIT deleted seq=${Number(last)}`);
  }, 180_000);
});
