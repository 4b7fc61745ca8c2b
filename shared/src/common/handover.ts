import { z } from 'zod';

/**
 * Evidence at a handover (#21 item 2), shared by time-share rentals (取车 / 还车) and official trips
 * (出车 / 回场): a photo of one side of the car, kept with the terminal's state at that moment
 * (charge or fuel, odometer, doors, ignition, position) and a timestamp.
 */
export const carSides = ['front', 'back', 'left', 'right'] as const;
export type CarSide = (typeof carSides)[number];
export const carSideLabel: Record<CarSide, string> = { front: '车头', back: '车尾', left: '左侧', right: '右侧' };
export const carSideParam = z.enum(carSides, '拍摄位置须为车头、车尾、左侧或右侧');

/** One photo with the terminal's state when it was taken; each capability adds whose handover it is. */
export const evidencePhotoSchema = z.object({
  id: z.number().int(),
  side: z.enum(carSides),
  takenAt: z.string(),
  /** Charge (NEV) or fuel level in percent, where known; null when the car does not report it. */
  chargePct: z.number().int().nullable(),
  /** Fuel level in litres as the terminal reports it (JT/T 808 item 0x02); null when it reports none. */
  fuelL: z.number().nullable(),
  odometerKm: z.number().nullable(),
  doorLocked: z.boolean().nullable(),
  accOn: z.boolean().nullable(),
  position: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  fixAt: z.string().nullable(),
  online: z.boolean(),
  /** A view link, signed and valid for an hour. */
  url: z.string(),
});
export type EvidencePhoto = z.infer<typeof evidencePhotoSchema>;

/** The query of a signed photo link. */
export const photoImageQuerySchema = z.strictObject({
  exp: z.coerce.number().int().positive(),
  sig: z.string().regex(/^[0-9a-f]{32}$/, '签名格式不正确'),
});
