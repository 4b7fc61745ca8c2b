import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, As, tripBody } from '../../helpers/trips';
import { seedUnitId } from '../../helpers/seed-lookup';
import { TripEntity } from '../../../server/src/modules/trips/trips.entity';
import { ApprovalHolderEntity, ApprovalRequestEntity } from '../../../server/src/modules/approvals/approvals.entity';

interface Holder { name: string; unitName: string; via: string; viaLabel: string }

/** The applicant's view of who holds the trip's approval now. */
const approvalOf = async (applicant: As, tripId: number) => (await applicant.get(`/api/approvals/by-subject?kind=trip&subjectId=${tripId}`)).body;

/** Approves a trip level by level, each time by the first holder the applicant is shown; returns who decided each level. */
async function approveThrough(t: TestApp, applicant: As, tripId: number): Promise<Array<[string, string]>> {
  const deciders: Array<[string, string]> = [];
  for (let i = 0; i < 3; i++) {
    const a = await approvalOf(applicant, tripId);
    if (a.status !== 'pending') break;
    expect(a.holders.length).toBeGreaterThan(0);
    const holder = a.holders[0] as Holder;
    const approver = await as(t, holder.name);
    const item = (await approver.get('/api/approvals')).body.items.find((x: { subjectId: number }) => x.subjectId === tripId);
    expect(item).toBeDefined();
    const res = await approver.post(`/api/approvals/${item.id}/decide`, { action: 'approve' });
    expect(res.status).toBe(200);
    deciders.push([holder.name, holder.via]);
  }
  return deciders;
}

describe(`approval fallback: a unit without an approver for a level (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when a township applicant submits, then the parent unit\'s approver holds it, the applicant is shown who, and the approval goes through', async () => {
    const deng = await as(t, '邓华');
    const id = (await deng.post('/api/trips', tripBody({ purpose: '街道走访困难群众' }, { daysAhead: 2 }))).body.id;
    const a = await approvalOf(deng, id);
    expect(a).toMatchObject({ status: 'pending', level: 1, levels: 1 });
    expect(a.holders.map((h: Holder) => [h.name, h.unitName, h.viaLabel])).toEqual([['何勇', '长安区人民政府办公室', '上级单位']]);
    // The county's supervisor sees the request in scope but does not hold it: not in their inbox, 403 on deciding.
    const zheng = await as(t, '郑斌');
    expect((await zheng.get('/api/approvals')).body.items.some((x: { subjectId: number }) => x.subjectId === id)).toBe(false);
    expect((await zheng.post(`/api/approvals/${a.id}/decide`, { action: 'approve' })).status).toBe(403);
    const he = await as(t, '何勇');
    expect((await he.get(`/api/approvals/${a.id}`)).body.holders[0].name).toBe('何勇');
    expect(await approveThrough(t, deng, id)).toEqual([['何勇', 'parent_unit']]);
    expect((await deng.get(`/api/trips/${id}`)).body).toMatchObject({ status: 'approved', approvalStatus: 'approved' });
    expect((await approvalOf(deng, id)).holders).toEqual([]);
    const messages = (await he.get('/api/messages')).body.items.map((m: { title: string }) => m.title);
    expect(messages).toContain('待审批：公务用车');
  });

  it('when the only approver of a unit applies, then the region\'s supervision office holds it; the second level goes one region up', async () => {
    const han = await as(t, '韩梅');
    const id = (await han.post('/api/trips', tripBody({ kind: 'out_of_city', purpose: '赴保定开展联合执法' }, { daysAhead: 3 }))).body.id;
    const first = await approvalOf(han, id);
    expect(first.holders.map((h: Holder) => [h.name, h.unitName, h.viaLabel])).toEqual([['吴芳', '石家庄市机关事务管理局', '主管部门']]);
    expect(await approveThrough(t, han, id)).toEqual([['吴芳', 'region_office'], ['周明', 'region_office']]);
    expect((await han.get(`/api/trips/${id}`)).body.status).toBe('approved');
  });

  it.each([
    ['王建国'], ['李秀英'], ['韩梅'], ['杨帆'], ['曹阳'], ['丁琳'], ['邓华'],
  ])('when %s (a seeded applicant) asks for an in-city and an out-of-city trip, then each can be approved by the people it names, never by the applicant, two levels by two people', async (name) => {
    const applicant = await as(t, name);
    for (const [kind, days] of [['in_city', 5], ['out_of_city', 6]] as const) {
      const created = await applicant.post('/api/trips', tripBody({ kind, purpose: `${name}的${kind === 'in_city' ? '市内' : '市外'}公务` }, { daysAhead: days }));
      expect(created.status).toBe(201);
      const deciders = await approveThrough(t, applicant, created.body.id);
      expect(deciders).toHaveLength(kind === 'in_city' ? 1 : 2);
      expect(deciders.map(([who]) => who)).not.toContain(name);
      expect(new Set(deciders.map(([who]) => who)).size).toBe(deciders.length);
      expect((await applicant.get(`/api/trips/${created.body.id}`)).body.status).toBe('approved');
    }
  });

  it('when a unit names a disabled approver, then the level falls back instead of waiting for them', async () => {
    const admin = await as(t, '陈静');
    const caGov = await seedUnitId(t, '长安区人民政府办公室');
    const he = await as(t, '何勇');
    expect((await admin.put('/api/approval-chains', { unitId: caGov, kind: 'trip', variant: 'in_city', levels: [{ approverRole: 'approver', approverUserId: he.userId }] })).status).toBe(200);
    await t.deps.db.manager.query(`UPDATE app_user SET status = 'disabled' WHERE id = ${he.userId}`);
    try {
      const yang = await as(t, '杨帆');
      const id = (await yang.post('/api/trips', tripBody({ purpose: '区政府督查' }, { daysAhead: 7 }))).body.id;
      expect((await approvalOf(yang, id)).holders.map((h: Holder) => [h.name, h.viaLabel])).toEqual([['郑斌', '主管部门']]);
    } finally {
      await t.deps.db.manager.query(`UPDATE app_user SET status = 'active' WHERE id = ${he.userId}`);
    }
  });
});

describe(`approval fallback switched off (APPROVAL_FALLBACK=none) (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ APPROVAL_FALLBACK: 'none' }); });
  afterAll(() => t.close());

  it('when nobody at all can decide a township request, then the submission is refused with 409 naming the unit, and nothing is written', async () => {
    const deng = await as(t, '邓华');
    const m = t.deps.db.manager;
    const [trips, requests] = [await m.count(TripEntity), await m.count(ApprovalRequestEntity)];
    const res = await deng.post('/api/trips', tripBody({ purpose: '街道走访' }, { daysAhead: 2 }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('APPROVAL_NO_APPROVER');
    expect(res.body.error.message).toContain('建北街道办事处');
    expect([await m.count(TripEntity), await m.count(ApprovalRequestEntity)]).toEqual([trips, requests]);
    // A unit with its own approvers is not affected.
    expect((await (await as(t, '王建国')).post('/api/trips', tripBody({}, { daysAhead: 2 }))).status).toBe(201);
  });
});

describe(`approvals pending from before holders were stored (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('when a pending request has no holders stored, then the start-up pass stores them and it reaches its approver\'s inbox; the inbox reads only stored holders', async () => {
    const wang = await as(t, '王建国');
    const id = (await wang.post('/api/trips', tripBody({ purpose: '迁移前提交的用车申请' }, { daysAhead: 2 }))).body.id;
    const a = await approvalOf(wang, id);
    const holderName = (a.holders[0] as Holder).name;
    const approver = await as(t, holderName);
    const inInbox = async () => (await approver.get('/api/approvals')).body.items.some((x: { subjectId: number }) => x.subjectId === id);
    expect(await inInbox()).toBe(true);
    // As it was before holders were stored (migration 1765100000000): the request has none.
    await t.deps.db.manager.delete(ApprovalHolderEntity, { requestId: a.id });
    expect(await inInbox()).toBe(false);
    expect(await t.deps.approvals.storeMissingHolders()).toEqual({ stored: 1, unresolved: 0 });
    expect(await inInbox()).toBe(true);
    expect((await approvalOf(wang, id)).holders.map((h: Holder) => h.name)).toEqual(a.holders.map((h: Holder) => h.name));
    // A second pass finds nothing to do; the request is decided as any other.
    expect(await t.deps.approvals.storeMissingHolders()).toEqual({ stored: 0, unresolved: 0 });
    expect((await approver.post(`/api/approvals/${a.id}/decide`, { action: 'approve' })).status).toBe(200);
  });
});
