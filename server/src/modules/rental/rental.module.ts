import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { Logger } from '../../platform/logger';
import type { Scheduler } from '../../platform/scheduler';
import type { ApiRouter } from '../../platform/http/api-router';
import { scopeOf } from '../../platform/data-scope';
import type { IdentityService } from '../identity';
import type { FleetService } from '../fleet';
import type { TripsService } from '../trips';
import type { PaymentsModule } from '../payments';
import type { RentalPayments, RentalTerminals } from './rental.ports';
import { RentalEvidenceService } from './rental-evidence.service';
import { RentalFleetService } from './rental-fleet.service';
import { RentalPaymentsService, RENTAL_PAYMENT_KIND } from './rental-payments.service';
import { loadRentalSettings, RentalService } from './rental.service';
import { rentalRoutes } from './rental.routes';
import { registerRentalJobs } from './rental.jobs';

export interface RentalModule {
  fleet: RentalFleetService;
  rentals: RentalService;
  payments: RentalPaymentsService;
  /** Handover photos and damage claims (#21 item 2). */
  evidence: RentalEvidenceService;
  router: ApiRouter;
}

/**
 * 分时租赁 for the composition root: the company's fleet, the renter's flow, WeChat payment of
 * personal use and fault reports; asks identity, fleet, trips, telematics (through `terminals`) and
 * payments through their services. The deposit's refund waits while a rental is open.
 */
export function createRentalModule(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  scheduler: Scheduler;
  rawEnv: Readonly<Record<string, string | undefined>>;
  identity: Pick<IdentityService, 'usersByIds' | 'openidsOf' | 'lockUser'>;
  fleet: Pick<FleetService, 'vehiclesByIds'>;
  trips: Pick<TripsService, 'visible'>;
  payments: PaymentsModule;
  terminals: RentalTerminals;
}): RentalModule {
  const people = {
    async user(userId: number) {
      const [u] = await deps.identity.usersByIds([userId]);
      return u ? { id: u.id, name: u.name, unitId: u.unitId } : null;
    },
    openid: async (userId: number) => (await deps.identity.openidsOf([userId])).get(userId) ?? null,
    lock: (userId: number) => deps.identity.lockUser(userId),
  };
  const vehicles = {
    async vehicle(id: number) {
      const [v] = await deps.fleet.vehiclesByIds([id]);
      return v ? { id: v.id, plate: v.plate, model: v.brandModel, seats: v.seats, ownerUnitId: v.ownerUnitId, hasTerminal: !!v.terminalPhone } : null;
    },
  };
  const tasks = {
    async task(actor: Parameters<RentalService['reserve']>[0], tripId: number) {
      try {
        const t = await deps.trips.visible({ ...actor, scope: scopeOf(actor), name: '', tokenId: '' }, tripId);
        return { id: t.id, applicantId: t.applicantId, status: t.status, purpose: t.purpose };
      } catch {
        return null;
      }
    },
  };
  const fleet = new RentalFleetService({ db: deps.db, clock: deps.clock, vehicles, terminals: deps.terminals });
  const settings = loadRentalSettings(deps.rawEnv);
  const payscore = {
    get enabled() { return deps.payments.payscore.enabled; },
    get riskFundFen() { return deps.payments.deposits.amountFen; },
    start: (input: Parameters<PaymentsModule['payscore']['start']>[0]) => deps.payments.payscore.start(input),
    complete: (kind: string, id: string, input: Parameters<PaymentsModule['payscore']['complete']>[2]) => deps.payments.payscore.complete(kind, id, input),
    cancel: (kind: string, id: string, reason: string) => deps.payments.payscore.cancel(kind, id, reason),
  };
  const rentalPayments = {
    depositPaid: async (actor: Parameters<RentalService['reserve']>[0]) => (await deps.payments.deposits.mine(actor)).status === 'paid',
    fakeWechatPayBaseUrl: deps.payments.deposits.fakeWechatPayBaseUrl,
    async start(input: Parameters<RentalPayments['start']>[0]) {
      const { payment, payParams } = await deps.payments.payments.startPayment({ ...input, sourceKind: RENTAL_PAYMENT_KIND });
      return { outTradeNo: payment.outTradeNo, payParams: payParams as unknown as Record<string, string> };
    },
  };
  const rentals = new RentalService({
    db: deps.db, clock: deps.clock, logger: deps.logger, events: deps.events, terminals: deps.terminals, people, tasks,
    depositPaid: async (actor) => (await deps.payments.deposits.mine(actor)).status === 'paid', settings, payscore,
  });
  const payments = new RentalPaymentsService({
    db: deps.db, clock: deps.clock, rentals, people,
    payments: rentalPayments,
  });
  payments.subscribe(deps.events);
  const evidence = new RentalEvidenceService({
    db: deps.db, clock: deps.clock, logger: deps.logger, events: deps.events, rentals, terminals: deps.terminals, payscore, payments: rentalPayments, settings,
  });
  evidence.subscribe(deps.events);
  // 押金: not refunded while a reservation or rental is open (issue #15 item 5).
  deps.payments.deposits.blockRefundWhile(async (userId) => {
    const open = await rentals.openRentalId(userId);
    return open == null ? null : `您有未结束的租车订单 ${open}，结束后才能退还押金`;
  });
  registerRentalJobs(deps.scheduler, rentals, evidence);
  return { fleet, rentals, payments, evidence, router: rentalRoutes(fleet, rentals, payments, evidence) };
}
