import { z } from 'zod';
import { loadSection } from '@config/load-config';

/** Settings of trips and dispatch (DOMAIN.md: every number configurable). */
export function loadTripSettings(env: Readonly<Record<string, string | undefined>>) {
  const s = loadSection({
    TRIP_SLOT_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
    TRIP_REMINDER_LEAD_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
    EMERGENCY_BACKFILL_HOURS: z.coerce.number().int().min(1).max(240).default(24),
    TRIP_NO_SHOW_WAIT_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
    /** How far ahead a trip may start (days from now). */
    TRIP_BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  }, env);
  return {
    slotMinutes: s.TRIP_SLOT_MINUTES, reminderLeadMinutes: s.TRIP_REMINDER_LEAD_MINUTES, backfillHours: s.EMERGENCY_BACKFILL_HOURS,
    noShowWaitMinutes: s.TRIP_NO_SHOW_WAIT_MINUTES, bookingHorizonDays: s.TRIP_BOOKING_HORIZON_DAYS,
  };
}
export type TripSettings = ReturnType<typeof loadTripSettings>;
