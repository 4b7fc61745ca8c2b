import { z } from 'zod';
import { loadSection } from '@config/load-config';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
const minutesOf = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/**
 * Settings of 排班方案 (day plans). Drivers' hours are the unit's working day: a driver leaves no
 * earlier than the shift start, finishes by its end and is on duty (from leaving to the end of the
 * last trip) at most the maximum duty.
 */
export function loadDayPlanSettings(env: Readonly<Record<string, string | undefined>>) {
  const s = loadSection({
    DAY_PLAN_SHIFT_START: hhmm.default('07:00'),
    DAY_PLAN_SHIFT_END: hhmm.default('21:00'),
    DAY_PLAN_MAX_DUTY_MINUTES: z.coerce.number().int().min(60).max(24 * 60).default(660),
    /** Minutes between one trip's end and leaving for the next (at least the booking slot). */
    DAY_PLAN_TURNAROUND_MINUTES: z.coerce.number().int().min(0).max(120).default(10),
    /** Average speed of empty driving, km/h. */
    DAY_PLAN_SPEED_KMH: z.coerce.number().min(5).max(120).default(40),
    /** Time limit of a thorough plan, seconds. */
    DAY_PLAN_THOROUGH_SECONDS: z.coerce.number().int().min(5).max(3600).default(180),
    DAY_PLAN_DAYS_AHEAD: z.coerce.number().int().min(0).max(60).default(14),
    /** Local time (Asia/Shanghai) at which tomorrow's thorough plans are made for every unit with approved trips; `off`: never. */
    DAY_PLAN_NIGHTLY_AT: z.union([hhmm, z.literal('off')]).default('18:00'),
    /** Time limit of each nightly plan, seconds: nobody waits for it, and a 1,000-trip day needs ~15 minutes to come within 2 % of its bound. */
    DAY_PLAN_NIGHTLY_SECONDS: z.coerce.number().int().min(5).max(3 * 3600).default(1200),
  }, env);
  if (minutesOf(s.DAY_PLAN_SHIFT_END) <= minutesOf(s.DAY_PLAN_SHIFT_START)) throw new Error('DAY_PLAN_SHIFT_END must be after DAY_PLAN_SHIFT_START');
  return {
    shiftStartMin: minutesOf(s.DAY_PLAN_SHIFT_START),
    shiftEndMin: minutesOf(s.DAY_PLAN_SHIFT_END),
    maxDutyMin: s.DAY_PLAN_MAX_DUTY_MINUTES,
    turnaroundMin: s.DAY_PLAN_TURNAROUND_MINUTES,
    speedKmh: s.DAY_PLAN_SPEED_KMH,
    thoroughSeconds: s.DAY_PLAN_THOROUGH_SECONDS,
    daysAhead: s.DAY_PLAN_DAYS_AHEAD,
    nightlyAtMin: s.DAY_PLAN_NIGHTLY_AT === 'off' ? null : minutesOf(s.DAY_PLAN_NIGHTLY_AT),
    nightlySeconds: s.DAY_PLAN_NIGHTLY_SECONDS,
  };
}
export type DayPlanSettings = ReturnType<typeof loadDayPlanSettings>;
