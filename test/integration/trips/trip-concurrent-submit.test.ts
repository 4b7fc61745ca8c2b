import { In } from 'typeorm';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, tripBody } from '../../helpers/trips';
import { ApprovalRequestEntity } from '../../../server/src/modules/approvals/approvals.entity';

describe(`trips submitted at the same moment (${backend})`, () => {
  let t: TestApp;
  // 40 messages go to the in-process fake WeChat at once: on a busy test machine one may take longer than
  // the production timeout and be retried later (after back-off); this test is about the transactions.
  beforeAll(async () => { t = await startTestApp({ WECHAT_MESSAGE_TIMEOUT_MS: '30000' }); });
  afterAll(() => t.close());

  it('when 20 applications are submitted at once, then each is created in one transaction (no deadlock, no retry) with its own approval request, and the approvers are told', async () => {
    const wang = await as(t, '王建国');
    const db = t.deps.db;
    const original = db.transaction.bind(db);
    let transactions = 0;
    // The audit trail appends its entries in transactions of its own (batched): those are not the trips'.
    db.transaction = ((work) => { if (!/AuditService\./.test(new Error().stack ?? '')) transactions++; return original(work); }) as typeof db.transaction;
    const sentBefore = t.deps.fakeWechat!.fake.messages.filter((m) => m.template_id === 'tpl-approval-todo').length;
    try {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => wang.post('/api/trips', tripBody({ purpose: `同时提交 ${i}` }, { daysAhead: 2 + i }))));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      // Per trip: one transaction creating it with its messages and their WeChat outbox (a deadlock retry would add more).
      expect(transactions).toBe(20);
      const ids = results.map((r) => r.body.id as number);
      const requests = await db.manager.find(ApprovalRequestEntity, { where: { kind: 'trip', subjectId: In(ids) } });
      expect(requests.map((r) => r.subjectId).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
      expect(requests.every((r) => r.status === 'pending' && r.round === 1 && r.level === 1)).toBe(true);
      await t.deps.events.idle(); // WeChat messages go out right after the commit, in the background;
      await t.deps.events.drain(); // those queued behind an earlier message to the same approver go with the relay's next pass
      const sent = t.deps.fakeWechat!.fake.messages.filter((m) => m.template_id === 'tpl-approval-todo').length - sentBefore;
      expect(sent).toBeGreaterThanOrEqual(20);
      expect(sent % 20).toBe(0);
    } finally {
      db.transaction = original;
    }
  });
});
