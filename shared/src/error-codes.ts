/**
 * Every code an error envelope may carry, gathered from each capability's declaration
 * (shared/src/<cap>/<cap>.errors.ts, common/errors.ts for the platform's own): the server's error
 * classes accept only these, so a throw site cannot invent one, and the mini-program can branch on
 * them (`if (err.code === TripErrorCode.TRIP_STATE_CONFLICT)`).
 */
import type { ApprovalErrorCode } from './approvals/approvals.errors';
import type { CommonErrorCode } from './common/errors';
import type { DispatchErrorCode } from './dispatch/dispatch.errors';
import type { EventsErrorCode } from './events/events.schemas';
import type { FleetErrorCode } from './fleet/fleet.errors';
import type { IdentityErrorCode } from './identity/identity.errors';
import type { LedgerErrorCode } from './ledger/ledger.errors';
import type { NotificationErrorCode } from './notifications/notifications.errors';
import type { PlacesErrorCode } from './places/places.errors';
import type { DepositErrorCode, PaymentErrorCode } from './payments/payments.errors';
import type { SecurityErrorCode } from './security/security.errors';
import type { SettlementErrorCode } from './settlement/settlement.errors';
import type { TelematicsErrorCode } from './telematics/telematics.errors';
import type { TripErrorCode } from './trips/trips.errors';
import type { SupervisionErrorCode } from './supervision/supervision.errors';
import type { RentalErrorCode } from './rental/rental.errors';
import type { ReservationErrorCode } from './reservations/reservations.errors';
import type { FeedErrorCode } from './feed/feed.errors';
import type { TravelErrorCode } from './travel/travel.errors';
import type { ViolationErrorCode } from './violations/violations.errors';

type CodesOf<T> = T[keyof T];

export type ErrorCode =
  | CommonErrorCode
  | IdentityErrorCode
  | FleetErrorCode
  | ApprovalErrorCode
  | TripErrorCode
  | DispatchErrorCode
  | TelematicsErrorCode
  | NotificationErrorCode
  | PlacesErrorCode
  | LedgerErrorCode
  | PaymentErrorCode
  | DepositErrorCode
  | SettlementErrorCode
  | SupervisionErrorCode
  | SecurityErrorCode
  | RentalErrorCode
  | ReservationErrorCode
  | FeedErrorCode
  | TravelErrorCode
  | ViolationErrorCode
  | CodesOf<typeof EventsErrorCode>;
