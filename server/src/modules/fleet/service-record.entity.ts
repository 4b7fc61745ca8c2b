import { EntitySchema } from 'typeorm';
import type { ServiceBilling, ServiceKind } from '@shared/fleet/service-records.schemas';

export interface ServiceRecordRow {
  id: number; kind: ServiceKind; enterpriseId: number; vehicleId: number; unitId: number; regionCode: string; occurredOn: string;
  amountFen: number; billing: ServiceBilling; recordKey: string | null; detailsJson: string; recordedBy: number; recordedByName: string; recordedAt: Date;
}

export const ServiceRecordEntity = new EntitySchema<ServiceRecordRow>({
  name: 'VehicleServiceRecord', tableName: 'vehicle_service_record',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    kind: { type: 'varchar', length: 16 },
    enterpriseId: { name: 'enterprise_id', type: 'integer' },
    vehicleId: { name: 'vehicle_id', type: 'integer' },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    occurredOn: { name: 'occurred_on', type: 'varchar', length: 10 },
    amountFen: { name: 'amount_fen', type: 'integer' },
    billing: { type: 'varchar', length: 16 },
    recordKey: { name: 'record_key', type: 'varchar', length: 40, nullable: true },
    detailsJson: { name: 'details_json', type: 'text' },
    recordedBy: { name: 'recorded_by', type: 'integer' },
    recordedByName: { name: 'recorded_by_name', type: 'varchar', length: 64 },
    recordedAt: { name: 'recorded_at', type: 'datetime' },
  },
});
