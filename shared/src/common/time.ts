/**
 * Dates and times as people in Hebei read them (STYLE.md "time as UTC ISO strings, shown in
 * Asia/Shanghai"). Instants travel as UTC — a Date, epoch milliseconds or an ISO string with its
 * offset; only the calendar is Shanghai's: a date `YYYY-MM-DD`, a month `YYYY-MM`, a wall-clock
 * time. The zone comes from a time-zone library (@date-fns/tz over the runtime's Intl data), not
 * from `+ 8 * 3600_000` arithmetic, so there is one place that knows what "today" means.
 *
 * A bare `YYYY-MM-DD` given where an instant is expected means 00:00 of that day in Shanghai.
 * Every function returns plain Dates or strings (a TZDate would serialise with +08:00).
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import { addDays, addMonths, format, startOfDay, startOfMonth } from 'date-fns';

export const SHANGHAI_TIME_ZONE = 'Asia/Shanghai';

/**
 * The zone the library computes in. Some mini-program engines ship without Intl time-zone data; there
 * the library cannot read Asia/Shanghai and would give NaN, so we fall back to its offset, which is
 * exact for every date we handle (no daylight saving since 1991).
 */
const ZONE = Number.isFinite(tzOffset(SHANGHAI_TIME_ZONE, new Date())) ? SHANGHAI_TIME_ZONE : '+08:00';

/** An instant: a Date, epoch ms, an ISO string with its offset, or a Shanghai date `YYYY-MM-DD` (its 00:00). */
export type Instant = Date | number | string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_MONTH = /^(\d{4})-(\d{2})$/;

function inShanghai(at: Instant): TZDate {
  if (typeof at === 'string') {
    const d = LOCAL_DATE.exec(at);
    if (d) return new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), ZONE);
    return new TZDate(Date.parse(at), ZONE);
  }
  return new TZDate(+at, ZONE);
}

const plain = (d: Date): Date => new Date(d.getTime());

/** The date-fns pattern of `at` in Shanghai; by default `2026年11月26日 09:00`. */
export function formatShanghai(at: Instant, pattern = 'yyyy年MM月dd日 HH:mm'): string {
  return format(inShanghai(at), pattern);
}

/** `YYYY-MM-DD`: the Shanghai calendar date of an instant. */
export function shanghaiDate(at: Instant): string {
  return format(inShanghai(at), 'yyyy-MM-dd');
}

/** `YYYY-MM`: the Shanghai calendar month of an instant. */
export function shanghaiMonth(at: Instant): string {
  return format(inShanghai(at), 'yyyy-MM');
}

/** `HH:mm` (or `HH:mm:ss`) on a Shanghai wall clock. */
export function shanghaiTime(at: Instant, withSeconds = false): string {
  return format(inShanghai(at), withSeconds ? 'HH:mm:ss' : 'HH:mm');
}

/** RFC 3339 with Shanghai's offset, `2026-03-01T09:00:00+08:00`, as WeChat Pay writes times. */
export function shanghaiIso(at: Instant): string {
  return format(inShanghai(at), "yyyy-MM-dd'T'HH:mm:ssXXX");
}

/** The instant of a Shanghai date and wall-clock time `HH:mm` or `HH:mm:ss` (default 00:00). */
export function shanghaiInstant(date: string, time = '00:00'): Date {
  const d = LOCAL_DATE.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) throw new RangeError(`not a Shanghai date and time: ${date} ${time}`);
  return plain(new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0), ZONE));
}

/** 00:00 in Shanghai of the day an instant (or a `YYYY-MM-DD`) falls on. */
export function startOfShanghaiDay(at: Instant): Date {
  return plain(startOfDay(inShanghai(at)));
}

/** 00:00 in Shanghai of the first day of a month: of an instant's month, or of a `YYYY-MM`. */
export function startOfShanghaiMonth(at: Instant): Date {
  const m = typeof at === 'string' ? LOCAL_MONTH.exec(at) : null;
  if (m) return plain(new TZDate(Number(m[1]), Number(m[2]) - 1, 1, ZONE));
  return plain(startOfMonth(inShanghai(at)));
}

/** The instants bounding a Shanghai day, `[from, to)`. */
export function shanghaiDayBounds(at: Instant): { from: Date; to: Date } {
  const from = startOfDay(inShanghai(at));
  return { from: plain(from), to: plain(addDays(from, 1)) };
}

/** The instants bounding a Shanghai month (`YYYY-MM` or an instant in it), `[from, to)`. */
export function shanghaiMonthBounds(at: Instant): { from: Date; to: Date } {
  const from = new TZDate(startOfShanghaiMonth(at).getTime(), ZONE);
  return { from: plain(from), to: plain(addMonths(from, 1)) };
}

/** `YYYY-MM-DD` of the Shanghai day `days` after (before, if negative) the day of an instant or date. */
export function addShanghaiDays(at: Instant, days: number): string {
  return shanghaiDate(addDays(inShanghai(at), days));
}

/** Whole minutes from 00:00 of Shanghai date `date` to an instant (may exceed a day, or be negative). */
export function minutesIntoShanghaiDay(date: string, at: Instant): number {
  return Math.floor((inShanghai(at).getTime() - startOfShanghaiDay(date).getTime()) / 60_000);
}
