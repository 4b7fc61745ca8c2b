import { z } from 'zod';
import { pageOf } from '@shared/common/pagination';
import { userSchema, type User } from '@shared/identity/identity.schemas';
import {
  assignmentSchema, tripDetailSchema, tripListItemSchema,
  type Assignment, type CreateTripInput, type DepartInput, type RateInput, type ReturnInput, type TripDetail, type TripStatus,
} from '@shared/trips/trips.schemas';
import { driverTaskSchema, type DriverTask } from '@shared/trips/dispatch.schemas';
import { receiptSchema, type Receipt, type ReceiptKind } from '@shared/trips/receipts.schemas';
import { tripEvidencePhotoSchema, tripEvidenceSchema, type TripEvidence, type TripEvidencePhoto, type TripEvidenceStage } from '@shared/trips/trip-evidence.schemas';
import type { CarSide } from '@shared/common/handover';
import { http, requestNoContent, uploadImage } from './http';

/** Official trips (server/src/modules/trips/trips.routes.ts): the applicant's and the driver's side. */
const tripPageSchema = pageOf(tripListItemSchema);
export type TripPage = z.infer<typeof tripPageSchema>;

export function createTrip(input: CreateTripInput): Promise<TripDetail> {
  return http.post('/api/trips', input, tripDetailSchema, { silent: true });
}

export function updateTrip(id: number, input: CreateTripInput): Promise<TripDetail> {
  return http.put(`/api/trips/${id}`, input, tripDetailSchema, { silent: true });
}

export function listTrips(q: { page: number; pageSize?: number; status?: TripStatus; mine?: boolean }): Promise<TripPage> {
  return http.get('/api/trips', tripPageSchema, {
    silent: true,
    query: { page: q.page, pageSize: q.pageSize ?? 10, status: q.status, mine: q.mine === undefined ? undefined : String(q.mine) },
  });
}

export function getTrip(id: number): Promise<TripDetail> {
  return http.get(`/api/trips/${id}`, tripDetailSchema, { silent: true });
}

/** 用车人未到: the trip's dispatcher or driver, after the wait past the start time. */
export function markNoShow(id: number, note?: string): Promise<TripDetail> {
  return http.post(`/api/trips/${id}/no-show`, note ? { note } : {}, tripDetailSchema);
}

export function cancelTrip(id: number, reason: string): Promise<TripDetail> {
  return http.post(`/api/trips/${id}/cancel`, { reason }, tripDetailSchema);
}

export function confirmTrip(id: number): Promise<TripDetail> {
  return http.post(`/api/trips/${id}/confirm`, undefined, tripDetailSchema);
}

export function rateTrip(id: number, input: RateInput): Promise<TripDetail> {
  return http.post(`/api/trips/${id}/rate`, input, tripDetailSchema);
}

/** Colleagues of my unit, for booking on someone's behalf. */
export async function fetchColleagues(): Promise<User[]> {
  const { items } = await http.get('/api/users', pageOf(userSchema), { silent: true, query: { page: 1, pageSize: 100 } });
  return items;
}

// Driver (驾驶员)
export async function fetchDriverTasks(): Promise<DriverTask[]> {
  const { items } = await http.get('/api/driver/tasks', z.object({ items: z.array(driverTaskSchema) }), { silent: true });
  return items;
}

export function acceptTask(assignmentId: number): Promise<Assignment> {
  return http.post(`/api/assignments/${assignmentId}/accept`, undefined, assignmentSchema);
}

export function departTask(assignmentId: number, input: DepartInput): Promise<Assignment> {
  return http.post(`/api/assignments/${assignmentId}/depart`, input, assignmentSchema, { silent: true });
}

export function returnTask(assignmentId: number, input: ReturnInput): Promise<Assignment> {
  return http.post(`/api/assignments/${assignmentId}/return`, input, assignmentSchema, { silent: true });
}

/** 票据: the photos of an assignment, with signed view links (an hour). */
export async function fetchReceipts(assignmentId: number): Promise<Receipt[]> {
  const { items } = await http.get(`/api/assignments/${assignmentId}/receipts`, z.object({ items: z.array(receiptSchema) }), { silent: true });
  return items;
}

export function uploadReceipt(assignmentId: number, kind: ReceiptKind, filePath: string): Promise<Receipt> {
  return uploadImage(`/api/assignments/${assignmentId}/receipts`, { kind }, filePath, receiptSchema);
}

export function deleteReceipt(id: number): Promise<void> {
  return requestNoContent('DELETE', `/api/receipts/${id}`);
}

/** 出车/回场 photos of every car of a trip, with the car's state when each was taken. */
export function fetchTripEvidence(tripId: number): Promise<TripEvidence> {
  return http.get(`/api/trips/${tripId}/evidence`, tripEvidenceSchema, { silent: true });
}

export function uploadTripEvidence(assignmentId: number, stage: TripEvidenceStage, side: CarSide, filePath: string): Promise<TripEvidencePhoto> {
  return uploadImage(`/api/assignments/${assignmentId}/evidence/${stage}/${side}`, {}, filePath, tripEvidencePhotoSchema);
}
