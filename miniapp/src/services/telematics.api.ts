import { z } from 'zod';
import { http } from './http';

import {
  commandSchema, MAX_TRACK_HOURS, trackSchema, vehiclePositionListSchema,
  type Command, type CommandKind, type TrackPoint, type VehiclePosition,
} from '@shared/telematics/telematics.schemas';

/** 车联网 (server/src/modules/telematics/telematics.routes.ts); schemas shared with the server. */
export {
  commandKindLabel, commandKinds, commandStateLabel, commandStates, vehiclePositionSchema,
} from '@shared/telematics/telematics.schemas';
export type { Command, CommandKind, CommandState, Position, TrackPoint, VehiclePosition } from '@shared/telematics/telematics.schemas';

export const TRACK_MAX_MS = MAX_TRACK_HOURS * 3600_000;

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
