import type { FleetKind } from '@shared/fleet/unit-kind-rules';
import { EntitySchema } from 'typeorm';
import { ServiceRecordEntity } from './service-record.entity';
import type { VehicleCategory } from '@shared/fleet/fleet.schemas';
import type { ApplicationKind, ApplicationStatus, NewEnergyRule } from '@shared/fleet/lifecycle.schemas';

export interface VehicleStandardRow {
  fleetKind: FleetKind; category: VehicleCategory; renewalAgeYears: number; renewalMileageKm: number; priceCapFen: number; displacementCapMl: number | null;
  newEnergy: NewEnergyRule; sourcesJson: string; updatedAt: Date;
}

export interface VehicleApplicationRow {
  id: number; kind: ApplicationKind; status: ApplicationStatus; unitId: number; regionCode: string; vehicleId: number | null;
  category: VehicleCategory; detailsJson: string; summary: string; applicantId: number; applicantName: string;
  submittedAt: Date; decidedAt: Date | null; newVehicleId: number | null; proceedsFen: number | null;
}

export const VehicleStandardEntity = new EntitySchema<VehicleStandardRow>({
  name: 'VehicleStandard', tableName: 'vehicle_standard',
  columns: {
    fleetKind: { name: 'fleet_kind', type: 'varchar', length: 16, primary: true },
    category: { type: 'varchar', length: 32, primary: true },
    renewalAgeYears: { name: 'renewal_age_years', type: 'integer' },
    renewalMileageKm: { name: 'renewal_mileage_km', type: 'integer' },
    priceCapFen: { name: 'price_cap_fen', type: 'integer' },
    displacementCapMl: { name: 'displacement_cap_ml', type: 'integer', nullable: true },
    newEnergy: { name: 'new_energy', type: 'varchar', length: 16 },
    sourcesJson: { name: 'sources_json', type: 'text' },
    updatedAt: { name: 'updated_at', type: 'datetime' },
  },
});

export const VehicleApplicationEntity = new EntitySchema<VehicleApplicationRow>({
  name: 'VehicleApplication', tableName: 'vehicle_application',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    kind: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 16 },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    vehicleId: { name: 'vehicle_id', type: 'integer', nullable: true },
    category: { type: 'varchar', length: 32 },
    detailsJson: { name: 'details_json', type: 'text' },
    summary: { type: 'varchar', length: 500 },
    applicantId: { name: 'applicant_id', type: 'integer' },
    applicantName: { name: 'applicant_name', type: 'varchar', length: 64 },
    submittedAt: { name: 'submitted_at', type: 'datetime' },
    decidedAt: { name: 'decided_at', type: 'datetime', nullable: true },
    newVehicleId: { name: 'new_vehicle_id', type: 'integer', nullable: true },
    proceedsFen: { name: 'proceeds_fen', type: 'integer', nullable: true },
  },
});

export const LifecycleEntities = [VehicleStandardEntity, VehicleApplicationEntity, ServiceRecordEntity];
