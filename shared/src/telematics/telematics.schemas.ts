import { z } from 'zod';

/** Request/response schemas of the telematics API, used by the server routes and the mini-program. */
export const commandKinds = ['lock', 'unlock', 'locate', 'track'] as const;
export type CommandKind = (typeof commandKinds)[number];
export const commandStates = ['pending', 'sent', 'acknowledged', 'confirmed', 'failed', 'expired'] as const;
export type CommandState = (typeof commandStates)[number];
export const commandKindLabel: Record<CommandKind, string> = { lock: '锁车', unlock: '解锁', locate: '位置查询', track: '临时跟踪' };
export const commandStateLabel: Record<CommandState, string> = {
  pending: '等待下发', sent: '已下发', acknowledged: '终端已应答', confirmed: '已确认', failed: '失败', expired: '已过期',
};
/** The track API answers at most this span. */
export const MAX_TRACK_HOURS = 72;
export const vehicleIdParamSchema = z.strictObject({ id: z.coerce.number().int().positive() });
export const commandIdParamSchema = z.strictObject({ id: z.uuid() });

export const latestPositionsQuerySchema = z.strictObject({
  /** Comma-separated vehicle ids; absent = every vehicle the caller may see (first 500). */
  vehicleIds: z.string().regex(/^\d+(,\d+)*$/).optional(),
});

export const nearQuerySchema = z.strictObject({
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
  radiusM: z.coerce.number().int().positive().max(20_000).default(3000),
});

export const trackQuerySchema = z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() });

export const issueCommandSchema = z.strictObject({
  kind: z.enum(commandKinds),
  /** Client-chosen key: the same key for the same vehicle is executed once. */
  idempotencyKey: z.string().min(8).max(64).regex(/^[\w-]+$/).optional(),
  tracking: z.strictObject({ intervalS: z.number().int().min(1).max(3600), validityS: z.number().int().min(1).max(86_400) }).optional(),
  /** How long to wait for the outcome (ms); 0 = answer at once with the command id. */
  waitMs: z.number().int().min(0).max(30_000).optional(),
});
export type IssueCommandInput = z.infer<typeof issueCommandSchema>;

export const positionSchema = z.object({
  lat: z.number(), lon: z.number(), speedKmh: z.number(), direction: z.number(), gpsTime: z.string(),
  receivedAt: z.string(), accOn: z.boolean(), doorLocked: z.boolean(), alarm: z.number(),
});
export const vehiclePositionSchema = z.object({
  vehicleId: z.number(), plate: z.string(), online: z.boolean(), position: positionSchema.nullable(), distanceM: z.number().optional(),
});
export const vehiclePositionListSchema = z.object({ items: z.array(vehiclePositionSchema) });

export const trackPointSchema = z.object({ lat: z.number(), lon: z.number(), speedKmh: z.number(), direction: z.number(), gpsTime: z.string() });
export const trackSchema = z.object({ vehicleId: z.number(), points: z.array(trackPointSchema) });

export const commandSchema = z.object({
  id: z.string(), vehicleId: z.number(), kind: z.enum(commandKinds),
  state: z.enum(commandStates), final: z.boolean(), attempts: z.number(),
  lockState: z.enum(['locked', 'unlocked']).nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(), updatedAt: z.string(), deadlineAt: z.string(),
});

export type VehiclePosition = z.infer<typeof vehiclePositionSchema>;
export type Position = z.infer<typeof positionSchema>;
export type TrackPoint = z.infer<typeof trackPointSchema>;
export type Command = z.infer<typeof commandSchema>;
