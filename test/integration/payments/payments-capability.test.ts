import request from 'supertest';
import { systemClock } from '../../../server/src/platform/clock';
import { Scheduler } from '../../../server/src/platform/scheduler';
import { createRedis } from '../../../server/src/platform/redis';
import { LedgerService } from '../../../server/src/modules/ledger';
import {
  createPaymentsModule, loadPaymentsSettings, PaymentsModule, PaymentsSettings, WechatPayGateway, wechatPayConfigFromFake,
} from '../../../server/src/modules/payments';
import { RunningFakeWechatPay, startFakeWechatPay } from '../../../server/src/fakes/wechatpay';
import { openMoneyTestDb, MoneyTestDb } from './support/money-test-db';
import { memoryLogger } from './support/memory-logger';
import { actorHeader, buildTestApp, payer } from './support/payments-test-app';
import { listenFirst, type EarlyServer } from '../../helpers/http-server';

let t: MoneyTestDb;
let cap: PaymentsModule;
let settings: PaymentsSettings;
let fake: RunningFakeWechatPay;
let early: EarlyServer;

beforeAll(async () => {
  t = await openMoneyTestDb('capability');
  const { logger } = memoryLogger();
  // Our app listens first, so the fake can POST its notices to a real notify URL.
  early = await listenFirst();
  // What the composition root does with no WeChat Pay configured: the fake, started with fresh keys, behind the real gateway.
  settings = loadPaymentsSettings({ NODE_ENV: 'test', PORT: String(early.port), FAKE_WECHATPAY_PORT: '0' });
  if (settings.wechatpay.mode !== 'fake') throw new Error('expected the fake WeChat Pay');
  fake = await startFakeWechatPay({ port: settings.wechatpay.port });
  cap = createPaymentsModule({
    settings, gateway: new WechatPayGateway(wechatPayConfigFromFake(fake, settings.wechatpay), systemClock), fakeWechatPayBaseUrl: fake.baseUrl,
    db: t.db, clock: systemClock, logger, ledger: new LedgerService(t.db, systemClock), scheduler: new Scheduler(createRedis({ kind: 'emulated' }), logger, false),
    identity: { usersByIds: async () => [], unitById: async () => null, openidsOf: async () => new Map(), lockUser: async () => undefined },
  });
  early.serve(buildTestApp(logger, [cap.router]).callback());
});
afterAll(async () => {
  await fake.close();
  await early.close();
  await t.close();
});

describe('payments with no WeChat Pay configured (the embedded default)', () => {
  it('when a user pays in the browser through the fake, then the notice reaches our notify URL and the payment is paid', async () => {
    expect(settings.wechatpay.mode).toBe('fake');
    const { payment, payParams } = await cap.payments.startPayment({
      payerUserId: 51, payerOpenid: 'openid-51', amountFen: 8300, description: '分时租赁 24 小时', sourceKind: 'rental', sourceId: 'TS-1',
    });
    const paid = await request(fake.baseUrl).post('/__fake/request-payment').send(payParams);
    expect(paid.body).toMatchObject({ errMsg: 'requestPayment:ok', notice_status: 204 });
    const mine = await request(early.server).get(`/api/payments/${payment.outTradeNo}`).set(actorHeader(payer(51)));
    expect(mine.body).toMatchObject({ status: 'paid', amountFen: 8300 });
  });
});
