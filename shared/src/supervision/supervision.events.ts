import { z } from 'zod';
import { warningActions, warningGrades, warningKinds, warningStatuses } from './supervision.schemas';

/** A warning (预警) the rules raised: the upward feed's 违规预警 reports it. */
export const warningRaisedSchema = z.object({
  warningId: z.number().int(),
  kind: z.enum(warningKinds),
  grade: z.enum(warningGrades),
  vehicleId: z.number().int().nullable(),
  plate: z.string().nullable(),
  unitId: z.number().int(),
  regionCode: z.string(),
  tripId: z.number().int().nullable(),
  title: z.string(),
  detail: z.string(),
  occurredAt: z.string(),
  at: z.string(),
});

/** A step of the warning's loop (核查、申诉、处理、通报): its status after it; `closed` once nothing is left to do on it. */
export const warningChangedSchema = z.object({
  warningId: z.number().int(),
  kind: z.enum(warningKinds),
  grade: z.enum(warningGrades),
  unitId: z.number().int(),
  regionCode: z.string(),
  vehicleId: z.number().int().nullable(),
  action: z.enum(warningActions),
  status: z.enum(warningStatuses),
  closed: z.boolean(),
  note: z.string(),
  actorName: z.string(),
  at: z.string(),
});

export const supervisionEvents = {
  'warning.raised': warningRaisedSchema,
  'warning.changed': warningChangedSchema,
} as const;
