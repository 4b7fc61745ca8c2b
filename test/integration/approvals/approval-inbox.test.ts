import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, tripBody } from '../../helpers/trips';
import { migrate } from '../../../server/src/platform/db/database';
import { migrations } from '../../../server/src/migrations';
import { ApprovalHolderEntity, ApprovalRequestEntity } from '../../../server/src/modules/approvals/approvals.entity';

interface Item { id: number; subjectId: number; kind: string; submittedAt: string }

/**
 * The approver's inbox is read from the holder index (migration ApprovalHolderInbox): pages in order,
 * oldest first, with the right total; decided requests leave it; rows from before the migration read the same.
 */
describe(`the approver's inbox, a page at a time (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when the inbox is read two lines at a time, then the pages join into the whole list, oldest first, each with the full total; a decision takes one out', async () => {
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    for (let i = 0; i < 5; i++) expect((await wang.post('/api/trips', tripBody({ purpose: `分页审批 ${i}` }, { daysAhead: 3 + i }))).status).toBe(201);
    const all = (await li.get('/api/approvals?box=waiting&pageSize=100')).body as { items: Item[]; total: number };
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(5);
    const order = all.items.map((x) => [Date.parse(x.submittedAt), x.id] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    const paged: Item[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 2); page++) {
      const p = (await li.get(`/api/approvals?box=waiting&pageSize=2&page=${page}`)).body as { items: Item[]; total: number };
      expect(p.total).toBe(all.total);
      paged.push(...p.items);
    }
    expect(paged.map((x) => x.id)).toEqual(all.items.map((x) => x.id));
    expect((await li.get('/api/approvals?box=waiting&kind=trip&pageSize=100')).body.items.map((x: Item) => x.id))
      .toEqual(all.items.filter((x) => x.kind === 'trip').map((x) => x.id));

    const first = all.items[0]!;
    expect((await li.post(`/api/approvals/${first.id}/decide`, { action: 'approve' })).status).toBe(200);
    const after = (await li.get('/api/approvals?box=waiting&pageSize=100')).body as { items: Item[]; total: number };
    expect(after.total).toBe(all.total - 1);
    expect(after.items.map((x) => x.id)).toEqual(all.items.slice(1).map((x) => x.id));
  });

  it('when holder rows were written before the migration, then it gives each its request\'s kind and submission time', async () => {
    const mine = migrations.findIndex((m) => new m().name === 'ApprovalHolderInbox1767200000000');
    expect(mine).toBeGreaterThanOrEqual(0);
    for (let i = migrations.length - 1; i >= mine; i--) await t.deps.db.dataSource.undoLastMigration();
    const legacy = await t.deps.db.dataSource.query('SELECT COUNT(*) AS n FROM approval_holder');
    expect(Number(legacy[0].n)).toBeGreaterThan(0);
    expect((await migrate(t.deps.db)).length).toBe(migrations.length - mine);
    const holders = await t.deps.db.manager.find(ApprovalHolderEntity, {});
    const requests = new Map((await t.deps.db.manager.find(ApprovalRequestEntity, {})).map((r) => [r.id, r]));
    expect(holders.length).toBe(Number(legacy[0].n));
    for (const h of holders) {
      expect([h.kind, h.submittedAt.getTime()]).toEqual([requests.get(h.requestId)!.kind, requests.get(h.requestId)!.submittedAt.getTime()]);
    }
  });
});
