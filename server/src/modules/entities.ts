import { FleetEntities } from './fleet';
import { IdentityEntities } from './identity';
import { ApprovalEntities } from './approvals/approvals.entity';
import { NotificationEntities } from './notifications';
import { TripEntities } from './trips/trips.entity';
import { LedgerEntities } from './ledger';
import { TelematicsEntities } from './telematics';
import { PaymentsEntities } from './payments';
import { SettlementEntities } from './settlement';
import { DispatchEntities } from './dispatch/day-plan/day-plan.entity';
import { OutboxEntities } from '../platform/events';

/** Every TypeORM EntitySchema of every module; the DataSource is opened with this list. */
export const allEntities = [...IdentityEntities, ...FleetEntities, ...ApprovalEntities, ...NotificationEntities, ...TripEntities, ...TelematicsEntities, ...LedgerEntities, ...PaymentsEntities, ...SettlementEntities, ...DispatchEntities, ...OutboxEntities];
