import request from 'supertest';
import { systemClock } from '../../../server/src/platform/clock';
import { Scheduler } from '../../../server/src/platform/scheduler';
import { createRedis } from '../../../server/src/platform/redis';
import { LedgerService } from '../../../server/src/modules/ledger';
import { createPaymentsCapability, PaymentsCapability } from '../../../server/src/modules/payments';
import { openMoneyTestDb, MoneyTestDb } from './support/money-test-db';
import { memoryLogger } from './support/memory-logger';
import { actorHeader, buildTestApp, payer } from './support/payments-test-app';
import { listenFirst, type EarlyServer } from '../../helpers/http-server';

let t: MoneyTestDb;
let cap: PaymentsCapability;
let early: EarlyServer;

beforeAll(async () => {
  t = await openMoneyTestDb('capability');
  const { logger } = memoryLogger();
  // Our app listens first, so the fake can POST its notices to a real notify URL.
  early = await listenFirst();
  cap = await createPaymentsCapability({
    rawEnv: { NODE_ENV: 'test', PORT: String(early.port), FAKE_WECHATPAY_PORT: '0' }, db: t.db, clock: systemClock, logger,
    ledger: new LedgerService(systemClock), scheduler: new Scheduler(createRedis({ kind: 'emulated' }), logger, false),
  });
  early.serve(buildTestApp(logger, [cap.router]).callback());
});
afterAll(async () => {
  await cap.close();
  await early.close();
  await t.close();
});

describe('payments with no WeChat Pay configured (the embedded default)', () => {
  it('when a user pays in the browser through the fake, then the notice reaches our notify URL and the payment is paid', async () => {
    expect(cap.settings.wechatpay.mode).toBe('fake');
    const { payment, payParams } = await cap.payments.startPayment({
      payerUserId: 51, payerOpenid: 'openid-51', amountFen: 8300, description: '分时租赁 24 小时', sourceKind: 'rental', sourceId: 'TS-1',
    });
    const paid = await request(cap.fakeWechatPay!.baseUrl).post('/__fake/request-payment').send(payParams);
    expect(paid.body).toMatchObject({ errMsg: 'requestPayment:ok', notice_status: 204 });
    const mine = await request(early.server).get(`/api/payments/${payment.outTradeNo}`).set(actorHeader(payer(51)));
    expect(mine.body).toMatchObject({ status: 'paid', amountFen: 8300 });
  });
});
