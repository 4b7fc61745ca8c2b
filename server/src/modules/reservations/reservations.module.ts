import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { ApiRouter } from '../../platform/http/api-router';
import type { Scheduler } from '../../platform/scheduler';
import type { ApprovalsService } from '../approvals';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import type { PaymentsService, RefundsService } from '../payments';
import type { TripsService } from '../trips';
import { ReservationsRepository } from './reservations.repository';
import { RESERVATION_PAYMENT_SOURCE, ReservationsService, type TravelAuthority } from './reservations.service';
import { SupplierService } from './supplier.service';
import { StandardsService } from './standards.service';
import { PriceRecordService } from './price-record.service';
import { overStandardApprovalHandler } from './reservations.approval-handler';
import { reservationsRoutes } from './reservations.routes';
import type { TicketSupplierGateway } from './ticket-supplier.gateway';

export interface ReservationsModule {
  reservations: ReservationsService;
  supplier: SupplierService;
  standards: StandardsService;
  router: ApiRouter;
  /** Releases holds not confirmed, paid or approved in time (every minute, once across instances). */
  register(scheduler: Scheduler): void;
}

/** Paid personal parts arrive as payment.paid; deliveries are kept under this name. */
export const RESERVATION_PAYMENT_SUBSCRIBER = 'reservations.personal-payment';

/**
 * Trip services for the composition root: trips, users and units read through their services, the
 * over-standard kind of approval registers its handler, the ticket supplier behind its gateway.
 */
export function createReservationsModule(deps: {
  db: Database; clock: Clock; events: EventBus; approvals: ApprovalsService; identity: IdentityService; notifications: NotificationsService;
  trips: TripsService; payments: PaymentsService; refunds: RefundsService; tickets: TicketSupplierGateway; fakeWechatPayBaseUrl: string | null;
  /** The 出差 records bookings may hang on (the travel module, wired after this one). */
  travel?: () => TravelAuthority | null;
}): ReservationsModule {
  const repo = new ReservationsRepository(deps.db);
  const d = { ...deps, repo, travel: deps.travel ?? (() => null) };
  const reservations = new ReservationsService(d);
  const supplier = new SupplierService(d, reservations);
  const standards = new StandardsService(deps.db, repo);
  const priceRecords = new PriceRecordService({ db: deps.db, clock: deps.clock, repo, reservations });
  deps.approvals.registerHandler('over_standard', overStandardApprovalHandler(deps.db, repo, reservations, deps.tickets, deps.clock));
  deps.events.subscribe(RESERVATION_PAYMENT_SUBSCRIBER, ['payment.paid'], async (e) => {
    if (e.payload.sourceKind !== RESERVATION_PAYMENT_SOURCE) return;
    await reservations.paid(Number(e.payload.sourceId), e.payload.outTradeNo);
  });
  return {
    reservations, supplier, standards, router: reservationsRoutes(reservations, supplier, standards, priceRecords),
    register: (scheduler) => scheduler.add('reservations.expire-holds', '* * * * *', () => reservations.expireDue()),
  };
}
