import type Koa from 'koa';
import { Clock, systemClock } from '../../../../server/src/platform/clock';
import { startFakeWechatPay, RunningFakeWechatPay } from '../../../../server/src/fakes/wechatpay';
import { LedgerService } from '../../../../server/src/modules/ledger';
import {
  PaymentsService, RefundsService, ReconciliationService, WechatPayGateway, paymentsRoutes, wechatPayConfigFromFake,
  WECHATPAY_NOTIFY_PATH,
} from '../../../../server/src/modules/payments';
import type { PaymentPeople, PaymentsDeps } from '../../../../server/src/modules/payments';
import { openMoneyTestDb, MoneyTestDb } from './money-test-db';
import { memoryLogger, LogLine } from './memory-logger';
import { buildTestApp, inProcessDeliverer } from './payments-test-app';

export interface PaymentsWorld {
  testDb: MoneyTestDb;
  fake: RunningFakeWechatPay;
  gateway: WechatPayGateway;
  ledger: LedgerService;
  payments: PaymentsService;
  refunds: RefundsService;
  reconciliation: ReconciliationService;
  deps: PaymentsDeps;
  app: Koa;
  logs: LogLine[];
  close(): Promise<void>;
}

/**
 * This world has no identity tables: every payer sits in unit 2 (石家庄, 130100), and unit 1 — the
 * `finance` actor's — is the province's 机关事务管理局, whose finance sees payers in all of 13.
 */
const worldPeople: PaymentPeople = {
  placeOf: async () => ({ unitId: 2, regionCode: '130100' }),
  unitOf: async (unitId) => ({ kind: unitId === 1 ? 'supervision_office' : 'party_government' }),
};

/** The fake WeChat Pay on a real socket, the real gateway talking to it, services on a real MariaDB. */
export async function openPaymentsWorld(label: string, opts: { clock?: Clock; fakeWindowSeconds?: number } = {}): Promise<PaymentsWorld> {
  const clock = opts.clock ?? systemClock;
  const testDb = await openMoneyTestDb(label);
  const { logger, lines } = memoryLogger();
  let app: Koa | null = null;
  const fake = await startFakeWechatPay({
    now: () => clock.now(), deliver: inProcessDeliverer(() => app!), requestWindowSeconds: opts.fakeWindowSeconds,
  });
  const gateway = new WechatPayGateway(wechatPayConfigFromFake(fake, { notifyUrl: `http://127.0.0.1${WECHATPAY_NOTIFY_PATH}` }), clock);
  const ledger = new LedgerService(testDb.db, clock);
  const deps: PaymentsDeps = { db: testDb.db, gateway, ledger, clock, logger, timeLimitMinutes: 15, people: worldPeople };
  const payments = new PaymentsService(deps);
  const refunds = new RefundsService(deps);
  const reconciliation = new ReconciliationService(deps);
  app = buildTestApp(logger, [paymentsRoutes(payments, refunds, reconciliation)]);
  return {
    testDb, fake, gateway, ledger, payments, refunds, reconciliation, deps, app, logs: lines,
    async close() {
      await fake.close();
      await testDb.close();
    },
  };
}
