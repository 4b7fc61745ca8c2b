import { EntitySchema } from 'typeorm';
import { PII_COLUMN_LENGTH, piiColumn } from '../../platform/crypto/pii';
import type { VehicleCategory } from '@shared/fleet/fleet.schemas';
import type { AssignmentStatus, DispatchSource, TripKind, TripPriority, TripStatus } from '@shared/trips/trips.schemas';
import type { ReceiptKind } from '@shared/trips/receipts.schemas';
import type { TripEvidenceStage } from '@shared/trips/trip-evidence.schemas';
import { evidenceColumns, type EvidenceRecord } from '../../platform/handover-evidence';

export interface TripRow {
  id: number; unitId: number; regionCode: string; applicantId: number; applicantName: string; bookedById: number;
  purpose: string; passengers: number; passengerNames: string; startAt: Date; endAt: Date;
  originJson: string; destinationsJson: string; category: VehicleCategory | null; seatsWanted: number; vehiclesNeeded: number;
  kind: TripKind; priority: TripPriority; status: TripStatus; approvalStatus: string | null; backfillDueAt: Date | null;
  backfillOverdue: boolean; returnOverdue: boolean; reminded: boolean; costFen: number; rating: number | null;
  ratingComment: string | null; cancelReason: string | null; createdAt: Date; updatedAt: Date;
}
/** What a line of a trip list shows (toListItem): a page reads these 17 of the trip's 30 columns. */
export const TRIP_LIST_COLUMNS = [
  'id', 'unitId', 'applicantName', 'purpose', 'passengers', 'startAt', 'endAt', 'originJson', 'destinationsJson', 'vehiclesNeeded',
  'kind', 'priority', 'status', 'approvalStatus', 'costFen', 'backfillOverdue', 'returnOverdue',
] as const satisfies ReadonlyArray<keyof TripRow>;
export type TripListRow = Pick<TripRow, typeof TRIP_LIST_COLUMNS[number]>;
export interface AssignmentRow {
  id: number; tripId: number; source: DispatchSource; companyId: number | null; vehicleId: number | null; driverId: number | null;
  plate: string | null; driverName: string | null; driverPhone: string | null; status: AssignmentStatus; reason: string | null;
  departOdometerHm: number | null; returnOdometerHm: number | null; departedAt: Date | null; returnedAt: Date | null;
  rentalFen: number; fuelFen: number; tollFen: number; parkingFen: number; otherFen: number; note: string; createdAt: Date;
}
/** What a trip list shows of its cars (plate, driver, whether it still goes). */
export const ASSIGNMENT_LIST_COLUMNS = ['id', 'tripId', 'status', 'plate', 'driverName', 'driverPhone'] as const satisfies ReadonlyArray<keyof AssignmentRow>;
export type AssignmentListRow = Pick<AssignmentRow, typeof ASSIGNMENT_LIST_COLUMNS[number]>;
/** A photo of one side of a trip's car at 出车 or 回场, with the terminal's state at that moment (#21 item 2). */
export interface TripEvidenceRow extends EvidenceRecord { id: number; assignmentId: number; tripId: number; stage: TripEvidenceStage }
export interface TripEventRow { id: number; tripId: number; at: Date; actorId: number | null; actorName: string; action: string; note: string }
export interface ReceiptRow {
  id: number; assignmentId: number; tripId: number; kind: ReceiptKind; contentType: string; sizeBytes: number;
  sha256: string; accessKey: string; data: Buffer; uploadedBy: number; createdAt: Date;
}
export interface ResourceSlotRow { resourceKind: 'vehicle' | 'driver'; resourceId: number; slotStart: number; assignmentId: number }

const at = (name: string, nullable = false) => ({ name, type: 'datetime' as const, precision: 3, nullable });

export const TripEntity = new EntitySchema<TripRow>({
  name: 'Trip', tableName: 'trip',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    applicantId: { name: 'applicant_id', type: 'integer' },
    applicantName: { name: 'applicant_name', type: 'varchar', length: 64 },
    bookedById: { name: 'booked_by_id', type: 'integer' },
    purpose: { type: 'varchar', length: 200 },
    passengers: { type: 'integer' },
    passengerNames: { name: 'passenger_names', type: 'varchar', length: 200 },
    startAt: at('start_at'), endAt: at('end_at'),
    originJson: { name: 'origin_json', type: 'varchar', length: 300 },
    destinationsJson: { name: 'destinations_json', type: 'text' },
    category: { type: 'varchar', length: 32, nullable: true },
    seatsWanted: { name: 'seats_wanted', type: 'integer' },
    vehiclesNeeded: { name: 'vehicles_needed', type: 'integer' },
    kind: { type: 'varchar', length: 16 },
    priority: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 24 },
    approvalStatus: { name: 'approval_status', type: 'varchar', length: 16, nullable: true },
    backfillDueAt: at('backfill_due_at', true),
    backfillOverdue: { name: 'backfill_overdue', type: 'boolean' },
    returnOverdue: { name: 'return_overdue', type: 'boolean' },
    reminded: { type: 'boolean' },
    costFen: { name: 'cost_fen', type: 'integer' },
    rating: { type: 'integer', nullable: true },
    ratingComment: { name: 'rating_comment', type: 'varchar', length: 200, nullable: true },
    cancelReason: { name: 'cancel_reason', type: 'varchar', length: 200, nullable: true },
    createdAt: at('created_at'), updatedAt: at('updated_at'),
  },
});

export const AssignmentEntity = new EntitySchema<AssignmentRow>({
  name: 'TripAssignment', tableName: 'trip_assignment',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    tripId: { name: 'trip_id', type: 'integer' },
    source: { type: 'varchar', length: 16 },
    companyId: { name: 'company_id', type: 'integer', nullable: true },
    vehicleId: { name: 'vehicle_id', type: 'integer', nullable: true },
    driverId: { name: 'driver_id', type: 'integer', nullable: true },
    plate: { type: 'varchar', length: 16, nullable: true },
    driverName: { name: 'driver_name', type: 'varchar', length: 64, nullable: true },
    driverPhone: { name: 'driver_phone', type: 'varchar', length: PII_COLUMN_LENGTH, nullable: true, transformer: piiColumn },
    status: { type: 'varchar', length: 24 },
    reason: { type: 'varchar', length: 300, nullable: true },
    departOdometerHm: { name: 'depart_odometer_hm', type: 'integer', nullable: true },
    returnOdometerHm: { name: 'return_odometer_hm', type: 'integer', nullable: true },
    departedAt: at('departed_at', true), returnedAt: at('returned_at', true),
    rentalFen: { name: 'rental_fen', type: 'integer', default: 0 },
    fuelFen: { name: 'fuel_fen', type: 'integer' },
    tollFen: { name: 'toll_fen', type: 'integer' },
    parkingFen: { name: 'parking_fen', type: 'integer' },
    otherFen: { name: 'other_fen', type: 'integer' },
    note: { type: 'varchar', length: 200 },
    createdAt: at('created_at'),
  },
});

export const TripEventEntity = new EntitySchema<TripEventRow>({
  name: 'TripEvent', tableName: 'trip_event',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    tripId: { name: 'trip_id', type: 'integer' },
    at: { type: 'datetime', precision: 3 },
    actorId: { name: 'actor_id', type: 'integer', nullable: true },
    actorName: { name: 'actor_name', type: 'varchar', length: 64 },
    action: { type: 'varchar', length: 32 },
    note: { type: 'varchar', length: 500 },
  },
});

export const ResourceSlotEntity = new EntitySchema<ResourceSlotRow>({
  name: 'ResourceSlot', tableName: 'resource_slot',
  columns: {
    resourceKind: { name: 'resource_kind', type: 'varchar', length: 8, primary: true },
    resourceId: { name: 'resource_id', type: 'integer', primary: true },
    slotStart: { name: 'slot_start', type: 'integer', primary: true },
    assignmentId: { name: 'assignment_id', type: 'integer' },
  },
});

export const ReceiptEntity = new EntitySchema<ReceiptRow>({
  name: 'TripReceipt', tableName: 'trip_receipt',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    assignmentId: { name: 'assignment_id', type: 'integer' },
    tripId: { name: 'trip_id', type: 'integer' },
    kind: { type: 'varchar', length: 16 },
    contentType: { name: 'content_type', type: 'varchar', length: 32 },
    sizeBytes: { name: 'size_bytes', type: 'integer' },
    sha256: { type: 'varchar', length: 64 },
    accessKey: { name: 'access_key', type: 'varchar', length: 64 },
    // The bytes are read only by the image route (select: false keeps them out of listings).
    data: { type: 'blob', select: false },
    uploadedBy: { name: 'uploaded_by', type: 'integer' },
    createdAt: at('created_at'),
  },
});

export const TripEvidenceEntity = new EntitySchema<TripEvidenceRow>({
  name: 'TripEvidence', tableName: 'trip_evidence',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    assignmentId: { name: 'assignment_id', type: 'integer' },
    tripId: { name: 'trip_id', type: 'integer' },
    stage: { name: 'stage', type: 'varchar', length: 8 },
    ...evidenceColumns,
  },
});

export const TripEntities = [TripEntity, AssignmentEntity, TripEventEntity, ResourceSlotEntity, ReceiptEntity, TripEvidenceEntity];
