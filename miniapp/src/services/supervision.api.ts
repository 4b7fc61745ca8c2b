import { z } from 'zod';
import { pageOf } from '@shared/common/pagination';
import {
  assessmentSchema, geofenceSchema, parkingSpotSchema, poolViewSchema, warningEvidenceSchema, warningSchema,
  type AppealWarningInput, type Geofence, type ParkingSpot, type ParkingSpotInput, type GeofenceInput, type Assessment, type PoolView, type Warning, type WarningEvidence, type WarningGrade, type WarningStatus,
} from '@shared/supervision/supervision.schemas';
import { http, requestNoContent, uploadImage } from './http';
import { downloadSpreadsheet } from './files';

/** 监管 (server/src/modules/supervision/supervision.routes.ts); schemas shared with the server. */
export {
  warningGradeLabel, warningGrades, warningKindLabel, warningStatusLabel, warningStatuses, warningActionLabel,
  appealWarningSchema, checkWarningSchema, decideWarningSchema, geofenceInputSchema, geofenceKindLabel, parkingSpotInputSchema,
} from '@shared/supervision/supervision.schemas';
export type { Geofence, GeofenceInput, GeofenceKind, ParkingSpot, ParkingSpotInput } from '@shared/supervision/supervision.schemas';
export type { Assessment, PoolRow, PoolView, Warning, WarningAction, WarningGrade, WarningStatus, WarningEvidence } from '@shared/supervision/supervision.schemas';

const warningPageSchema = pageOf(warningSchema);

export interface WarningFilter { status?: WarningStatus; grade?: WarningGrade; regionCode?: string; unitId?: number; page: number; pageSize?: number }

export function listWarnings(f: WarningFilter): Promise<z.infer<typeof warningPageSchema>> {
  return http.get('/api/supervision/warnings', warningPageSchema, { silent: true, query: { ...f, pageSize: f.pageSize ?? 20 } });
}

export function fetchWarning(id: number): Promise<Warning> {
  return http.get(`/api/supervision/warnings/${id}`, warningSchema, { silent: true });
}

export function checkWarning(id: number, note: string): Promise<Warning> {
  return http.post(`/api/supervision/warnings/${id}/check`, { note }, warningSchema);
}

export function appealWarning(id: number, input: AppealWarningInput): Promise<Warning> {
  return http.post(`/api/supervision/warnings/${id}/appeal`, input, warningSchema);
}

export function decideWarning(id: number, outcome: 'uphold' | 'dismiss' | 'confirm', note: string): Promise<Warning> {
  return http.post(`/api/supervision/warnings/${id}/decide`, { outcome, note }, warningSchema);
}

export function publishWarning(id: number, note?: string): Promise<Warning> {
  return http.post(`/api/supervision/warnings/${id}/publish`, note ? { note } : {}, warningSchema);
}

/** A photo for an appeal: its `ref` goes into the appeal's evidence, its `url` shows it. */
export function uploadEvidence(id: number, filePath: string): Promise<WarningEvidence> {
  return uploadImage(`/api/supervision/warnings/${id}/evidence`, {}, filePath, warningEvidenceSchema);
}

export function fetchNotices(): Promise<Warning[]> {
  return http.get('/api/supervision/notices', z.array(warningSchema), { silent: true });
}

export function fetchPool(period: string, regionCode?: string): Promise<PoolView> {
  return http.get('/api/supervision/pool', poolViewSchema, { silent: true, query: { period, regionCode } });
}

export function fetchAssessment(period: string, regionCode?: string): Promise<Assessment> {
  return http.get('/api/supervision/assessment', assessmentSchema, { silent: true, query: { period, regionCode } });
}

export function appendixAFileName(regionName: string, period: string): string {
  return `附录A-纳入信息化平台管理情况统计表-${regionName}-${period}.xlsx`;
}

/**
 * 附录A as Excel. The export needs the bearer token, so it is fetched, not linked: in WeChat
 * downloadFile + openDocument; in the browser fetch → Blob → a download link (as the statements' export).
 */
export async function downloadAppendixA(regionCode: string, regionName: string, period: string): Promise<void> {
  const path = `/api/supervision/appendix-a.xlsx?regionCode=${encodeURIComponent(regionCode)}&period=${encodeURIComponent(period)}`;
  await downloadSpreadsheet(path, appendixAFileName(regionName, period), 'appendix-a-download-link');
}

/** 电子围栏 (#18 item 1): the unit's geofences, WGS-84 on the wire (the page converts from the map's GCJ-02). */
export function listGeofences(): Promise<Geofence[]> {
  return http.get('/api/supervision/geofences', z.array(geofenceSchema), { silent: true });
}

export function createGeofence(input: GeofenceInput): Promise<Geofence> {
  return http.post('/api/supervision/geofences', input, geofenceSchema);
}

export function deleteGeofence(id: number): Promise<void> {
  return requestNoContent('DELETE', `/api/supervision/geofences/${id}`);
}

/** 定点停放 (#18): a car's designated overnight spot, null when none is set; WGS-84 on the wire. */
export async function getParkingSpot(vehicleId: number): Promise<ParkingSpot | null> {
  return (await http.get(`/api/supervision/parking-spots/${vehicleId}`, z.object({ spot: parkingSpotSchema.nullable() }), { silent: true })).spot;
}

export function setParkingSpot(vehicleId: number, input: ParkingSpotInput): Promise<ParkingSpot> {
  return http.put(`/api/supervision/parking-spots/${vehicleId}`, input, parkingSpotSchema);
}

export function clearParkingSpot(vehicleId: number): Promise<void> {
  return requestNoContent('DELETE', `/api/supervision/parking-spots/${vehicleId}`);
}
