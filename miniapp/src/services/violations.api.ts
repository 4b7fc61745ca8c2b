import { pageOf } from '@shared/common/pagination';
import {
  violationCandidatesSchema, violationImportResultSchema, violationSchema,
  type AssignViolationInput, type AssignViolationToTripInput, type Violation, type ViolationCandidate, type ViolationImportResult, type ViolationStatus,
} from '@shared/violations/violations.schemas';
import { http } from './http';

/** 违章 (server/src/modules/violations/violations.routes.ts); schemas shared with the server. */
export { violationStatusLabel, violationStatuses, assignViolationSchema, assignViolationToTripSchema } from '@shared/violations/violations.schemas';
export type { Violation, ViolationCandidate, ViolationImportResult, ViolationStatus } from '@shared/violations/violations.schemas';

const violationPageSchema = pageOf(violationSchema);

export function listViolations(q: { page: number; mine?: boolean; status?: ViolationStatus; pageSize?: number }) {
  return http.get('/api/violations', violationPageSchema, {
    silent: true, query: { page: q.page, pageSize: q.pageSize ?? 20, ...(q.mine ? { mine: 'true' } : {}), ...(q.status ? { status: q.status } : {}) },
  });
}

export function fetchViolation(id: number): Promise<Violation> {
  return http.get(`/api/violations/${id}`, violationSchema, { silent: true });
}

export async function fetchCandidates(id: number): Promise<ViolationCandidate[]> {
  return (await http.get(`/api/violations/${id}/candidates`, violationCandidatesSchema, { silent: true })).items;
}

export function assignToTrip(id: number, input: AssignViolationToTripInput): Promise<Violation> {
  return http.post(`/api/violations/${id}/assign-trip`, input, violationSchema);
}

export function assignToPerson(id: number, input: AssignViolationInput): Promise<Violation> {
  return http.post(`/api/violations/${id}/assign`, input, violationSchema);
}

export function importViolations(fileBase64: string): Promise<ViolationImportResult> {
  return http.post('/api/violations/import', { fileBase64 }, violationImportResultSchema);
}

export const VIOLATION_TEMPLATE = { path: '/api/violations/import-template.xlsx', fileName: '违章明细导入模板.xlsx' };
