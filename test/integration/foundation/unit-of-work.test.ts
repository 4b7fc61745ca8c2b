import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { UserEntity } from '../../../server/src/modules/identity/identity.entity';
import { UserMessageEntity } from '../../../server/src/modules/notifications/message.entity';

/**
 * One unit of work (platform/db/database.ts): repositories join the transaction of the work they run
 * in, and on the embedded default (one SQLite connection) a statement from outside never runs inside
 * another request's open transaction.
 */
describe(`one unit of work (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  const messageFor = async (name: string, title: string) => {
    const user = await t.deps.db.manager.findOneByOrFail(UserEntity, { name });
    await t.deps.notifications.notify([{ userIds: [user.id], family: 'tripStatus', title, body: title, page: '/messages' }]);
    return t.deps.db.manager.findOneByOrFail(UserMessageEntity, { userId: user.id, title });
  };

  it('when a plain write arrives while another request\'s transaction is open and that transaction rolls back, then the write is kept', async () => {
    const message = await messageFor('王建国', '丢失的已读');
    const me = await signInAs(t, '王建国');
    let entered!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((r) => { entered = r; });
    const gate = new Promise<void>((r) => { release = r; });
    // Another request's transaction: it writes, waits, then fails and rolls back.
    const other = t.deps.db.transaction(async (em) => {
      await em.update(UserMessageEntity, { id: -1 }, { title: 'nothing' });
      entered();
      await gate;
      throw new Error('the other request failed');
    });
    await inside;
    // 标记已读, started while that transaction is open (from outside it).
    let answered = false;
    const read = request(t.callback).post(`/api/messages/${message.id}/read`).set('Authorization', me.Authorization).then((r) => { answered = true; return r; });
    // Until the write either finished (it ran inside the open transaction) or waits for the connection.
    while (!answered && t.deps.db.waiting === 0) await new Promise((r) => setImmediate(r));
    release();
    await expect(other).rejects.toThrow('the other request failed');
    expect((await read).status).toBe(200);
    const after = await t.deps.db.manager.findOneByOrFail(UserMessageEntity, { id: message.id });
    expect(after.readAt).not.toBeNull();
  });

  it('when work begins a transaction inside another, then it joins it: both commit or roll back together, and after-commit work runs only after a commit', async () => {
    const message = await messageFor('李秀英', '嵌套事务');
    const ran: string[] = [];
    await expect(t.deps.db.transaction(async () => {
      await t.deps.db.transaction(async () => {
        await t.deps.db.manager.update(UserMessageEntity, { id: message.id }, { title: '内层写入' });
        t.deps.db.afterCommit(() => { ran.push('rolled-back work'); });
      });
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');
    expect((await t.deps.db.manager.findOneByOrFail(UserMessageEntity, { id: message.id })).title).toBe('嵌套事务');
    await t.deps.db.transaction(async () => {
      await t.deps.db.transaction(async () => { await t.deps.db.manager.update(UserMessageEntity, { id: message.id }, { title: '内层提交' }); });
      t.deps.db.afterCommit(async () => {
        ran.push(`after commit: ${(await t.deps.db.manager.findOneByOrFail(UserMessageEntity, { id: message.id })).title}`);
      });
      expect(t.deps.db.inTransaction).toBe(true);
    });
    expect(ran).toEqual(['after commit: 内层提交']);
  });
  it('when thousands of statements are queued, then the event loop still turns before the last of them has run (sockets are read meanwhile)', async () => {
    let done = 0;
    let doneWhenTurned = -1;
    setImmediate(() => { doneWhenTurned = done; });
    const statements = Array.from({ length: 2_000 }, () => t.deps.db.manager.query('SELECT 1 AS one').then(() => { done++; }));
    await Promise.all(statements);
    expect(done).toBe(2_000);
    expect(doneWhenTurned).toBeGreaterThanOrEqual(0);
    expect(doneWhenTurned).toBeLessThan(2_000);
  });
});
