/** Great-circle distance, the only geometry the solvers need. */

export interface LatLng {
  readonly lat: number;
  readonly lng: number;
}

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * Haversine on points already in radians with their cosines: the form the matrix builders call a
 * million times. haversineMetres goes through it, so both give identical results.
 */
export function haversineRadians(
  lat1: number,
  lng1: number,
  cosLat1: number,
  lat2: number,
  lng2: number,
  cosLat2: number,
): number {
  const sLat = Math.sin((lat2 - lat1) / 2);
  const sLng = Math.sin((lng2 - lng1) / 2);
  const s = sLat * sLat + cosLat1 * cosLat2 * sLng * sLng;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Haversine distance in metres (float). Coordinates are WGS-84 degrees as stored (STYLE: keep WGS-84). */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const lat1 = a.lat * RAD;
  const lat2 = b.lat * RAD;
  return haversineRadians(lat1, a.lng * RAD, Math.cos(lat1), lat2, b.lng * RAD, Math.cos(lat2));
}

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
