import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { Logger } from '../../platform/logger';
import type { ApiRouter } from '../../platform/http/api-router';
import type { IdentityService } from '../identity';
import type { LedgerService } from '../ledger';
import { SettlementService } from './settlement.service';
import { settlementRoutes } from './settlement.routes';
import { identityDirectory } from './settlement.directory';
import { loadTripBillingSettings, subscribeTripBilling } from './trip-billing';
import { subscribeRentalBilling } from './rental-billing';
import { subscribeReservationBilling } from './reservation-billing';
import { subscribeServiceRecordBilling } from './service-record-billing';

export interface SettlementModule {
  settlement: SettlementService;
  router: ApiRouter;
}

/**
 * Settlement for the composition root: monthly statements over billable orders, units' names and
 * places asked of identity's service, and the subscriber that bills fulfilled trips.
 */
export function createSettlementModule(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  ledger: LedgerService;
  identity: Pick<IdentityService, 'unitsByIds'>;
  rawEnv: Readonly<Record<string, string | undefined>>;
}): SettlementModule {
  const settlement = new SettlementService({ db: deps.db, ledger: deps.ledger, clock: deps.clock, directory: identityDirectory(deps.identity) });
  subscribeTripBilling(deps.events, { db: deps.db, ledger: deps.ledger, clock: deps.clock, logger: deps.logger, settings: loadTripBillingSettings(deps.rawEnv) });
  subscribeRentalBilling(deps.events, { db: deps.db, ledger: deps.ledger, clock: deps.clock });
  subscribeReservationBilling(deps.events, { db: deps.db, ledger: deps.ledger, clock: deps.clock });
  subscribeServiceRecordBilling(deps.events, { db: deps.db, ledger: deps.ledger, clock: deps.clock });
  return { settlement, router: settlementRoutes(settlement) };
}
