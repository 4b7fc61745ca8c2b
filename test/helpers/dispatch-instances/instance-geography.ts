/**
 * Where generated instances happen: Shijiazhuang (石家庄), centre 38.04 N 114.51 E, within ±0.3°.
 * Official trips cluster around offices and depots, so most points fall near a few hotspots and
 * the rest anywhere in the box (county and township trips).
 */
import type { LatLng } from '../../../server/src/lib/dispatch-solver';
import type { SeededRandom } from './seeded-random';

export const SHIJIAZHUANG: LatLng = { lat: 38.04, lng: 114.51 };
export const BOX_DEGREES = 0.3;

/** Government quarters, stations and service centres, as offsets from the centre (degrees). */
const HOTSPOTS: readonly LatLng[] = [
  { lat: 0.0, lng: 0.0 },
  { lat: 0.025, lng: -0.04 },
  { lat: -0.03, lng: 0.03 },
  { lat: 0.05, lng: 0.06 },
  { lat: -0.06, lng: -0.05 },
  { lat: 0.08, lng: -0.1 },
  { lat: -0.1, lng: 0.12 },
  { lat: 0.12, lng: 0.15 },
];

function clampToBox(lat: number, lng: number): LatLng {
  const clamp = (x: number): number => Math.max(-BOX_DEGREES, Math.min(BOX_DEGREES, x));
  return { lat: SHIJIAZHUANG.lat + clamp(lat), lng: SHIJIAZHUANG.lng + clamp(lng) };
}

/** A point: near a hotspot with probability `clustered`, otherwise uniform in the box. */
export function randomPlace(rnd: SeededRandom, clustered = 0.85): LatLng {
  if (rnd.next() < clustered) {
    const h = rnd.pick(HOTSPOTS);
    return clampToBox(h.lat + rnd.normal() * 0.02, h.lng + rnd.normal() * 0.025);
  }
  return clampToBox(rnd.between(-BOX_DEGREES, BOX_DEGREES), rnd.between(-BOX_DEGREES, BOX_DEGREES));
}

export const CATEGORIES = [
  'general',
  'law_enforcement',
  'emergency_support',
  'confidential_communication',
  'special_technical',
] as const;

/** Share of the fleet per category (general-purpose cars dominate the pool). */
export const FLEET_CATEGORY_WEIGHTS = [65, 18, 8, 5, 4] as const;

/** Share of requests demanding a category; the first entry is "no demand" (null). */
export const DEMAND_CATEGORY_WEIGHTS = [78, 12, 5, 3, 2] as const;

/** Passenger seats by category: general cars come as 4-, 6- and 10-seaters. */
export function randomSeats(rnd: SeededRandom, category: string): number {
  return category === 'general' ? rnd.pick([4, 6, 10], [60, 25, 15]) : rnd.pick([4, 6], [70, 30]);
}
