import { z } from 'zod';
import { oneClickResultSchema } from './dispatch.schemas';

/**
 * 排班方案 (day plan): a dispatcher's approved trips of one day planned together — a vehicle and its
 * driver serve several trips in sequence when the windows and the travel between them allow, with as
 * few vehicles and as little empty driving as the day permits (README "Dispatch models", day plan).
 * quick: about a second. thorough: minutes at most (LP column generation), within a proven distance
 * of the best possible plan. A plan is a proposal until the dispatcher applies it (按方案派车).
 */
export const dayPlanModes = ['quick', 'thorough'] as const;
export type DayPlanMode = (typeof dayPlanModes)[number];
export const dayPlanModeLabels: Record<DayPlanMode, string> = { quick: '快速（约 1 秒）', thorough: '精细（数分钟内）' };

/** running → ready | failed; ready → applied (once). */
export const dayPlanStatuses = ['running', 'ready', 'failed', 'applied'] as const;
export type DayPlanStatus = (typeof dayPlanStatuses)[number];
export const dayPlanStatusLabels: Record<DayPlanStatus, string> = { running: '计算中', ready: '待采纳', failed: '计算失败', applied: '已按方案派车' };

export const dayPlanCreateSchema = z.strictObject({
  /** Local date (Asia/Shanghai) whose approved trips are planned; today or up to 14 days ahead. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为“年-月-日”，如 2026-11-05'),
  mode: z.enum(dayPlanModes).default('quick'),
});
export type DayPlanCreateInput = z.input<typeof dayPlanCreateSchema>;

export const dayPlanListQuerySchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为“年-月-日”，如 2026-11-05').optional(),
});

/** One trip in a vehicle's sequence. */
export const dayPlanStopSchema = z.object({
  tripId: z.number().int(),
  purpose: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  originName: z.string(),
  destinationName: z.string(),
  passengers: z.number().int(),
  vehiclesNeeded: z.number().int(),
  /** Empty driving to this trip's pickup: from the vehicle's position for the first, else from the previous trip. */
  deadheadKm: z.number(),
});
export type DayPlanStop = z.infer<typeof dayPlanStopSchema>;

export const dayPlanRouteSchema = z.object({
  vehicleId: z.number().int(),
  plate: z.string(),
  seats: z.number().int(),
  driverId: z.number().int(),
  driverName: z.string(),
  stops: z.array(dayPlanStopSchema),
  deadheadKm: z.number(),
  /** From leaving the vehicle's position to the end of the last trip. */
  dutyMinutes: z.number().int(),
});
export type DayPlanRoute = z.infer<typeof dayPlanRouteSchema>;

export const dayPlanSummarySchema = z.object({
  /** Approved trips of the day in the plan, and the vehicle-slots they need (多车同派 counts N). */
  trips: z.number().int(),
  vehicleSlots: z.number().int(),
  /** Vehicle + driver pairs the plan could use. */
  vehiclesAvailable: z.number().int(),
  vehiclesUsed: z.number().int(),
  deadheadKm: z.number(),
  unservedTrips: z.number().int(),
  /** The model's objective (metres of empty driving + fixed cost per vehicle + penalty per unserved slot). */
  cost: z.number(),
  /** Proven lower bound on the objective of any plan of this day: cost − lowerBound is the most that can be saved. */
  lowerBound: z.number(),
  /** (cost − lowerBound) / lowerBound in per cent, one decimal. */
  gapPercent: z.number(),
  /** The bound is the LP optimum over every possible route (thorough, converged), not a weaker relaxation. */
  boundIsLp: z.boolean(),
  /** Objective of the greedy reference (earliest trip first, nearest free vehicle). */
  greedyCost: z.number(),
  computeMs: z.number().int(),
});
export type DayPlanSummary = z.infer<typeof dayPlanSummarySchema>;

export const dayPlanSchema = z.object({
  id: z.number().int(),
  date: z.string(),
  mode: z.enum(dayPlanModes),
  status: z.enum(dayPlanStatuses),
  createdByName: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Why it failed, in Chinese (null otherwise). */
  message: z.string().nullable(),
  summary: dayPlanSummarySchema.nullable(),
  routes: z.array(dayPlanRouteSchema),
  unserved: z.array(z.object({ tripId: z.number().int(), purpose: z.string(), startAt: z.string(), reason: z.string() })),
  /** Vehicles and drivers of the pool left out of the plan, and why (busy that day, papers lapse, no driver to pair…). */
  excluded: z.array(z.object({ kind: z.enum(['vehicle', 'driver']), id: z.number().int(), name: z.string(), reason: z.string() })),
  /** After 按方案派车: what happened to each trip. */
  applied: oneClickResultSchema.shape.results.nullable(),
  /** The dispatcher's adjustments (调整) made to the plan before applying it, oldest first. */
  edits: z.array(z.object({ at: z.string(), byName: z.string(), text: z.string() })),
  /** Adjustable: computed by this version (plans made before adjustments existed are not). */
  editable: z.boolean(),
});
export type DayPlan = z.infer<typeof dayPlanSchema>;

export const dayPlanListSchema = z.object({ items: z.array(dayPlanSchema) });

/**
 * 调整方案 (before 按方案派车): one vehicle-slot of a trip moves.
 *  - from A to B: car B (with its driver) takes the trip instead of car A;
 *  - from A to null: the trip leaves the plan (all its cars, for 多车同派) and is left for manual dispatch;
 *  - from null to B: a trip the plan left unserved is put on car B (one-car trips only).
 * Every car's day is checked by the plan's own rules (seats, category, time to reach the next pickup,
 * drivers' hours); a move that breaks one is refused with the rule named.
 */
export const dayPlanMoveSchema = z.strictObject({
  tripId: z.number().int().positive(),
  from: z.number().int().positive().nullable(),
  to: z.number().int().positive().nullable(),
});
export type DayPlanMoveInput = z.infer<typeof dayPlanMoveSchema>;

export const dayPlanMoveQuerySchema = z.strictObject({
  tripId: z.coerce.number().int().positive(),
  /** The car of the plan the trip would leave (omitted: the trip is unserved in the plan). */
  from: z.coerce.number().int().positive().optional(),
});

/** A car of the plan's pool as a target for a trip, with what the move would change. */
export const dayPlanMoveOptionSchema = z.object({
  vehicleId: z.number().int(),
  plate: z.string(),
  seats: z.number().int(),
  driverName: z.string(),
  /** Trips the car has in the plan now (0: idle, taking the trip puts one more car on the road). */
  tripsNow: z.number().int(),
  feasible: z.boolean(),
  /** Why not, in Chinese (null when feasible). */
  reason: z.string().nullable(),
  /** Change of the plan's empty driving and of its objective (model units), when feasible. */
  deltaKm: z.number().nullable(),
  deltaCost: z.number().nullable(),
});
export type DayPlanMoveOption = z.infer<typeof dayPlanMoveOptionSchema>;

/** Feasible targets first, cheapest first; then the others with their reason. */
export const dayPlanMoveOptionsSchema = z.object({ items: z.array(dayPlanMoveOptionSchema) });
