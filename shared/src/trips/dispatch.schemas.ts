import { z } from 'zod';
import { vehicleCategories } from '../fleet/fleet.schemas';
import { assignmentSchema, tripDetailSchema } from './trips.schemas';

/** 调度 (DOMAIN.md §4): manual pick, 一键派车, 多车同派, 紧急调度, 改派, rental orders. */
const pick = z.strictObject({ vehicleId: z.number().int().positive(), driverId: z.number().int().positive() });

export const manualDispatchSchema = z.union([
  z.strictObject({ source: z.literal('fleet').default('fleet'), picks: z.array(pick).min(1).max(20) }),
  z.strictObject({ source: z.literal('rental'), companyId: z.number().int().positive() }),
]);
export type ManualDispatchInput = z.infer<typeof manualDispatchSchema>;

export const oneClickSchema = z.strictObject({
  /** Omitted: every trip waiting for dispatch in the dispatcher's pool. */
  tripIds: z.array(z.number().int().positive()).min(1).max(200).optional(),
});
export type OneClickInput = z.infer<typeof oneClickSchema>;

export const reassignSchema = z.strictObject({
  vehicleId: z.number().int().positive(),
  driverId: z.number().int().positive(),
  reason: z.string().trim().min(2, '请说明改派原因').max(200),
});
export type ReassignInput = z.infer<typeof reassignSchema>;

export const rentalAcceptSchema = pick;
export type RentalAcceptInput = z.infer<typeof rentalAcceptSchema>;

/**
 * A trip's candidates (`assignmentId`: for 改派 of that car, whose own vehicle and driver are not busy because of it),
 * or a window's before any trip exists (紧急调度's form: startAt, endAt, seatsWanted, category).
 */
export const candidateQuerySchema = z.strictObject({
  tripId: z.coerce.number().int().positive().optional(),
  assignmentId: z.coerce.number().int().positive().optional(),
  startAt: z.iso.datetime({ offset: true }).optional(),
  endAt: z.iso.datetime({ offset: true }).optional(),
  seatsWanted: z.coerce.number().int().min(1).max(60).optional(),
  category: z.enum(vehicleCategories).optional(),
}).refine((q) => q.tripId != null || (q.startAt != null && q.endAt != null && Date.parse(q.endAt) > Date.parse(q.startAt)), {
  message: '请指定行程，或填写用车开始与结束时间', path: ['tripId'],
});
export type CandidateQuery = z.infer<typeof candidateQuerySchema>;

export const candidateVehicleSchema = z.object({
  id: z.number().int(), plate: z.string(), brandModel: z.string(), seats: z.number().int(),
  category: z.enum(vehicleCategories), source: z.string(), eligible: z.boolean(), reasons: z.array(z.string()),
});
export const candidateDriverSchema = z.object({
  id: z.number().int(), name: z.string(), phoneMasked: z.string(),
  /** The whole number for the dispatcher of the driver's own unit (to call them); null for anyone else. */
  phone: z.string().nullable(), licenceExpires: z.string(), eligible: z.boolean(), reasons: z.array(z.string()),
});
export const candidatesSchema = z.object({
  /** null: a window's candidates, before the trip exists (紧急调度). */
  tripId: z.number().int().nullable(),
  vehicles: z.array(candidateVehicleSchema),
  drivers: z.array(candidateDriverSchema),
});
export type Candidates = z.infer<typeof candidatesSchema>;

export const oneClickResultSchema = z.object({
  results: z.array(z.object({
    tripId: z.number().int(),
    dispatched: z.boolean(),
    assignments: z.array(z.object({ plate: z.string(), driverName: z.string(), reason: z.string() })),
    /** Why nothing was dispatched, in Chinese. */
    message: z.string().nullable(),
  })),
});
export type OneClickResult = z.infer<typeof oneClickResultSchema>;

export const emergencyResultSchema = z.object({
  trip: tripDetailSchema,
  preempted: z.array(z.object({ tripId: z.number().int(), redispatched: z.boolean(), message: z.string() })),
});
export type EmergencyResult = z.infer<typeof emergencyResultSchema>;

export const rentalOrderSchema = assignmentSchema.extend({
  purpose: z.string(), startAt: z.string(), endAt: z.string(), originName: z.string(),
  destinationNames: z.array(z.string()), passengers: z.number().int(), seatsWanted: z.number().int(), unitName: z.string(),
});
export type RentalOrder = z.infer<typeof rentalOrderSchema>;

/** A driver's task: the order plus the car's recorded odometer, which the departure may not go below. */
export const driverTaskSchema = rentalOrderSchema.extend({
  vehicleOdometerKm: z.number().nullable(),
  /** The odometer the car's terminal reported in the last 30 minutes, when it reports one. */
  terminalOdometerKm: z.number().nullable(),
  /** Who the driver picks up (the applicant), the phone masked. */
  passengerName: z.string(),
  passengerPhoneMasked: z.string(),
});
export type DriverTask = z.infer<typeof driverTaskSchema>;
