import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Database } from '../../platform/db/database';
import type { Scheduler } from '../../platform/scheduler';
import type { EventBus } from '../../platform/events';
import type { ApiRouter } from '../../platform/http/api-router';
import type { IdentityService } from '../identity';
import type { LedgerService } from '../ledger';
import type { PaymentsSettings } from './payments.config';
import type { PaymentGateway } from './payment.gateway';
import { PaymentsService } from './payments.service';
import { RefundsService } from './refunds.service';
import { ReconciliationService } from './reconciliation.service';
import { paymentsRoutes } from './payments.routes';
import { registerPaymentJobs } from './payments.jobs';
import { DepositsService } from './deposits.service';
import { PayScoreService } from './payscore.service';
import { identityPayers } from './deposits.payers';
import { identityPeople } from './payments.people';

export interface PaymentsModule {
  payments: PaymentsService;
  refunds: RefundsService;
  reconciliation: ReconciliationService;
  deposits: DepositsService;
  /** 免押 through 微信支付分 service orders. */
  payscore: PayScoreService;
  router: ApiRouter;
}

/**
 * Payments for the composition root: services, routes and jobs over the WeChat Pay gateway it is
 * given. Which WeChat Pay that is (the real one, or the project's fake) is the root's business: it
 * starts the fake, as it does the WeChat one, and closes it.
 */
export function createPaymentsModule(deps: {
  settings: PaymentsSettings;
  gateway: PaymentGateway;
  /** The fake WeChat Pay's base URL when it stands in for the real one (the demo pays there); null otherwise. */
  fakeWechatPayBaseUrl: string | null;
  db: Database;
  clock: Clock;
  logger: Logger;
  ledger: LedgerService;
  scheduler: Scheduler;
  events?: Pick<EventBus, 'record'>;
  /** Payers' openids, units and regions, and the payer's lock, asked of identity. */
  identity: Pick<IdentityService, 'usersByIds' | 'unitById' | 'openidsOf' | 'lockUser'>;
}): PaymentsModule {
  const { settings } = deps;
  const serviceDeps = {
    db: deps.db, gateway: deps.gateway, ledger: deps.ledger, clock: deps.clock, logger: deps.logger, timeLimitMinutes: settings.timeLimitMinutes,
    people: identityPeople(deps.identity), events: deps.events,
  };
  const payscore = new PayScoreService({ db: deps.db, gateway: deps.gateway, ledger: deps.ledger, clock: deps.clock, logger: deps.logger, events: deps.events });
  const payments = new PaymentsService({ ...serviceDeps, payscore });
  const refunds = new RefundsService(serviceDeps);
  const reconciliation = new ReconciliationService(serviceDeps);
  const deposits = new DepositsService({
    db: deps.db, payments, refunds, clock: deps.clock, payers: identityPayers(deps.identity), amountFen: settings.depositAmountFen,
    fakeWechatPayBaseUrl: deps.fakeWechatPayBaseUrl,
  });
  registerPaymentJobs(deps.scheduler, { payments, payscore, reconciliation, clock: deps.clock, closeCron: settings.closeCron, reconcileCron: settings.reconcileCron });
  return { payments, refunds, reconciliation, deposits, payscore, router: paymentsRoutes(payments, refunds, reconciliation, deposits) };
}
