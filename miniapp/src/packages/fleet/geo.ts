/**
 * Pure geometry for the fleet pages: distances, the plotted view on H5, and WGS-84 → GCJ-02 for
 * WeChat's map (STYLE.md "Mini-program UI": terminals report WGS-84, maps in China use GCJ-02;
 * convert at the display edge). No I/O here.
 */
import { haversineMetres } from '@shared/common/geo';

/** A position as the telematics API gives it (`lon`; new code says `lng`, shared/common/geo). */
export interface LatLon { lat: number; lon: number }

const rad = (d: number) => (d * Math.PI) / 180;

export function distanceM(a: LatLon, b: LatLon): number {
  return haversineMetres({ lat: a.lat, lng: a.lon }, { lat: b.lat, lng: b.lon });
}

export function pathLengthM(points: readonly LatLon[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distanceM(points[i - 1]!, points[i]!);
  return total;
}

/** Landmarks of Shijiazhuang for orientation on the plotted view (WGS-84, as terminals report). */
export const landmarks: Array<LatLon & { name: string }> = [
  { name: '省政府', lat: 38.0451, lon: 114.5076 },
  { name: '石家庄站', lat: 38.0105, lon: 114.4836 },
  { name: '河北会议中心', lat: 38.0595, lon: 114.521 },
  { name: '国际会展中心', lat: 38.1381, lon: 114.5812 },
  { name: '正定新区', lat: 38.1567, lon: 114.5861 },
];

export interface Projection {
  width: number;
  height: number;
  project(p: LatLon): { x: number; y: number };
  /** Metres per SVG unit, for the scale bar. */
  metresPerUnit: number;
  /** Inside the view, at least `margin` units from its edges. */
  contains(p: LatLon, margin?: number): boolean;
}

/**
 * Equirectangular projection of the box around `points` onto width×height, north up, the same scale
 * on both axes (longitude shrunk by cos(latitude)); `padding` SVG units on every side.
 */
export function fitProjection(points: readonly LatLon[], width: number, height: number, padding = 24, minSpanM = 1500): Projection {
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const midLat = points.length ? (Math.min(...lats) + Math.max(...lats)) / 2 : 38.0428;
  const midLon = points.length ? (Math.min(...lons) + Math.max(...lons)) / 2 : 114.5149;
  const kx = 111_320 * Math.cos(rad(midLat));
  const ky = 110_574;
  const spanX = Math.max(points.length ? (Math.max(...lons) - Math.min(...lons)) * kx : 0, minSpanM);
  const spanY = Math.max(points.length ? (Math.max(...lats) - Math.min(...lats)) * ky : 0, minSpanM);
  const unitsPerM = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const project = (p: LatLon) => ({
    x: width / 2 + (p.lon - midLon) * kx * unitsPerM,
    y: height / 2 - (p.lat - midLat) * ky * unitsPerM,
  });
  return {
    width, height, project, metresPerUnit: 1 / unitsPerM,
    contains(p, margin = 0) {
      const { x, y } = project(p);
      return x >= margin && x <= width - margin && y >= margin && y <= height - margin;
    },
  };
}

/** A round length (100 m, 200 m, 500 m, 1 km, …) close to a quarter of the view's width. */
export function scaleBar(proj: Projection): { metres: number; units: number; label: string } {
  const target = (proj.width / 4) * proj.metresPerUnit;
  const steps = [50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];
  const metres = steps.reduce((best, s) => (Math.abs(s - target) < Math.abs(best - target) ? s : best), steps[0]!);
  return { metres, units: metres / proj.metresPerUnit, label: metres >= 1000 ? `${metres / 1000} 公里` : `${metres} 米` };
}

const directions = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'];
/** 0° = north, clockwise (JT/T 808 0x0200 direction). */
export function directionLabel(deg: number): string {
  return directions[Math.round((((deg % 360) + 360) % 360) / 45) % 8]!;
}

// GCJ-02 (国测局) offset, the published approximation used by every Chinese map SDK.
const A = 6378245.0;
const EE = 0.006693421622965943;

function outOfChina(lat: number, lon: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

export function wgs84ToGcj02(p: LatLon): LatLon {
  if (outOfChina(p.lat, p.lon)) return p;
  const dLat0 = transformLat(p.lon - 105, p.lat - 35);
  const dLon0 = transformLon(p.lon - 105, p.lat - 35);
  const radLat = rad(p.lat);
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (dLat0 * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (dLon0 * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lon: p.lon + dLon };
}
