import { z } from 'zod';

/**
 * A vehicle terminal raised or cleared alarm bits (JT/T 808 0x0200 alarm word, table 24 of the
 * protocol): emergency, overspeed, fatigue, geofence, tampering… Supervision's warnings subscribe.
 * Coordinates as the terminal reports them (WGS-84), in degrees.
 */
export const vehicleAlarmSchema = z.object({
  vehicleId: z.number().int(),
  bits: z.array(z.number().int().min(0).max(31)).min(1),
  at: z.string(),
  lat: z.number(),
  lng: z.number(),
});
export type VehicleAlarm = z.infer<typeof vehicleAlarmSchema>;

export const telematicsEvents = {
  'vehicle.alarm_raised': vehicleAlarmSchema,
  'vehicle.alarm_cleared': vehicleAlarmSchema,
} as const;
