import { z } from 'zod';
import { carSideParam, evidencePhotoSchema } from '../common/handover';

/**
 * 出车 / 回场 evidence of an official trip (#21 item 2): the driver photographs the car's four sides at
 * departure and at return; each photo is kept with the terminal's state at that moment and a time, on
 * the trip's assignment (one car of the trip), and shown on the trip to its dispatcher and unit.
 */
export const tripEvidenceStages = ['depart', 'return'] as const;
export type TripEvidenceStage = (typeof tripEvidenceStages)[number];
export const tripEvidenceStageLabel: Record<TripEvidenceStage, string> = { depart: '出车', return: '回场' };

export const tripEvidencePhotoSchema = evidencePhotoSchema.extend({
  assignmentId: z.number().int(),
  stage: z.enum(tripEvidenceStages),
});
export type TripEvidencePhoto = z.infer<typeof tripEvidencePhotoSchema>;

/** The evidence of a trip, per car (assignment), with the plate and driver for the dispatcher's view. */
export const tripEvidenceSchema = z.object({
  tripId: z.number().int(),
  cars: z.array(z.object({
    assignmentId: z.number().int(),
    plate: z.string(),
    driverName: z.string(),
    photos: z.array(tripEvidencePhotoSchema),
  })),
});
export type TripEvidence = z.infer<typeof tripEvidenceSchema>;

export const tripEvidenceUploadParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  stage: z.enum(tripEvidenceStages, '拍摄阶段须为出车或回场'),
  side: carSideParam,
});
