import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as } from '../../helpers/trips';
import { seedUnitId } from '../../helpers/seed-lookup';
import { ApprovalChainEntity } from '../../../server/src/modules/approvals/approvals.entity';

describe(`PUT /api/approval-chains: unknown references and concurrent writers (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  const chainRows = () => t.deps.db.manager.count(ApprovalChainEntity);

  it('when the unit does not exist, then 404 naming it, and no chain is written', async () => {
    const admin = await as(t, '陈静');
    const before = await chainRows();
    const res = await admin.put('/api/approval-chains', { unitId: 999999, kind: 'trip', variant: 'in_city', levels: [{ approverRole: 'approver' }] });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'UNIT_NOT_FOUND', message: '单位 999999 不存在' });
    expect(await chainRows()).toBe(before);
  });

  it('when a level names an approver who does not exist, then 400 on that field, and the unit\'s chain is unchanged', async () => {
    const admin = await as(t, '陈静');
    const unitId = await seedUnitId(t, '河北省发展和改革委员会');
    const li = await as(t, '李秀英');
    const before = (await admin.get(`/api/approval-chains?unitId=${unitId}`)).body;
    const res = await admin.put('/api/approval-chains', {
      unitId, kind: 'trip', variant: 'out_of_city', levels: [{ approverRole: 'approver', approverUserId: li.userId }, { approverRole: 'approver', approverUserId: 888888 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('APPROVAL_APPROVER_UNKNOWN');
    expect(res.body.error.message).toContain('888888');
    expect(JSON.stringify(res.body.error.details)).toContain('levels.1.approverUserId');
    expect((await admin.get(`/api/approval-chains?unitId=${unitId}`)).body).toEqual(before);
  });

  it('when five PUTs create one unit\'s chain at once, then none answers 500 and the chain ends as one whole writer left it', async () => {
    const admin = await as(t, '陈静');
    const unitId = await seedUnitId(t, '河北省妇女联合会');
    const bodies = [1, 2, 3, 1, 2].map((n) => ({ unitId, kind: 'trip', variant: 'in_city', levels: Array.from({ length: n }, () => ({ approverRole: 'approver' })) }));
    const answers = await Promise.all(bodies.map((b) => admin.put('/api/approval-chains', b)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses).toContain(200);
    const rows = await t.deps.db.manager.find(ApprovalChainEntity, { where: { unitId, kind: 'trip', variant: 'in_city' }, order: { level: 'ASC' } });
    expect(rows.map((r) => r.level)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect([1, 2, 3]).toContain(rows.length);
  });
});
