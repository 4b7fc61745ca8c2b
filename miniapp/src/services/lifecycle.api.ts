import { z } from 'zod';
import { pageOf } from '@shared/common/pagination';
import { vehicleSchema, type Vehicle } from '@shared/fleet/fleet.schemas';
import {
  applicationSchema, quotaImportResultSchema, quotaUseSchema, vehicleImportResultSchema, vehicleLifeSchema, vehicleStandardSchema,
  type Application, type DisposalApplyInput, type DisposalProceedsInput, type ExemptionApplyInput, type QuotaUse, type RenewalApplyInput,
  type QuotaImportResult, type SetVehicleStandardInput, type VehicleImportResult, type VehicleLife, type VehicleStandard,
} from '@shared/fleet/lifecycle.schemas';
import {
  serviceImportResultSchema, serviceRecordSchema, type RecordServiceInput, type ServiceImportResult, type ServiceRecord,
} from '@shared/fleet/service-records.schemas';
import type { PageResult } from '../components/use-paged-list';
import { http } from './http';

/** The vehicle's life (server/src/modules/fleet/lifecycle.routes.ts): applications, quotas, standards, 三定 records. */
export function getVehicleLife(id: number): Promise<VehicleLife> {
  return http.get(`/api/vehicles/${id}/life`, vehicleLifeSchema, { silent: true });
}
export function applyRenewal(vehicleId: number, input: RenewalApplyInput): Promise<Application> {
  return http.post(`/api/vehicles/${vehicleId}/renewal`, input, applicationSchema, { silent: true });
}
export function applyDisposal(vehicleId: number, input: DisposalApplyInput): Promise<Application> {
  return http.post(`/api/vehicles/${vehicleId}/disposal`, input, applicationSchema, { silent: true });
}
export function applyExemption(vehicleId: number, input: ExemptionApplyInput): Promise<Application> {
  return http.post(`/api/vehicles/${vehicleId}/exemption`, input, applicationSchema, { silent: true });
}
export function recordProceeds(vehicleId: number, input: DisposalProceedsInput): Promise<Application> {
  return http.post(`/api/vehicles/${vehicleId}/disposal/proceeds`, input, applicationSchema, { silent: true });
}
export function unbindTerminal(vehicleId: number): Promise<Vehicle> {
  return http.post(`/api/vehicles/${vehicleId}/terminal/unbind`, {}, vehicleSchema);
}
export function bindTerminal(vehicleId: number, terminalPhone: string): Promise<Vehicle> {
  return http.post(`/api/vehicles/${vehicleId}/terminal`, { terminalPhone }, vehicleSchema, { silent: true });
}
export function fetchQuotas(unitId?: number): Promise<QuotaUse[]> {
  return http.get('/api/fleet/quotas', z.array(quotaUseSchema), { silent: true, query: { unitId } });
}
export function fetchStandards(): Promise<VehicleStandard[]> {
  return http.get('/api/fleet/standards', z.array(vehicleStandardSchema), { silent: true });
}
export function listApplications(page: number): Promise<PageResult<Application>> {
  return http.get('/api/fleet/applications', pageOf(applicationSchema), { silent: true, query: { page, pageSize: 20 } });
}
export function importVehicles(ownerUnitId: number, fileBase64: string): Promise<VehicleImportResult> {
  return http.post('/api/vehicles/import', { ownerUnitId, fileBase64 }, vehicleImportResultSchema, { silent: true });
}
export function recordService(input: RecordServiceInput): Promise<ServiceRecord> {
  return http.post('/api/service-records', input, serviceRecordSchema, { silent: true });
}
export function listServiceRecords(page: number): Promise<PageResult<ServiceRecord>> {
  return http.get('/api/service-records', pageOf(serviceRecordSchema), { silent: true, query: { page, pageSize: 20 } });
}
/** 三定对账单 import: all rows or none (a refusal is an ApiError whose details list the bad cells); rows imported before are skipped. */
export function importServiceStatement(fileBase64: string): Promise<ServiceImportResult> {
  return http.post('/api/service-records/import', { fileBase64 }, serviceImportResultSchema, { silent: true });
}
/** 定编 import: all rows or none; a refusal is an ApiError whose details list the bad rows. */
export function importQuotas(fileBase64: string): Promise<QuotaImportResult> {
  return http.post('/api/fleet/quotas/import', { fileBase64 }, quotaImportResultSchema, { silent: true });
}
export function saveStandard(input: SetVehicleStandardInput): Promise<VehicleStandard[]> {
  return http.put('/api/fleet/standards', input, z.array(vehicleStandardSchema), { silent: true });
}
