import { EntitySchema } from 'typeorm';
import { PII_COLUMN_LENGTH, piiColumn } from '../../platform/crypto/pii';
import type { Acquisition, EnergyType, VehicleCategory, VehicleSource, VehicleStatus } from '@shared/fleet/fleet.schemas';
import { LifecycleEntities } from './lifecycle.entity';

export interface VehicleRow {
  id: number; plate: string; vin: string; brandModel: string; energyType: EnergyType; displacementMl: number | null;
  priceFen: number; seats: number; category: VehicleCategory; source: VehicleSource; ownerUnitId: number; regionCode: string;
  registeredOn: string; odometerHm: number; terminalPhone: string | null; deviceModel: string | null;
  insuranceDue: string; inspectionDue: string; maintenanceDue: string | null; status: VehicleStatus; createdAt: Date;
  /** Optional in the type only (rows built in tests before #17 lack them); the columns have defaults. */
  acquisition?: Acquisition; exemptedOn?: string | null;
  /** An approved renewal replaces this vehicle: it no longer holds a quota place (its successor takes it). */
  replacedByApplicationId?: number | null;
}
export interface DriverRow {
  id: number; userId: number | null; name: string;
  /** Clear in the program, SM4-encrypted in the table; `phoneHash` its SM3-HMAC for lookups. */
  phone: string; phoneHash?: string | null; unitId: number; regionCode: string;
  licenceClass: string; licenceExpires: string; status: 'active' | 'suspended'; createdAt: Date;
}
export interface VehicleQuotaRow { unitId: number; category: VehicleCategory; quota: number }

export const VehicleEntity = new EntitySchema<VehicleRow>({
  name: 'Vehicle', tableName: 'vehicle',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    plate: { type: 'varchar', length: 16 },
    vin: { type: 'varchar', length: 17 },
    brandModel: { name: 'brand_model', type: 'varchar', length: 64 },
    energyType: { name: 'energy_type', type: 'varchar', length: 16 },
    displacementMl: { name: 'displacement_ml', type: 'integer', nullable: true },
    priceFen: { name: 'price_fen', type: 'integer' },
    seats: { type: 'integer' },
    category: { type: 'varchar', length: 32 },
    source: { type: 'varchar', length: 16 },
    ownerUnitId: { name: 'owner_unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    registeredOn: { name: 'registered_on', type: 'varchar', length: 10 },
    odometerHm: { name: 'odometer_hm', type: 'integer', default: 0 },
    terminalPhone: { name: 'terminal_phone', type: 'varchar', length: 20, nullable: true },
    deviceModel: { name: 'device_model', type: 'varchar', length: 32, nullable: true },
    insuranceDue: { name: 'insurance_due', type: 'varchar', length: 10 },
    inspectionDue: { name: 'inspection_due', type: 'varchar', length: 10 },
    maintenanceDue: { name: 'maintenance_due', type: 'varchar', length: 10, nullable: true },
    status: { type: 'varchar', length: 16, default: 'in_use' },
    createdAt: { name: 'created_at', type: 'datetime', createDate: true },
    acquisition: { type: 'varchar', length: 16, default: 'purchased' },
    exemptedOn: { name: 'exempted_on', type: 'varchar', length: 10, nullable: true },
    replacedByApplicationId: { name: 'replaced_by_application_id', type: 'integer', nullable: true },
  },
});

export const DriverEntity = new EntitySchema<DriverRow>({
  name: 'Driver', tableName: 'driver',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    userId: { name: 'user_id', type: 'integer', nullable: true },
    name: { type: 'varchar', length: 64 },
    phone: { type: 'varchar', length: PII_COLUMN_LENGTH, transformer: piiColumn },
    phoneHash: { name: 'phone_hash', type: 'varchar', length: 64, nullable: true },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    licenceClass: { name: 'licence_class', type: 'varchar', length: 8 },
    licenceExpires: { name: 'licence_expires', type: 'varchar', length: 10 },
    status: { type: 'varchar', length: 16, default: 'active' },
    createdAt: { name: 'created_at', type: 'datetime', createDate: true },
  },
});

export const VehicleQuotaEntity = new EntitySchema<VehicleQuotaRow>({
  name: 'VehicleQuota', tableName: 'vehicle_quota',
  columns: {
    unitId: { name: 'unit_id', type: 'integer', primary: true },
    category: { type: 'varchar', length: 32, primary: true },
    quota: { type: 'integer' },
  },
});

export const FleetEntities = [VehicleEntity, DriverEntity, VehicleQuotaEntity, ...LifecycleEntities];
