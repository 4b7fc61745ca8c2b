import gcoord from 'gcoord';
import type { LatLng } from './geo';

/**
 * WGS-84 (satellites: terminals, a phone's GPS) ↔ GCJ-02 (maps in China: Tencent's place search,
 * WeChat's map), converted at the edge where a source or a sink speaks the other one (#14 item 1).
 * Trips keep GCJ-02; telematics keeps WGS-84.
 */
export function wgs84ToGcj02(p: LatLng): { lat: number; lng: number } {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return { lat: round6(lat), lng: round6(lng) };
}

export function gcj02ToWgs84(p: LatLng): { lat: number; lng: number } {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  return { lat: round6(lat), lng: round6(lng) };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
