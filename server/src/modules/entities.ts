import { FleetEntities } from './fleet/fleet.entity';
import { IdentityEntities } from './identity/identity.entities';
import { ApprovalEntities } from './approvals/approvals.entity';
import { NotificationEntities } from './notifications/message.entity';
import { TripEntities } from './trips/trips.entity';
import { LedgerEntities } from './ledger/ledger.entity';
import { TelematicsEntities } from './telematics';
import { PaymentsEntities } from './payments/payments.entity';
import { SettlementEntities } from './settlement/settlement.entity';
import { DispatchEntities } from './dispatch/day-plan/day-plan.entity';
import { ReservationEntities } from './reservations/reservations.entity';
import { OutboxEntities } from '../platform/events';
import { SupervisionEntities } from './supervision/supervision.entity';
import { RentalEntities } from './rental/rental.entity';
import { AuditEntities } from './audit/audit.entity';
import { FeedEntities } from './feed/feed.entity';
import { TravelEntities } from './travel/travel.entity';
import { ViolationEntities } from './violations/violations.entity';

/**
 * Every TypeORM EntitySchema of every module; the DataSource is opened with this list. Composition:
 * it reads the entity files themselves, which no module's index.ts exports.
 */
export const allEntities = [...IdentityEntities, ...FleetEntities, ...ApprovalEntities, ...NotificationEntities, ...TripEntities, ...TelematicsEntities, ...LedgerEntities, ...PaymentsEntities, ...SettlementEntities, ...DispatchEntities, ...ReservationEntities, ...OutboxEntities, ...SupervisionEntities, ...RentalEntities, ...AuditEntities, ...FeedEntities, ...TravelEntities, ...ViolationEntities];
