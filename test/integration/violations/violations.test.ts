import ExcelJS from 'exceljs';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as } from '../../helpers/trips';
import { seedUnitId, seedUserId, seedVehicleId } from '../../helpers/seed-lookup';
import { RENTAL_COMPANY } from '../../helpers/rental-trips';
import { CarEntity, RentalEntity } from '../../../server/src/modules/rental/rental.entity';
import { addShanghaiDays, shanghaiInstant } from '@shared/common/time';

/**
 * 违章 matched to the trip or rental (#21 item 3), on the real app: the time-share car 冀AD20001 had
 * three rentals one day; the fake violation supplier (signed JSON, modelled on the 全国违章查询 APIs)
 * reports a violation during the second, which is matched to that renter and told to them; an Excel
 * sheet brings one of 发改委's 冀A00101 at an hour it was on no trip, which goes to 发改委's fleet admin,
 * who assigns it to the driver. Importing twice writes nothing twice.
 */
describe(`violations matched to the trip or rental (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });

  const day = addShanghaiDays(new Date(), -2);
  const at = (hhmm: string) => shanghaiInstant(day, hhmm);
  let rentals: number[] = [];
  let renters: number[] = [];

  beforeAll(async () => {
    // Three finished rentals of 冀AD20001 that day, by three civil servants (written as the rental flow leaves them).
    const m = t.deps.db.manager;
    const vehicleId = await seedVehicleId(t, '冀AD20001');
    const car = await m.findOneByOrFail(CarEntity, { vehicleId });
    const companyId = await seedUnitId(t, RENTAL_COMPANY);
    const people: Array<[string, string, string]> = [['王建国', '08:00', '09:10'], ['杨帆', '10:05', '11:30'], ['韩梅', '14:00', '15:20']];
    for (const [name, from, to] of people) {
      const userId = await seedUserId(t, name);
      const user = await t.deps.identity.usersByIds([userId]);
      const r = await m.getRepository(RentalEntity).save({
        userId, userName: name, unitId: user[0]!.unitId, companyId, carId: car.id, vehicleId, purpose: 'personal' as const, tripId: null,
        status: 'returned' as const, openUserKey: null, openCarKey: null, reservedAt: at(from), holdUntil: at(from), startedAt: at(from), endedAt: at(to),
        startOdometerHm: 100, endOdometerHm: 200, amountFen: 3000, price: null, payment: 'none' as const, outTradeNo: null, returnStationId: null, note: null,
      });
      rentals.push(r.id);
      renters.push(userId);
    }
  });

  it('when the supplier reports a violation of the car at 10:40, then it is matched to the second of its three rentals that day and told to that renter and her unit', async () => {
    const supplier = t.deps.fakeViolationSupplier!;
    supplier.add({
      archiveno: '130102202612050001', hphm: '冀AD20001', date: `${day} 10:40:00`, area: '石家庄市长安区中山东路与建设大街交叉口', act: '机动车违反禁止标线指示的',
      code: '1345', fen: '3', money: '200', handled: '0',
    });
    const chen = await as(t, '陈静'); // platform admin pulls the period
    const body = { since: at('00:00').toISOString(), until: at('23:59').toISOString() };
    const pulled = await chen.post('/api/violations/pull', body);
    expect(pulled.status).toBe(200);
    expect(pulled.body).toMatchObject({ written: 1, matched: 1, unmatched: 0, duplicates: 0 });
    expect(supplier.refused()).toBe(0);

    const yang = await as(t, '杨帆');
    const mine = (await yang.get('/api/violations?mine=true')).body.items as Array<Record<string, any>>;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ plate: '冀A·D20001', status: 'matched', statusLabel: '已匹配', matchKind: 'rental', rentalId: rentals[1], userId: renters[1], fineFen: 20000, points: 3, sourceLabel: '违章数据接口' });
    expect(mine[0].reason).toContain(`分时租赁订单 ${rentals[1]}`);
    // The other two renters have none; the renter is told (in-app, and a WeChat subscribe message through notifications' event).
    expect((await (await as(t, '王建国')).get('/api/violations?mine=true')).body.items).toEqual([]);
    expect((await (await as(t, '韩梅')).get('/api/violations?mine=true')).body.items).toEqual([]);
    let told: Array<{ title: string }> = [];
    for (let i = 0; i < 50 && !told.length; i++) {
      told = ((await yang.get('/api/messages')).body.items as Array<{ title: string }>).filter((x) => x.title === '您有一条交通违法记录');
      if (!told.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(told).toHaveLength(1);

    // Pulled again: the same decision number is not written twice.
    const again = await chen.post('/api/violations/pull', body);
    expect(again.body).toMatchObject({ written: 0, duplicates: 1 });
  });

  it('when an Excel sheet brings a violation of a unit car at an hour it was on no trip, then the unit\'s fleet admin sees it unmatched and assigns it to the driver, who then sees it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('违章明细');
    ws.addRow(['决定书编号', '号牌号码', '违法时间', '违法地点', '违法行为', '违法代码', '罚款金额(元)', '记分', '经度', '纬度']);
    ws.addRow(['130104202612050002', '冀A00101', `${day} 19:20`, '石家庄市桥西区中华南大街', '机动车违反规定停放、临时停车', '1039', '150', '0', '', '']);
    ws.addRow(['130104202612050003', '冀A9999X', `${day} 19:30`, '石家庄市桥西区', '超速', '1352', '200', '3', '', '']);
    ws.addRow(['', '冀A00101', 'not-a-time', '', '', '', '', '', '', '']);
    const fileBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const zhao = await as(t, '赵磊'); // 发改委's fleet admin imports his unit's violations
    const res = await zhao.post('/api/violations/import', { fileBase64 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ written: 1, matched: 0, unmatched: 1 });
    expect(res.body.errors.map((e: { row: number }) => e.row).sort()).toEqual([3, 4]);

    const unmatched = (await zhao.get('/api/violations?status=unmatched')).body.items as Array<Record<string, any>>;
    const v = unmatched.find((x) => x.archiveNo === '130104202612050002')!;
    expect(v).toMatchObject({ status: 'unmatched', statusLabel: '待指派', unitName: '河北省发展和改革委员会', userId: null, sourceLabel: 'Excel 导入' });
    expect(v.reason).toContain('没有出车中的派车任务');
    // Another unit's user cannot see it; a bad assignment is refused naming the field.
    expect((await (await as(t, '何勇')).get(`/api/violations/${v.id}`)).status).toBe(404);
    const bad = await zhao.post(`/api/violations/${v.id}/assign`, { userId: 0, note: '' });
    expect(bad.status).toBe(400);
    const liu = await seedUserId(t, '刘强');
    const assigned = await zhao.post(`/api/violations/${v.id}/assign`, { userId: liu, note: '当晚刘强私自用车，已谈话' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', statusLabel: '已指派', matchKind: 'manual', userId: liu, userName: '刘强' });
    expect((await zhao.post(`/api/violations/${v.id}/assign`, { userId: liu, note: '再次指派' })).status).toBe(409);
    const his = (await (await as(t, '刘强')).get('/api/violations?mine=true')).body.items as Array<Record<string, any>>;
    expect(his.map((x) => x.archiveNo)).toEqual(['130104202612050002']);
  });
});
