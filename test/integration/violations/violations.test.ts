import ExcelJS from 'exceljs';
import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { listenFirst, type EarlyServer } from '../../helpers/http-server';
import { as } from '../../helpers/trips';
import { seedUserId } from '../../helpers/seed-lookup';
import { MUSEUM, RentalCarSim, carIdOf, rentalCar, rentalUsers, STATION_NORTH_SQUARE } from '../../helpers/rental-cars';
import { ManualClock } from '../../../server/src/platform/clock';
import { addShanghaiDays, shanghaiDate, shanghaiInstant, shanghaiTime } from '@shared/common/time';

/**
 * 违章 matched to the trip or rental (#21 item 3), on the real app: the time-share car 冀AD20001 had
 * three rentals one morning (reserved, unlocked, driven, locked and returned through the rental API,
 * its terminal simulated); the fake violation supplier (signed JSON, modelled on the 全国违章查询 APIs)
 * reports a violation during the second, which is matched to that renter and told to them; an Excel
 * sheet brings one of 发改委's 冀A00101 at an hour it was on no trip, which goes to 发改委's fleet admin,
 * who assigns it to the driver. Importing twice writes nothing twice.
 */
describe(`violations matched to the trip or rental (${backend})`, () => {
  let t: TestApp;
  let server: EarlyServer;
  let car: RentalCarSim;
  /** Tomorrow 09:00 Shanghai on the app's clock: a day rate, whatever the hour the test runs. */
  const clock = new ManualClock(new Date(shanghaiInstant(addShanghaiDays(new Date(), 1), '09:00').getTime()));
  const day = addShanghaiDays(new Date(), -2);
  const at = (hhmm: string) => shanghaiInstant(day, hhmm);
  const rentals: Array<{ id: number; userId: number; auth: string; startedAt: string; endedAt: string }> = [];

  beforeAll(async () => {
    server = await listenFirst();
    t = await startTestApp({ PORT: String(server.port), JT808_COMMAND_TIMEOUT_MS: '1000', JT808_COMMAND_FIRST_TIMEOUT_MS: '400', JT808_COMMAND_RETRIES: '1', JT808_COMMANDS_PER_MINUTE: '60' }, { clock });
    server.serve(t.callback);
    car = await rentalCar(t, '冀AD20001', STATION_NORTH_SQUARE, 1);
    // Three rentals of 冀AD20001 one after another, by three civil servants, each 20 minutes with 10 between.
    const renters = await rentalUsers(t, 3, '违章租车人');
    for (const r of renters) {
      const call = (path: string, body: object = {}) => request(server.baseUrl).post(path).set('Authorization', r.Authorization).send(body);
      const carId = await carIdOf(t, r.Authorization, '冀AD20001');
      const held = await call('/api/rental/rentals', { carId, purpose: 'personal' });
      expect(held.status).toBe(201);
      expect((await call(`/api/rental/rentals/${held.body.id}/unlock`)).status).toBe(200);
      await car.driveTo(MUSEUM, 6.4);
      clock.advance(20 * 60_000);
      await car.driveTo(STATION_NORTH_SQUARE, 6.4);
      await car.park();
      await call(`/api/rental/rentals/${held.body.id}/lock`);
      await car.report();
      const back = await call(`/api/rental/rentals/${held.body.id}/return`);
      expect(back.status).toBe(200);
      rentals.push({ id: held.body.id, userId: r.userId, auth: r.Authorization, startedAt: back.body.startedAt, endedAt: back.body.endedAt });
      clock.advance(10 * 60_000);
    }
  }, 60_000);
  afterAll(async () => {
    car?.close();
    await server?.close();
    await t?.close();
  });

  it('when the supplier reports a violation of the car ten minutes into its second rental, then it is matched to that one of its three and told to that renter and her unit', async () => {
    const second = rentals[1]!;
    const when = new Date(Date.parse(second.startedAt) + 10 * 60_000);
    const supplier = t.deps.fakeViolationSupplier!;
    supplier.add({
      archiveno: '130102202612050001', hphm: '冀AD20001', date: `${shanghaiDate(when)} ${shanghaiTime(when)}:00`, area: '石家庄市长安区中山东路与建设大街交叉口', act: '机动车违反禁止标线指示的',
      code: '1345', fen: '3', money: '200', handled: '0',
    });
    const chen = await as(t, '陈静'); // platform admin pulls the period
    const body = { since: rentals[0]!.startedAt, until: rentals[2]!.endedAt };
    const pulled = await chen.post('/api/violations/pull', body);
    expect(pulled.status).toBe(200);
    expect(pulled.body).toMatchObject({ written: 1, matched: 1, unmatched: 0, duplicates: 0 });
    expect(supplier.refused()).toBe(0);

    const renter = (auth: string) => ({ get: (path: string) => request(t.callback).get(path).set('Authorization', auth) });
    const yang = renter(second.auth);
    const mine = (await yang.get('/api/violations?mine=true')).body.items as Array<Record<string, any>>;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ plate: '冀A·D20001', status: 'matched', statusLabel: '已匹配', matchKind: 'rental', rentalId: second.id, userId: second.userId, fineFen: 20000, points: 3, sourceLabel: '违章数据接口' });
    expect(mine[0].reason).toContain(`分时租赁订单 ${second.id}`);
    // The other two renters have none; the renter is told (in-app, and a WeChat subscribe message through notifications' event).
    expect((await renter(rentals[0]!.auth).get('/api/violations?mine=true')).body.items).toEqual([]);
    expect((await renter(rentals[2]!.auth).get('/api/violations?mine=true')).body.items).toEqual([]);
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
