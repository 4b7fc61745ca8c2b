import { z } from 'zod';
import { http } from './http';

/**
 * 车联网 (server/src/modules/telematics/telematics.routes.ts). The response schemas mirror
 * server/src/modules/telematics/telematics.schemas.ts field for field: they are not in shared/ yet,
 * and the mini-program may import only shared/. Move them there and import them when the lead does.
 */
const positionSchema = z.object({
  lat: z.number(), lon: z.number(), speedKmh: z.number(), direction: z.number(), gpsTime: z.string(),
  receivedAt: z.string(), accOn: z.boolean(), doorLocked: z.boolean(), alarm: z.number(),
});
export const vehiclePositionSchema = z.object({
  vehicleId: z.number(), plate: z.string(), online: z.boolean(), position: positionSchema.nullable(), distanceM: z.number().optional(),
});
export type VehiclePosition = z.infer<typeof vehiclePositionSchema>;
export type Position = z.infer<typeof positionSchema>;
const vehiclePositionListSchema = z.object({ items: z.array(vehiclePositionSchema) });

const trackPointSchema = z.object({ lat: z.number(), lon: z.number(), speedKmh: z.number(), direction: z.number(), gpsTime: z.string() });
export type TrackPoint = z.infer<typeof trackPointSchema>;
const trackSchema = z.object({ vehicleId: z.number(), points: z.array(trackPointSchema) });

export const commandKinds = ['lock', 'unlock', 'locate', 'track'] as const;
export type CommandKind = (typeof commandKinds)[number];
export const commandStates = ['pending', 'sent', 'acknowledged', 'confirmed', 'failed', 'expired'] as const;
export type CommandState = (typeof commandStates)[number];
const commandSchema = z.object({
  id: z.string(), vehicleId: z.number(), kind: z.enum(commandKinds),
  state: z.enum(commandStates), final: z.boolean(), attempts: z.number(),
  lockState: z.enum(['locked', 'unlocked']).nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(), updatedAt: z.string(), deadlineAt: z.string(),
});
export type Command = z.infer<typeof commandSchema>;

export const commandKindLabel: Record<CommandKind, string> = { lock: '锁车', unlock: '解锁', locate: '位置查询', track: '临时跟踪' };
export const commandStateLabel: Record<CommandState, string> = {
  pending: '等待下发', sent: '已下发', acknowledged: '终端已应答', confirmed: '已确认', failed: '失败', expired: '已过期',
};

/** The track API answers at most this span (server: trackQuerySchema, ≤ 72 h). */
export const TRACK_MAX_MS = 72 * 3600_000;

/** Latest position and online state of every vehicle I may see, or of the given ones. */
export async function fetchPositions(vehicleIds?: number[]): Promise<VehiclePosition[]> {
  const query = vehicleIds?.length ? { vehicleIds: vehicleIds.join(',') } : undefined;
  const { items } = await http.get('/api/telematics/positions', vehiclePositionListSchema, { silent: true, query });
  return items;
}

export async function fetchTrack(vehicleId: number, from: string, to: string): Promise<TrackPoint[]> {
  const { points } = await http.get(`/api/telematics/vehicles/${vehicleId}/track`, trackSchema, { silent: true, query: { from, to } });
  return points;
}

/**
 * Sends a door command. The server waits a few seconds for the outcome: `final` tells whether the
 * answer is the outcome or a command to poll. The idempotency key makes a retried tap execute once.
 */
export function issueCommand(vehicleId: number, kind: CommandKind, idempotencyKey: string): Promise<Command> {
  return http.post(`/api/telematics/vehicles/${vehicleId}/commands`, { kind, idempotencyKey }, commandSchema, { silent: true });
}

export function fetchCommand(id: string): Promise<Command> {
  return http.get(`/api/telematics/commands/${id}`, commandSchema, { silent: true });
}
