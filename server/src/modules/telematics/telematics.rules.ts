import { haversineMetres } from '@shared/common/geo';
import { STATUS } from './jt808';

/** Pure rules of the telematics module: grid cells for "near me", distances, alarm/status diffs. */

/** Grid step in degrees for the "near me" index (~5.5 km north–south). */
export const CELL_DEG = 0.05;
/** Largest radius served by nearby queries, so one query reads a bounded number of cells. */
export const MAX_NEAR_RADIUS_M = 20_000;

export function cellOf(latE6: number, lonE6: number): string {
  return `${Math.floor(latE6 / 1e6 / CELL_DEG)}:${Math.floor(lonE6 / 1e6 / CELL_DEG)}`;
}

/** Every cell that intersects the square around a point of half-side `radiusM`. */
export function cellsAround(lat: number, lon: number, radiusM: number): string[] {
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  const out: string[] = [];
  for (let i = Math.floor((lat - dLat) / CELL_DEG); i <= Math.floor((lat + dLat) / CELL_DEG); i++) {
    for (let j = Math.floor((lon - dLon) / CELL_DEG); j <= Math.floor((lon + dLon) / CELL_DEG); j++) out.push(`${i}:${j}`);
  }
  return out;
}

/** Metres between two points given as the protocol's degrees (the platform's one haversine). */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return haversineMetres({ lat: lat1, lng: lon1 }, { lat: lat2, lng: lon2 });
}

/** Alarm bits that become supervision warnings (jt808.md "Alarm bits"; DOMAIN.md §7). */
export const WATCHED_ALARMS: Record<number, string> = {
  0: 'sos', 1: 'overspeed', 2: 'fatigue', 8: 'mainPowerCut', 13: 'overspeedWarning', 14: 'fatigueWarning', 18: 'dailyDrivingOvertime',
  19: 'overtimeParking', 20: 'area', 21: 'route', 23: 'routeDeviation', 27: 'illegalIgnition',
  28: 'illegalMovement', 29: 'collision', 30: 'rollover',
};

/** Status bits whose change is an event: ACC, door lock, oil and power cut, door 1 open. */
export const WATCHED_STATUS: Record<string, number> = {
  acc: STATUS.acc, doorLocked: STATUS.doorLocked, oilCut: STATUS.oilCut, powerCut: STATUS.powerCut, door1Open: STATUS.door1Open,
};

export function bitsOf(mask: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < 32; b++) if ((mask >>> b) & 1 && WATCHED_ALARMS[b] !== undefined) out.push(b);
  return out;
}

/** Alarm bits newly set and newly cleared between two reports. */
export function alarmChanges(prev: number, next: number): { raised: number[]; cleared: number[] } {
  return { raised: bitsOf(next & ~prev), cleared: bitsOf(prev & ~next) };
}

/** Watched status flags that changed, with their new value; empty when nothing watched changed. */
export function statusChanges(prev: number, next: number): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const [name, bit] of Object.entries(WATCHED_STATUS)) {
    if ((prev & bit) !== (next & bit)) out[name] = (next & bit) !== 0;
  }
  return out;
}

/** Resend schedule of the standard: T(n+1) = T(n) × (n+1), from T(1) = first. */
export function resendDelays(firstMs: number, retries: number): number[] {
  const out = [firstMs];
  for (let n = 1; n <= retries; n++) out.push(out[n - 1] * (n + 1));
  return out;
}

const STATE_RANK: Record<string, number> = { pending: 0, sent: 1, acknowledged: 2, confirmed: 3, failed: 3, expired: 3 };

/** Command states only move forward; a final state (confirmed, failed, expired) never changes. */
export function canMoveTo(from: string, to: string): boolean {
  return STATE_RANK[from] < 3 && STATE_RANK[to] > STATE_RANK[from];
}
