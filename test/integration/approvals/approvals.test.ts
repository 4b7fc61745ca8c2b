import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, tripBody } from '../../helpers/trips';

describe(`approval center (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  const inboxItem = async (approver: Awaited<ReturnType<typeof as>>, tripId: number) =>
    (await approver.get('/api/approvals')).body.items.find((i: { subjectId: number }) => i.subjectId === tripId);

  it('when an out-of-city trip is approved, then it needs two different approvers in order and the history shows both', async () => {
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    const meng = await as(t, '孟德海');
    const id = (await wang.post('/api/trips', tripBody({ kind: 'out_of_city' }, { daysAhead: 2 }))).body.id;
    const first = await inboxItem(li, id);
    expect(first).toMatchObject({ level: 1, levels: 2, statusLabel: '待审批' });
    expect(await inboxItem(meng, id)).toMatchObject({ level: 1 });
    expect((await li.post(`/api/approvals/${first.id}/decide`, { action: 'approve', comment: '同意' })).body).toMatchObject({ status: 'pending', level: 2 });
    expect((await wang.get(`/api/trips/${id}`)).body.status).toBe('pending_approval');
    expect(await inboxItem(li, id)).toBeUndefined();
    const again = await li.post(`/api/approvals/${first.id}/decide`, { action: 'approve' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('APPROVAL_ALREADY_DECIDED');
    const done = await meng.post(`/api/approvals/${first.id}/decide`, { action: 'approve', comment: '同意出差' });
    expect(done.body).toMatchObject({ status: 'approved', statusLabel: '已通过' });
    expect(done.body.history.map((h: { deciderName: string; level: number }) => [h.level, h.deciderName])).toEqual([[0, '王建国'], [1, '李秀英'], [2, '孟德海']]);
    expect((await wang.get(`/api/trips/${id}`)).body).toMatchObject({ status: 'approved', statusLabel: '待派车', approvalStatus: 'approved' });
    expect((await li.get('/api/approvals?box=decided')).body.items.map((i: { id: number }) => i.id)).toContain(first.id);
  });

  it('when the approver returns a trip for edits, then the applicant edits and resubmits; when rejected, then it stays rejected', async () => {
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    const id = (await wang.post('/api/trips', tripBody({}, { daysAhead: 3 }))).body.id;
    const item = await inboxItem(li, id);
    const noComment = await li.post(`/api/approvals/${item.id}/decide`, { action: 'return' });
    expect(noComment.status).toBe(400);
    expect((await li.post(`/api/approvals/${item.id}/decide`, { action: 'return', comment: '请补充乘车人' })).body.status).toBe('returned');
    expect((await wang.get(`/api/trips/${id}`)).body.status).toBe('returned_for_edit');
    const edited = await wang.put(`/api/trips/${id}`, tripBody({ passengerNames: '王建国、李明、张华', passengers: 3, seatsWanted: 3 }, { daysAhead: 3 }));
    expect(edited.body).toMatchObject({ status: 'pending_approval', passengers: 3 });
    const round2 = await inboxItem(li, id);
    expect(round2.id).toBe(item.id);
    const rejected = await li.post(`/api/approvals/${item.id}/decide`, { action: 'reject', comment: '会议取消' });
    expect(rejected.body.history.map((h: { round: number; action: string }) => `${h.round}:${h.action}`)).toEqual(['1:submit', '1:return', '2:submit', '2:reject']);
    expect((await wang.get(`/api/trips/${id}`)).body.status).toBe('rejected');
    expect((await wang.put(`/api/trips/${id}`, tripBody({}, { daysAhead: 3 }))).status).toBe(409);
    const messages = (await wang.get('/api/messages')).body.items.map((m: { body: string }) => m.body);
    expect(messages.some((b: string) => b.includes('会议取消'))).toBe(true);
  });

  it('when an approver of another unit or the applicant acts on it, then 404 or 403, and nothing changes', async () => {
    const wang = await as(t, '王建国');
    const li = await as(t, '李秀英');
    const id = (await li.post('/api/trips', tripBody({}, { daysAhead: 4 }))).body.id;
    const meng = await as(t, '孟德海');
    const item = await inboxItem(meng, id);
    expect(await inboxItem(li, id)).toBeUndefined(); // no self-approval
    expect((await li.post(`/api/approvals/${item.id}/decide`, { action: 'approve' })).status).toBe(403);
    const han = await as(t, '韩梅');
    expect((await han.get(`/api/approvals/${item.id}`)).status).toBe(404);
    expect((await han.post(`/api/approvals/${item.id}/decide`, { action: 'approve' })).status).toBe(404);
    expect((await wang.post(`/api/approvals/${item.id}/decide`, { action: 'approve' })).status).toBe(403);
    expect((await meng.get(`/api/approvals/${item.id}`)).body.status).toBe('pending');
  });

  it('when an admin sets a one-level chain for out-of-city trips of the unit, then new requests follow it', async () => {
    const admin = await as(t, '陈静');
    const wang = await as(t, '王建国');
    const unitId = (await t.deps.identity.userById(wang.userId))!.unitId;
    const meng = await as(t, '孟德海');
    const set = await admin.put('/api/approval-chains', { unitId, kind: 'trip', variant: 'out_of_city', levels: [{ approverRole: 'approver', approverUserId: meng.userId }] });
    expect(set.status).toBe(200);
    expect(set.body.items.find((c: { variant: string }) => c.variant === 'out_of_city')).toMatchObject({ unitId, levels: [{ level: 1, approverUserId: meng.userId }] });
    const id = (await wang.post('/api/trips', tripBody({ kind: 'out_of_city' }, { daysAhead: 5 }))).body.id;
    expect(await inboxItem(await as(t, '李秀英'), id)).toBeUndefined();
    expect(await inboxItem(meng, id)).toMatchObject({ levels: 1 });
  });
});
