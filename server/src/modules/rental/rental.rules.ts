import { haversineMetres } from '@shared/common/geo';
import type { Fence, GeoPoint, PriceBreakdown, PricePlan } from '@shared/rental/rental.schemas';

/** Asia/Shanghai has no daylight saving: local time is UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Minute of the Shanghai day (0–1439) at an instant. */
export function shanghaiMinuteOfDay(ms: number): number {
  return Math.floor((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / 60_000);
}

/** Whether a minute of the day falls in the night window [start, end), which may wrap past midnight. */
export function isNightMinute(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export type PlanTerms = Pick<PricePlan, 'timeUnit' | 'dayRateFen' | 'nightRateFen' | 'nightStartMinute' | 'nightEndMinute' | 'perKmFen' | 'dailyCapFen' | 'minChargeFen'>;

/**
 * The price of a rental by its car's plan (分时租赁计费), a pure function:
 * - time: every started unit (minute or hour) from the start is charged at the day or the night rate,
 *   by the Shanghai time the unit starts at (a plan without a night rate charges the day rate all day);
 * - the daily cap limits the time charge of each 24 h counted from the start (so one night's rental
 *   across midnight is one capped period, not two);
 * - km (from the terminal's mileage, 0.1 km) at the per-km rate, rounded to the fen, not capped;
 * - the minimum charge tops the total up.
 * A rental shorter than a minute is one minute (the car was unlocked and used).
 */
export function priceRental(plan: PlanTerms, startMs: number, endMs: number, kmHm: number): PriceBreakdown {
  const unitMs = plan.timeUnit === 'minute' ? 60_000 : 3600_000;
  const elapsed = Math.max(0, endMs - startMs);
  const units = Math.max(1, Math.ceil(elapsed / unitMs));
  const minutes = Math.max(1, Math.ceil(elapsed / 60_000));
  let dayFen = 0;
  let nightFen = 0;
  let capDeductionFen = 0;
  const unitsPerPeriod = DAY_MS / unitMs;
  for (let first = 0; first < units; first += unitsPerPeriod) {
    let periodDay = 0;
    let periodNight = 0;
    const last = Math.min(units, first + unitsPerPeriod);
    for (let u = first; u < last; u++) {
      const minute = shanghaiMinuteOfDay(startMs + u * unitMs);
      if (plan.nightRateFen != null && isNightMinute(minute, plan.nightStartMinute, plan.nightEndMinute)) periodNight += plan.nightRateFen;
      else periodDay += plan.dayRateFen;
    }
    dayFen += periodDay;
    nightFen += periodNight;
    if (plan.dailyCapFen != null && periodDay + periodNight > plan.dailyCapFen) capDeductionFen += periodDay + periodNight - plan.dailyCapFen;
  }
  const km = Math.max(0, kmHm) / 10;
  const kmFen = Math.round((Math.max(0, kmHm) * plan.perKmFen) / 10);
  const subtotal = dayFen + nightFen - capDeductionFen + kmFen;
  const minChargeTopUpFen = Math.max(0, plan.minChargeFen - subtotal);
  return { minutes, km, dayFen, nightFen, capDeductionFen, kmFen, minChargeTopUpFen, totalFen: subtotal + minChargeTopUpFen };
}

const toLatLng = (p: GeoPoint) => ({ lat: p.lat, lng: p.lng });

/** Ray casting on a small area (a station's fence spans metres, so degrees are flat enough). */
function insidePolygon(p: GeoPoint, poly: GeoPoint[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if ((a.lat > p.lat) !== (b.lat > p.lat) && p.lng < ((b.lng - a.lng) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lng) inside = !inside;
  }
  return inside;
}

/** Metres from a point to the nearest point of a segment (local flat projection). */
function metresToSegment(p: GeoPoint, a: GeoPoint, b: GeoPoint): number {
  const k = Math.cos((p.lat * Math.PI) / 180);
  const ax = (a.lng - p.lng) * k, ay = a.lat - p.lat, bx = (b.lng - p.lng) * k, by = b.lat - p.lat;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  const cx = ax + t * dx, cy = ay + t * dy;
  return haversineMetres({ lat: p.lat, lng: p.lng }, { lat: p.lat + cy, lng: p.lng + (k === 0 ? 0 : cx / k) });
}

/** Metres from a point to a fence: 0 inside it. */
export function distanceToFence(p: GeoPoint, fence: Fence): number {
  if (fence.kind === 'circle') return Math.max(0, Math.round(haversineMetres(toLatLng(p), toLatLng(fence.center)) - fence.radiusM));
  if (insidePolygon(p, fence.points)) return 0;
  let best = Infinity;
  for (let i = 0; i < fence.points.length; i++) best = Math.min(best, metresToSegment(p, fence.points[i]!, fence.points[(i + 1) % fence.points.length]!));
  return Math.max(1, Math.round(best));
}

export const insideFence = (p: GeoPoint, fence: Fence): boolean => distanceToFence(p, fence) === 0;

/** Battery rule: a car below this level is not offered (it may not reach a charger). */
export const MIN_BATTERY_PCT = 20;
/** The range a car must have beyond the distance the user states (a reserve of 20 %). */
export const rangeCovers = (rangeKm: number, distanceKm: number): boolean => rangeKm >= distanceKm * 1.2;
