import request from 'supertest';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { signInAs } from '../../helpers/auth';
import { seedUnitId } from '../../helpers/seed-lookup';
import { recordBillableOrder } from '../../../server/src/modules/settlement';
import { PaymentRefundEntity } from '../../../server/src/modules/payments/payments.entity';

/**
 * Who sees and acts on which statement, on the seeded slice (README: Money). Expected answers are
 * written out by hand: 孙丽 is finance at the province's 机关事务管理局 (130000) and settles every
 * unit in 13; 郭敏 at 石家庄市机关事务管理局 (130100) settles 石家庄's units, 长安区 (130102) included;
 * 周婷 is finance at 长安区人民政府办公室, an ordinary unit, and settles that unit only; 高峰 operates
 * the rental company and sees every statement addressed to it. Out of scope answers 404.
 */
describe(`statement scope by billed unit (${backend})`, () => {
  let t: TestApp;
  const PERIOD = '2025-12';
  const unit: Record<string, number> = {};
  const auth: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    for (const [key, name] of [
      ['ndrc', '河北省发展和改革委员会'], ['caGov', '长安区人民政府办公室'], ['samr', '石家庄市市场监督管理局'], ['jingxiu', '竞秀区人民政府办公室'],
      ['jianbei', '建北街道办事处'], ['rental', '河北公务出行汽车租赁有限公司'], ['hotel', '河北会议中心宾馆'],
    ]) unit[key] = await seedUnitId(t, name!);
    for (const name of ['孙丽', '郭敏', '周婷', '高峰', '陈静']) auth[name] = (await signInAs(t, name)).Authorization;
    // December orders of five units in 13, 130100, 130102, 130102001 (建北街道, in 长安区 but not 长安区政府办) and 130602 (保定).
    const orders: Array<[string, string, string, number]> = [
      ['rental', 'ndrc', 'RO-S-1', 36800], ['rental', 'caGov', 'RO-S-2', 12350], ['rental', 'samr', 'RO-S-3', 45000],
      ['rental', 'jingxiu', 'RO-S-4', 20000], ['hotel', 'caGov', 'HR-S-1', 50000], ['hotel', 'ndrc', 'HR-S-2', 42000],
      ['rental', 'jianbei', 'RO-S-5', 8800],
    ];
    for (const [i, [company, billed, sourceId, amountFen]] of orders.entries()) {
      await recordBillableOrder({
        sourceKind: company === 'hotel' ? 'hotel' : 'rental', sourceId, companyId: unit[company]!, unitId: unit[billed]!, amountFen,
        description: sourceId, completedAt: new Date(Date.UTC(2025, 11, 5 + i, 2)),
      }, { db: t.deps.db, ledger: t.deps.ledger, clock: t.deps.clock });
    }
  }, 120_000);
  afterAll(() => t.close());

  const api = () => request(t.callback);
  type Summary = { id: number; companyId: number; unitId: number; unitName: string; status: string };
  const made = (body: Summary[]) => body.map((s) => `${s.companyId}/${s.unitId}`).sort();
  const key = (company: string, billed: string) => `${unit[company]}/${unit[billed]}`;
  async function listAs(name: string, query = ''): Promise<Summary[]> {
    const res = await api().get(`/api/settlement/statements?period=${PERIOD}&pageSize=100${query}`).set('Authorization', auth[name]!);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items as Summary[];
  }
  async function idOf(company: string, billed: string): Promise<number> {
    const all = await listAs('陈静');
    return all.find((s) => s.companyId === unit[company] && s.unitId === unit[billed])!.id;
  }
  const generate = (name: string) => api().post('/api/settlement/statements/generate').set('Authorization', auth[name]!).send({ period: PERIOD });

  it('when an ordinary unit\'s finance generates the month, then only that unit\'s statements are made', async () => {
    const res = await generate('周婷');
    expect(res.status).toBe(201);
    expect(made(res.body)).toEqual([key('rental', 'caGov'), key('hotel', 'caGov')].sort()); // not 建北街道's, below it in 长安区
  });

  it('when the city bureau\'s finance generates the month, then only statements of units in 石家庄 are made; the province and 保定 stay unlisted', async () => {
    const res = await generate('郭敏');
    expect(res.status).toBe(201);
    expect(made(res.body)).toEqual([key('rental', 'samr'), key('rental', 'jianbei')].sort()); // 长安区政府办's were already made
  });

  it('when the province bureau\'s finance generates the month, then the rest of the province is made', async () => {
    const res = await generate('孙丽');
    expect(res.status).toBe(201);
    expect(made(res.body)).toEqual([key('rental', 'ndrc'), key('rental', 'jingxiu'), key('hotel', 'ndrc')].sort());
    expect((await generate('陈静')).body).toEqual([]);
  });

  it('when each finance user lists the month, then the list holds exactly the statements of their scope', async () => {
    expect(made(await listAs('孙丽'))).toEqual([
      key('rental', 'ndrc'), key('rental', 'caGov'), key('rental', 'samr'), key('rental', 'jingxiu'), key('rental', 'jianbei'), key('hotel', 'caGov'),
      key('hotel', 'ndrc'),
    ].sort());
    expect(made(await listAs('郭敏'))).toEqual([key('rental', 'caGov'), key('rental', 'samr'), key('rental', 'jianbei'), key('hotel', 'caGov')].sort());
    expect(made(await listAs('周婷'))).toEqual([key('rental', 'caGov'), key('hotel', 'caGov')].sort());
    expect(made(await listAs('郭敏', `&unitId=${unit.caGov}`))).toEqual([key('rental', 'caGov'), key('hotel', 'caGov')].sort());
    expect(await listAs('郭敏', `&unitId=${unit.ndrc}`)).toEqual([]);
    const names = (await listAs('周婷')).map((s) => s.unitName);
    expect(names).toEqual(['长安区人民政府办公室', '长安区人民政府办公室']);
  });

  it('when the company operator lists the month, then it still sees every statement addressed to it, one per unit, and none of the hotel\'s', async () => {
    expect(made(await listAs('高峰'))).toEqual([
      key('rental', 'ndrc'), key('rental', 'caGov'), key('rental', 'samr'), key('rental', 'jingxiu'), key('rental', 'jianbei'),
    ].sort());
  });

  it('when the city bureau\'s finance opens a province unit\'s statement, then it answers 404 as if missing, for reading, export and every action', async () => {
    const id = await idOf('rental', 'ndrc');
    const as = (r: request.Test) => r.set('Authorization', auth['郭敏']!);
    for (const res of [
      await as(api().get(`/api/settlement/statements/${id}`)),
      await as(api().get(`/api/settlement/statements/${id}/export.xlsx`)),
      await as(api().post(`/api/settlement/statements/${id}/approve`)),
      await as(api().post(`/api/settlement/statements/${id}/pay`).send({ paymentReference: 'X-1' })),
      await as(api().post(`/api/settlement/statements/${id}/resubmit`)),
      await as(api().post(`/api/settlement/statements/${id}/corrections`).send({ amountFen: -100, reason: '试' })),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'STATEMENT_NOT_FOUND', message: `结算单 ${id} 不存在` });
    }
    expect((await api().get(`/api/settlement/statements/${id}`).set('Authorization', auth['孙丽']!)).status).toBe(200);
  });

  it('when the company confirms a 长安区 statement, then the city bureau\'s finance approves and pays it, and 长安区\'s own finance cannot touch 石家庄\'s', async () => {
    const id = await idOf('rental', 'caGov');
    const st = (await api().get(`/api/settlement/statements/${id}`).set('Authorization', auth['高峰']!)).body;
    expect(st).toMatchObject({ unitName: '长安区人民政府办公室', companyName: '河北公务出行汽车租赁有限公司', totalFen: 12350 });
    const confirmed = await api().post(`/api/settlement/statements/${id}/review`).set('Authorization', auth['高峰']!)
      .send({ lines: st.lines.map((l: { id: number }) => ({ lineId: l.id, decision: 'confirm' })) });
    expect(confirmed.body.status).toBe('confirmed');
    const approved = await api().post(`/api/settlement/statements/${id}/approve`).set('Authorization', auth['郭敏']!);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const paid = await api().post(`/api/settlement/statements/${id}/pay`).set('Authorization', auth['郭敏']!).send({ paymentReference: 'SJZ-2026-01-0007' });
    expect(paid.body).toMatchObject({ status: 'paid', paymentReference: 'SJZ-2026-01-0007' });
    expect((await api().get(`/api/settlement/statements/${id}`).set('Authorization', auth['周婷']!)).body.status).toBe('paid');
    expect(await t.deps.ledger.balance(`unit:${unit.caGov}:payable`)).toBe(50000); // the hotel's statement is unpaid

    for (const other of [await idOf('rental', 'samr'), await idOf('rental', 'jianbei')]) {
      expect((await api().get(`/api/settlement/statements/${other}`).set('Authorization', auth['周婷']!)).status).toBe(404);
      expect((await api().get(`/api/settlement/statements/${other}`).set('Authorization', auth['郭敏']!)).status).toBe(200);
    }
  });

  it('when five finance users generate the same month at the same moment, then every call succeeds and each statement exists once', async () => {
    const period = '2026-01';
    const billed = ['ndrc', 'caGov', 'samr', 'jingxiu', 'jianbei'];
    for (const [i, who] of billed.entries()) {
      await recordBillableOrder({
        sourceKind: 'rental', sourceId: `RO-C-${i}`, companyId: unit.rental!, unitId: unit[who]!, amountFen: 10000 + i,
        description: `RO-C-${i}`, completedAt: new Date(Date.UTC(2026, 0, 10 + i, 2)),
      }, { db: t.deps.db, ledger: t.deps.ledger, clock: t.deps.clock });
    }
    const calls = await Promise.all(['孙丽', '陈静', '孙丽', '陈静', '孙丽'].map((name) =>
      api().post('/api/settlement/statements/generate').set('Authorization', auth[name]!).send({ period })));
    expect(calls.map((c) => c.status)).toEqual([201, 201, 201, 201, 201]);
    const createdByCalls = calls.flatMap((c) => made(c.body as Summary[]));
    expect(createdByCalls.sort()).toEqual(billed.map((b) => key('rental', b)).sort());
    const listed = await api().get(`/api/settlement/statements?period=${period}&pageSize=100`).set('Authorization', auth['陈静']!);
    expect(made(listed.body.items as Summary[])).toEqual(billed.map((b) => key('rental', b)).sort());
  });

  it('when finance users open payments, then they follow the same scope: the payer and finance over the payer\'s unit read it and finance refunds it; anyone else gets 404 and no refund is written', async () => {
    const payer = { 杨帆: await signInAs(t, '杨帆'), 王建国: await signInAs(t, '王建国') }; // 长安区政府办 (130102), 省发改委 (130000)
    const paid: Record<string, string> = {};
    for (const [name, who] of Object.entries(payer)) {
      const { payment } = await t.deps.payments.payments.startPayment({
        payerUserId: who.userId, payerOpenid: `openid-${who.userId}`, amountFen: 5000, description: '分时租赁押金', sourceKind: 'deposit', sourceId: `user-${who.userId}`,
      });
      t.deps.fakeWechatPay!.settle(payment.outTradeNo);
      expect((await api().post(`/api/payments/${payment.outTradeNo}/sync`).set('Authorization', who.Authorization)).body.status).toBe('paid');
      paid[name] = payment.outTradeNo;
    }
    const read = async (as: string, no: string) => (await api().get(`/api/payments/${no}`).set('Authorization', as)).status;
    const refund = async (as: string, no: string) => (await api().post(`/api/payments/${no}/refunds`).set('Authorization', as).send({ amountFen: 100, reason: '退款' })).status;
    expect([await read(payer.杨帆.Authorization, paid.杨帆!), await read(payer.王建国.Authorization, paid.杨帆!)]).toEqual([200, 404]);
    // 孙丽 settles all of 13, 郭敏 石家庄 and below, 周婷 长安区政府办 only.
    expect([await read(auth['孙丽']!, paid.杨帆!), await read(auth['孙丽']!, paid.王建国!)]).toEqual([200, 200]);
    expect([await read(auth['郭敏']!, paid.杨帆!), await read(auth['郭敏']!, paid.王建国!)]).toEqual([200, 404]);
    expect([await read(auth['周婷']!, paid.杨帆!), await read(auth['周婷']!, paid.王建国!)]).toEqual([200, 404]);
    const before = await t.deps.db.manager.count(PaymentRefundEntity);
    expect([await refund(auth['郭敏']!, paid.王建国!), await refund(auth['周婷']!, paid.王建国!), await refund(payer.王建国.Authorization, paid.王建国!)]).toEqual([404, 404, 403]);
    expect((await api().get(`/api/payments/${paid.王建国}/refunds`).set('Authorization', auth['郭敏']!)).status).toBe(404);
    expect(await t.deps.db.manager.count(PaymentRefundEntity)).toBe(before);
    expect([await refund(auth['周婷']!, paid.杨帆!), await refund(auth['孙丽']!, paid.王建国!)]).toEqual([201, 201]);
    expect(await t.deps.db.manager.count(PaymentRefundEntity)).toBe(before + 2);
  });
});
