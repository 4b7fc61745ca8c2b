/** Great-circle distance, the only geometry the solvers need. */

export interface LatLng {
  readonly lat: number;
  readonly lng: number;
}

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Haversine distance in metres (float). Coordinates are WGS-84 degrees as stored (STYLE: keep WGS-84). */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const s =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Haversine distance rounded to whole metres, so every cost built on it is an exact integer. */
export function haversineWholeMetres(a: LatLng, b: LatLng): number {
  return Math.round(haversineMetres(a, b));
}
