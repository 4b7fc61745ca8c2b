/**
 * The one great-circle distance of the platform (server, dispatch solver, mini-program). Points are
 * WGS-84 degrees as terminals report and we store them (STYLE.md: convert to GCJ-02 only at the map);
 * longitude is `lng` in new code.
 */
export interface LatLng {
  readonly lat: number;
  readonly lng: number;
}

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * Haversine on points already in radians with their cosines: the form the dispatch solver's matrix
 * builders call a million times. haversineMetres goes through it, so both give identical results.
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

/** Great-circle (haversine) distance in metres, as a float. */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const lat1 = a.lat * RAD;
  const lat2 = b.lat * RAD;
  return haversineRadians(lat1, a.lng * RAD, Math.cos(lat1), lat2, b.lng * RAD, Math.cos(lat2));
}
