/** Great-circle distance, the only geometry the solvers need: the platform's one haversine (shared/common/geo). */
import { haversineMetres, haversineRadians, type LatLng } from '../../../../shared/src/common/geo';

export { haversineMetres, haversineRadians, type LatLng };

const RAD = Math.PI / 180;

/** Haversine distance rounded to whole metres, so every cost built on it is an exact integer. */
export function haversineWholeMetres(a: LatLng, b: LatLng): number {
  return Math.round(haversineMetres(a, b));
}

/** Points in radians with cosines, for haversineRadians. */
export interface RadianPoints {
  readonly lat: Float64Array;
  readonly lng: Float64Array;
  readonly cosLat: Float64Array;
}

export function toRadianPoints(points: readonly LatLng[]): RadianPoints {
  const lat = Float64Array.from(points, (p) => p.lat * RAD);
  return { lat, lng: Float64Array.from(points, (p) => p.lng * RAD), cosLat: lat.map(Math.cos) };
}

/** Distance between point i of a and point j of b, identical to haversineMetres. */
export function radianDistance(a: RadianPoints, i: number, b: RadianPoints, j: number): number {
  return haversineRadians(
    a.lat[i] as number,
    a.lng[i] as number,
    a.cosLat[i] as number,
    b.lat[j] as number,
    b.lng[j] as number,
    b.cosLat[j] as number,
  );
}
