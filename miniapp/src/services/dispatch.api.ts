import { z } from 'zod';
import { pageOf } from '@shared/common/pagination';
import { unitSchema, type Unit } from '@shared/identity/identity.schemas';
import { driverSchema, vehicleSchema, type Driver, type Vehicle } from '@shared/fleet/fleet.schemas';
import { assignmentSchema, tripDetailSchema, type Assignment, type CorrectCostsInput, type EmergencyTripInput, type TripDetail } from '@shared/trips/trips.schemas';
import {
  candidatesSchema, emergencyResultSchema, oneClickResultSchema, rentalOrderSchema,
  type Candidates, type EmergencyResult, type ManualDispatchInput, type OneClickResult, type ReassignInput, type RentalAcceptInput, type RentalOrder,
} from '@shared/trips/dispatch.schemas';
import {
  dayPlanListSchema, dayPlanMoveOptionsSchema, dayPlanSchema,
  type DayPlan, type DayPlanCreateInput, type DayPlanMoveInput, type DayPlanMoveOption,
} from '@shared/trips/day-plan.schemas';
import { http } from './http';

/** 调度 and rental orders (server/src/modules/dispatch/dispatch.routes.ts). */
/** A trip's candidates; `assignmentId`: for 改派 of that car (its own vehicle and driver are not busy because of it). */
export function fetchCandidates(tripId: number, assignmentId?: number): Promise<Candidates> {
  return http.get('/api/dispatch/candidates', candidatesSchema, { silent: true, query: { tripId, assignmentId } });
}

/** A window's candidates before the trip exists (紧急调度 picks its cars with the request). */
export function fetchWindowCandidates(window: { startAt: string; endAt: string; seatsWanted: number; category?: string | null }): Promise<Candidates> {
  const { category, ...rest } = window;
  return http.get('/api/dispatch/candidates', candidatesSchema, { silent: true, query: { ...rest, category: category ?? undefined } });
}

export function dispatchManual(tripId: number, input: ManualDispatchInput): Promise<TripDetail> {
  return http.post(`/api/dispatch/trips/${tripId}`, input, tripDetailSchema);
}

/** tripIds omitted: every trip waiting in my pool. */
export function dispatchOneClick(tripIds?: number[]): Promise<OneClickResult> {
  return http.post('/api/dispatch/one-click', tripIds ? { tripIds } : {}, oneClickResultSchema);
}

export function dispatchEmergency(input: EmergencyTripInput): Promise<EmergencyResult> {
  return http.post('/api/dispatch/emergency', input, emergencyResultSchema, { silent: true });
}

/**
 * 排班方案: quick comes back ready (or failed), thorough comes back running and is polled by id.
 * Silent: the page shows why a plan could not be made (e.g. no trip waiting that day) in place.
 */
export function createDayPlan(input: DayPlanCreateInput): Promise<DayPlan> {
  return http.post('/api/dispatch/day-plans', input, dayPlanSchema, { silent: true });
}

/** Plans of my unit, newest first; `date` (YYYY-MM-DD) keeps that day's. */
export async function fetchDayPlans(date?: string): Promise<DayPlan[]> {
  const { items } = await http.get('/api/dispatch/day-plans', dayPlanListSchema, { silent: true, query: { date } });
  return items;
}

export function fetchDayPlan(id: number): Promise<DayPlan> {
  return http.get(`/api/dispatch/day-plans/${id}`, dayPlanSchema, { silent: true });
}

/** 按方案派车: each trip dispatched by its own rules again; `applied` says what happened to each. */
export function applyDayPlan(id: number): Promise<DayPlan> {
  return http.post(`/api/dispatch/day-plans/${id}/apply`, {}, dayPlanSchema);
}

/**
 * 调整方案: the cars a trip of the plan could move to, feasible (cheapest first) then the others with
 * their reason. `from` omitted: the trip is unserved in the plan and would be added.
 */
export async function fetchDayPlanMoves(id: number, tripId: number, from?: number | null): Promise<DayPlanMoveOption[]> {
  const { items } = await http.get(`/api/dispatch/day-plans/${id}/moves`, dayPlanMoveOptionsSchema, { silent: true, query: { tripId, from } });
  return items;
}

/** One move (to another car, out of the plan, or onto a car); the plan comes back recomputed. Silent: the panel shows a refusal in place. */
export function moveDayPlanTrip(id: number, input: DayPlanMoveInput): Promise<DayPlan> {
  return http.post(`/api/dispatch/day-plans/${id}/moves`, input, dayPlanSchema, { silent: true });
}

export function reassign(assignmentId: number, input: ReassignInput): Promise<Assignment> {
  return http.post(`/api/dispatch/assignments/${assignmentId}/reassign`, input, assignmentSchema);
}

export function reviewTrip(tripId: number, comment: string): Promise<TripDetail> {
  return http.post(`/api/trips/${tripId}/review`, { comment }, tripDetailSchema);
}

/** 费用更正 of one returned car after review: the amounts replace the recorded ones. Silent: the form shows a refusal in place. */
export function correctCosts(tripId: number, assignmentId: number, input: CorrectCostsInput): Promise<TripDetail> {
  return http.post(`/api/trips/${tripId}/assignments/${assignmentId}/costs`, input, tripDetailSchema, { silent: true });
}

/** Rental companies the dispatcher may send an order to (the platform's directory of designated companies). */
export async function fetchRentalCompanies(): Promise<Unit[]> {
  const { items } = await http.get('/api/companies', z.object({ items: z.array(unitSchema) }), { silent: true, query: { kind: 'rental_company' } });
  return items;
}

// Rental company operator (租赁企业)
export async function fetchRentalOrders(): Promise<RentalOrder[]> {
  const { items } = await http.get('/api/rental-orders', z.object({ items: z.array(rentalOrderSchema) }), { silent: true });
  return items;
}

export function acceptRentalOrder(id: number, input: RentalAcceptInput): Promise<RentalOrder> {
  return http.post(`/api/rental-orders/${id}/accept`, input, rentalOrderSchema);
}

export function declineRentalOrder(id: number, reason: string): Promise<RentalOrder> {
  return http.post(`/api/rental-orders/${id}/decline`, { reason }, rentalOrderSchema);
}

/** Our company's cars for hire (source 'rental'; time-share cars are not dispatched with a driver). */
export async function fetchCompanyVehicles(): Promise<Vehicle[]> {
  const { items } = await http.get('/api/vehicles', pageOf(vehicleSchema), { silent: true, query: { page: 1, pageSize: 100, status: 'in_use' } });
  return items.filter((v) => v.source === 'rental');
}

export async function fetchCompanyDrivers(): Promise<Driver[]> {
  const { items } = await http.get('/api/drivers', pageOf(driverSchema), { silent: true, query: { page: 1, pageSize: 100 } });
  return items.filter((d) => d.status === 'active');
}
