import ExcelJS from 'exceljs';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, tripOutAndBack } from '../../helpers/trips';
import { ManualClock } from '../../../server/src/platform/clock';
import { VehicleEntity } from '../../../server/src/modules/fleet/fleet.entity';
import { addShanghaiDays, shanghaiDate, shanghaiInstant, shanghaiTime } from '@shared/common/time';

/**
 * The fleet admin assigns an unmatched violation (违章) to a trip of that car (#21 item 3): an official
 * trip departed at 09:00 and its driver recorded the return at 11:00; a violation of the car at 11:30
 * matches nothing by time and goes to the car's unit's fleet admin, who is offered that day's trips of
 * the car and assigns it to this one — its driver and unit then answer for it. A violation matched by
 * time (10:00, during the trip) cannot be assigned again.
 */
describe(`assigning an unmatched violation to a trip (${backend})`, () => {
  let t: TestApp;
  const day = addShanghaiDays(new Date(), 1);
  const clock = new ManualClock(shanghaiInstant(day, '08:30'));
  beforeAll(async () => { t = await startTestApp({}, { clock }); }, 60_000);
  afterAll(async () => { await t?.close(); });

  const sheet = async (rows: Array<[string, string, Date, string]>) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('违章明细');
    ws.addRow(['决定书编号', '号牌号码', '违法时间', '违法地点', '违法行为', '违法代码', '罚款金额(元)', '记分', '经度', '纬度']);
    for (const [no, plate, when, act] of rows) ws.addRow([no, plate, `${shanghaiDate(when)} ${shanghaiTime(when)}`, '石家庄市长安区建设北大街', act, '1039', '200', '3', '', '']);
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  };

  it('when the fleet admin assigns an unmatched violation to the trip that had the car, then its driver and unit answer for it; a matched one or a foreign trip is refused', async () => {
    const { tripId, assignment: a, driver } = await tripOutAndBack(t, clock, day, '09:00', '11:00');
    const wang = await as(t, '王建国');
    clock.set(shanghaiInstant(day, '13:00'));

    const v = await t.deps.db.manager.findOneByOrFail(VehicleEntity, { id: a.vehicleId });
    const imported = await (await as(t, '陈静')).post('/api/violations/import', { fileBase64: await sheet([
      ['130102202612090001', v.plate, shanghaiInstant(day, '10:00'), '机动车违反禁止标线指示的'],
      ['130102202612090002', v.plate, shanghaiInstant(day, '11:30'), '机动车违反规定停放、临时停车'],
    ]) });
    expect(imported.body).toMatchObject({ written: 2, matched: 1, unmatched: 1, errors: [] });

    const [adminId] = await t.deps.identity.usersWithRole(v.ownerUnitId, 'fleet_admin');
    const [adminUser] = await t.deps.identity.usersByIds([adminId!]);
    const admin = await as(t, adminUser!.name);
    const all = (await admin.get('/api/violations')).body.items as Array<{ id: number; archiveNo: string; status: string }>;
    const matched = all.find((x) => x.archiveNo === '130102202612090001')!;
    const loose = all.find((x) => x.archiveNo === '130102202612090002')!;
    expect([matched.status, loose.status]).toEqual(['matched', 'unmatched']);

    const offered = await admin.get(`/api/violations/${loose.id}/candidates`);
    expect(offered.status).toBe(200);
    expect(offered.body.items).toEqual([expect.objectContaining({
      tripId, assignmentId: a.id, driverName: a.driverName, userId: driver.userId,
      departedAt: shanghaiInstant(day, '09:00').toISOString(), returnedAt: shanghaiInstant(day, '11:00').toISOString(),
    })]);

    const foreign = await admin.post(`/api/violations/${loose.id}/assign-trip`, { assignmentId: a.id + 100_000, note: '错选的行程' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('VIOLATION_TRIP_INVALID');
    const already = await admin.post(`/api/violations/${matched.id}/assign-trip`, { assignmentId: a.id, note: '重复指派' });
    expect(already.status).toBe(409);
    expect(already.body.error.code).toBe('VIOLATION_STATE_CONFLICT');

    const done = await admin.post(`/api/violations/${loose.id}/assign-trip`, { assignmentId: a.id, note: '回场登记早于实际还车' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'assigned', matchKind: 'manual', tripId, userId: driver.userId, userName: a.driverName });
    expect(done.body.reason).toContain(`行程 ${tripId}`);
    expect((await admin.post(`/api/violations/${loose.id}/assign-trip`, { assignmentId: a.id, note: '再次指派' })).status).toBe(409);
    const his = (await driver.get('/api/violations?mine=true')).body.items as Array<{ archiveNo: string }>;
    expect(his.map((x) => x.archiveNo).sort()).toEqual(['130102202612090001', '130102202612090002']);
    // Who is not the car's fleet admin may not assign.
    expect((await wang.post(`/api/violations/${matched.id}/assign-trip`, { assignmentId: a.id, note: '越权' })).status).toBe(403);
  });

  it('when a fleet admin downloads the import template, then its first row names the columns the import reads; an applicant may not', async () => {
    const res = await (await as(t, '赵磊')).get('/api/violations/import-template.xlsx').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(['决定书编号', '号牌号码', '违法时间', '违法地点', '违法行为', '违法代码', '罚款金额(元)', '记分', '经度', '纬度']);
    expect((await (await as(t, '王建国')).get('/api/violations/import-template.xlsx')).status).toBe(403);
  });
});
