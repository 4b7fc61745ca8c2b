import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Database } from '../../platform/db/database';
import type { Scheduler } from '../../platform/scheduler';
import type { EventBus } from '../../platform/events';
import type { ApiRouter } from '../../platform/http/api-router';
import { startFakeWechatPay, RunningFakeWechatPay } from '../../fakes/wechatpay';
import type { LedgerService } from '../ledger';
import { loadPaymentsSettings, PaymentsSettings, wechatPayConfigFromFake } from './payments.config';
import { WechatPayGateway } from './wechatpay.gateway';
import { PaymentsService } from './payments.service';
import { RefundsService } from './refunds.service';
import { ReconciliationService } from './reconciliation.service';
import { paymentsRoutes } from './payments.routes';
import { registerPaymentJobs } from './payments.jobs';
import { DepositsService } from './deposits.service';
import { userTablePayers } from './deposits.payers';
import { userTablePeople } from './payments.people';

export interface PaymentsCapability {
  settings: PaymentsSettings;
  payments: PaymentsService;
  refunds: RefundsService;
  reconciliation: ReconciliationService;
  deposits: DepositsService;
  router: ApiRouter;
  /** The fake WeChat Pay when no real one is configured (demo: pay at POST {baseUrl}/__fake/request-payment). */
  fakeWechatPay: RunningFakeWechatPay | null;
  close(): Promise<void>;
}

/**
 * Wires payments for the composition root: settings from the raw environment, the real gateway
 * (to WeChat Pay, or to the project's fake started here with fresh keys), services, routes, jobs.
 */
export async function createPaymentsCapability(deps: {
  rawEnv: Readonly<Record<string, string | undefined>>;
  db: Database;
  clock: Clock;
  logger: Logger;
  ledger: LedgerService;
  scheduler: Scheduler;
  events?: Pick<EventBus, 'record'>;
}): Promise<PaymentsCapability> {
  const settings = loadPaymentsSettings(deps.rawEnv);
  let fake: RunningFakeWechatPay | null = null;
  let gateway: WechatPayGateway;
  if (settings.wechatpay.mode === 'fake') {
    fake = await startFakeWechatPay({ port: settings.wechatpay.port });
    gateway = new WechatPayGateway(wechatPayConfigFromFake(fake, settings.wechatpay), deps.clock);
    deps.logger.info({ baseUrl: fake.baseUrl, notifyUrl: settings.wechatpay.notifyUrl }, 'WeChat Pay: the project fake (no real WeChat Pay configured)');
  } else {
    gateway = new WechatPayGateway(settings.wechatpay.config, deps.clock);
  }
  const serviceDeps = {
    db: deps.db, gateway, ledger: deps.ledger, clock: deps.clock, logger: deps.logger, timeLimitMinutes: settings.timeLimitMinutes, people: userTablePeople(deps.db), events: deps.events,
  };
  const payments = new PaymentsService(serviceDeps);
  const refunds = new RefundsService(serviceDeps);
  const reconciliation = new ReconciliationService(serviceDeps);
  const deposits = new DepositsService({
    db: deps.db, payments, refunds, clock: deps.clock, payers: userTablePayers(deps.db), amountFen: settings.depositAmountFen,
    fakeWechatPayBaseUrl: fake?.baseUrl ?? null,
  });
  registerPaymentJobs(deps.scheduler, { payments, reconciliation, clock: deps.clock, closeCron: settings.closeCron, reconcileCron: settings.reconcileCron });
  return {
    settings, payments, refunds, reconciliation, deposits, router: paymentsRoutes(payments, refunds, reconciliation, deposits), fakeWechatPay: fake,
    close: async () => { if (fake) await fake.close(); },
  };
}
