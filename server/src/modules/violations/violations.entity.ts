import { EntitySchema } from 'typeorm';
import type { ViolationMatchKind, ViolationSource, ViolationStatus } from '@shared/violations/violations.schemas';

/**
 * A traffic violation (违章) as imported, and whom it was matched or assigned to. `archiveNo` (the
 * decision / archive number of the traffic police) makes an import idempotent.
 */
export interface ViolationRow {
  id: number; archiveNo: string; plate: string; vehicleId: number | null; ownerUnitId: number | null;
  occurredAt: Date; place: string; lat: number | null; lng: number | null; act: string; code: string; fineFen: number; points: number;
  source: ViolationSource; status: ViolationStatus; matchKind: ViolationMatchKind | null;
  tripId: number | null; assignmentId: number | null; rentalId: number | null; userId: number | null; userName: string | null;
  /** The unit answerable: the trip's or the rental user's, else the vehicle's owner (unmatched). */
  unitId: number; regionCode: string; reason: string; importedAt: Date; updatedAt: Date;
}

const id = { type: 'integer' as const, primary: true, generated: 'increment' as const };

export const ViolationEntity = new EntitySchema<ViolationRow>({
  name: 'Violation', tableName: 'violation',
  columns: {
    id,
    archiveNo: { name: 'archive_no', type: 'varchar', length: 64 },
    plate: { type: 'varchar', length: 16 },
    vehicleId: { name: 'vehicle_id', type: 'integer', nullable: true },
    ownerUnitId: { name: 'owner_unit_id', type: 'integer', nullable: true },
    occurredAt: { name: 'occurred_at', type: 'datetime' },
    place: { type: 'varchar', length: 200 },
    lat: { type: 'double', nullable: true },
    lng: { type: 'double', nullable: true },
    act: { type: 'varchar', length: 200 },
    code: { type: 'varchar', length: 16 },
    fineFen: { name: 'fine_fen', type: 'integer' },
    points: { type: 'integer' },
    source: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 16 },
    matchKind: { name: 'match_kind', type: 'varchar', length: 16, nullable: true },
    tripId: { name: 'trip_id', type: 'integer', nullable: true },
    assignmentId: { name: 'assignment_id', type: 'integer', nullable: true },
    rentalId: { name: 'rental_id', type: 'integer', nullable: true },
    userId: { name: 'user_id', type: 'integer', nullable: true },
    userName: { name: 'user_name', type: 'varchar', length: 64, nullable: true },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    reason: { type: 'varchar', length: 300 },
    importedAt: { name: 'imported_at', type: 'datetime' },
    updatedAt: { name: 'updated_at', type: 'datetime' },
  },
});

export const ViolationEntities = [ViolationEntity];
