import { IdentityFleet1764100000000 } from './1764100000000-identity-fleet';
import { Telematics1764200000000 } from './1764200000000-telematics';
import { Ledger1764300000000 } from './1764300000000-ledger';
import { Payments1764300001000 } from './1764300001000-payments';
import { Settlement1764300002000 } from './1764300002000-settlement';
import { ApprovalsMessages1764500000000 } from './1764500000000-approvals-messages';
import { Trips1764500001000 } from './1764500001000-trips';
import { TripListIndex1764600001000 } from './1764600001000-trip-list-index';
import { TripReceipts1764600002000 } from './1764600002000-trip-receipts';
import { WechatOutbox1764600003000 } from './1764600003000-wechat-outbox';
import { SettlementPerUnit1764600004000 } from './1764600004000-settlement-per-unit';
import { DayPlans1764700000000 } from './1764700000000-day-plans';
import { DayPlanModel1764800000000 } from './1764800000000-day-plan-model';
import { DomainEvents1764900000000 } from './1764900000000-domain-events';
import { BillableOrderParts1764900001000 } from './1764900001000-billable-order-parts';
import { AssignmentRentalFee1764900002000 } from './1764900002000-assignment-rental-fee';
import { TelematicsAlarmCursor1764900003000 } from './1764900003000-telematics-alarm-cursor';
import { ApprovalHolders1765100000000 } from './1765100000000-approval-holders';
import { UnitAddress1765200000000 } from './1765200000000-unit-address';
import { Reservations1765400000000 } from './1765400000000-reservations';
import { Supervision1765500000000 } from './1765500000000-supervision';
import { Rental1765300000000 } from './1765300000000-rental';
import { AuditLog1765600000000 } from './1765600000000-audit-log';
import { VehicleLifecycle1766000000000 } from './1766000000000-vehicle-lifecycle';
import { UpwardFeed1766200000000 } from './1766200000000-upward-feed';
import { PersonalDataEncryption1766300000000 } from './1766300000000-personal-data-encryption';

/** Every migration, in order. A migration is never edited after it lands: a change is a new one. */
export const migrations = [IdentityFleet1764100000000, Telematics1764200000000, Ledger1764300000000, Payments1764300001000, Settlement1764300002000, ApprovalsMessages1764500000000, Trips1764500001000, TripListIndex1764600001000, TripReceipts1764600002000, WechatOutbox1764600003000, SettlementPerUnit1764600004000, DayPlans1764700000000, DayPlanModel1764800000000, DomainEvents1764900000000, BillableOrderParts1764900001000, AssignmentRentalFee1764900002000, TelematicsAlarmCursor1764900003000, ApprovalHolders1765100000000, UnitAddress1765200000000, Rental1765300000000, Reservations1765400000000, Supervision1765500000000, AuditLog1765600000000, VehicleLifecycle1766000000000, UpwardFeed1766200000000, PersonalDataEncryption1766300000000];
