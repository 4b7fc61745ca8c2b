import { formatShanghai, minutesIntoShanghaiDay, shanghaiDate } from '@shared/common/time';
import { formatPlate } from '@shared/common/format';
import { haversineMetres, type LatLng } from '@shared/common/geo';
import type { GeofenceKind, WarningKind } from '@shared/supervision/supervision.schemas';
import type { GeofenceRow } from './supervision.entity';
import type { RedisClient } from '../../platform/redis';

/**
 * 电子围栏 (#18 item 1), pure: whether a point is inside a circle or a polygon, whether a fence's time
 * window holds at an instant (Beijing time), and the episodes of a car against its unit's fences —
 * one warning per episode (a stretch of reports outside a permitted area, or inside a forbidden one,
 * while the window holds), not one per report.
 */

/** Days of the week 1 = 周一 … 7 = 周日, and minutes into the Beijing day [fromMin, toMin); toMin < fromMin spans midnight. */
export interface FenceWindow { days: number[]; fromMin: number; toMin: number }
export interface FenceShape { circle: { lat: number; lng: number; radiusM: number } | null; polygon: LatLng[] | null }
export interface WatchedFence extends FenceShape {
  id: number; name: string; kind: GeofenceKind; unitId: number; regionCode: string; window: FenceWindow | null;
}

/**
 * Ray casting on the plane of longitude and latitude: fine for a county-sized polygon away from the
 * poles and the antimeridian (which China is). A point on an edge counts as inside.
 */
export function pointInPolygon(p: LatLng, polygon: readonly LatLng[]): boolean {
  if (polygon.length < 3) return false;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (onSegment(p, a, b)) return true;
    if ((a.lat > p.lat) !== (b.lat > p.lat) && p.lng < ((b.lng - a.lng) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lng) inside = !inside;
  }
  return inside;
}

function onSegment(p: LatLng, a: LatLng, b: LatLng): boolean {
  const cross = (b.lng - a.lng) * (p.lat - a.lat) - (b.lat - a.lat) * (p.lng - a.lng);
  if (Math.abs(cross) > 1e-12) return false;
  return p.lng >= Math.min(a.lng, b.lng) && p.lng <= Math.max(a.lng, b.lng) && p.lat >= Math.min(a.lat, b.lat) && p.lat <= Math.max(a.lat, b.lat);
}

export function pointInCircle(p: LatLng, c: { lat: number; lng: number; radiusM: number }): boolean {
  return haversineMetres(p, c) <= c.radiusM;
}

export function insideFence(p: LatLng, f: FenceShape): boolean {
  if (f.circle) return pointInCircle(p, f.circle);
  return f.polygon ? pointInPolygon(p, f.polygon) : false;
}

/** ISO day of the week (1 = Monday … 7 = Sunday) of a Beijing date YYYY-MM-DD. */
export const isoWeekday = (day: string): number => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/**
 * Whether a window holds at an instant (Beijing time). No window: always. A window across midnight
 * (22:00–06:00) holds after its start on a listed day and before its end on the day after one.
 */
export function windowHolds(w: FenceWindow | null, atMs: number): boolean {
  if (!w) return true;
  const day = shanghaiDate(atMs);
  const min = minutesIntoShanghaiDay(day, atMs);
  const wd = isoWeekday(day);
  if (w.fromMin < w.toMin) return w.days.includes(wd) && min >= w.fromMin && min < w.toMin;
  const yesterday = wd === 1 ? 7 : wd - 1;
  return (w.days.includes(wd) && min >= w.fromMin) || (w.days.includes(yesterday) && min < w.toMin);
}

const dayNames = ['', '一', '二', '三', '四', '五', '六', '日'];
export const hhmm = (min: number): string => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
export const parseHhmm = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** 周一至周五 08:00–18:00, 周六、周日 全天, or 全天候. */
export function windowLabel(w: FenceWindow | null): string {
  if (!w) return '全天候';
  const days = [...new Set(w.days)].sort((a, b) => a - b);
  const run = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  const dayText = days.length === 7 ? '每天' : run ? `周${dayNames[days[0]!]}至周${dayNames[days[days.length - 1]!]}` : days.map((d) => `周${dayNames[d]}`).join('、');
  return `${dayText} ${hhmm(w.fromMin)}–${hhmm(w.toMin)}`;
}

/** A breach to raise (through the engine's idempotent `raise`). */
export interface FenceDue {
  kind: WarningKind; dedupeKey: string; vehicle: { id: number; plate: string }; unitId: number; regionCode: string;
  tripId: null; title: string; detail: string; occurredAt: Date;
}
export interface FenceCar { id: number; plate: string; ownerUnitId: number; regionCode: string }
export interface FenceFix { vehicleId: number; atMs: number; lat: number; lng: number }

/** Whether a fix breaches a fence now: outside a permitted area or inside a forbidden one, while the window holds. */
export function breaches(f: WatchedFence, fix: FenceFix): boolean {
  if (!windowHolds(f.window, fix.atMs)) return false;
  const inside = insideFence(fix, f);
  return f.kind === 'permitted' ? !inside : inside;
}

/**
 * Where episodes are shared (Redis in the app, so every instance and a restarted one agree): `open`
 * records an episode's first breaching fix unless one is recorded already, and answers the recorded one;
 * `close` forgets it.
 */
export interface EpisodeStore {
  open(key: string, atMs: number): Promise<number>;
  close(key: string): Promise<void>;
}

/** Episodes in this process only (unit tests of the rules, the bench). */
export class MemoryEpisodes implements EpisodeStore {
  private readonly since = new Map<string, number>();
  async open(key: string, atMs: number): Promise<number> {
    if (!this.since.has(key)) this.since.set(key, atMs);
    return this.since.get(key)!;
  }
  async close(key: string): Promise<void> {
    this.since.delete(key);
  }
}

/** Episodes in Redis: SET NX then GET, so two instances seeing the same exit key its warning alike. */
export class RedisEpisodes implements EpisodeStore {
  constructor(private readonly redis: RedisClient, private readonly ttlSeconds = 30 * 86_400) {}
  async open(key: string, atMs: number): Promise<number> {
    await this.redis.set(`supervision:fence-episode:${key}`, String(atMs), 'EX', this.ttlSeconds, 'NX');
    return Number((await this.redis.get(`supervision:fence-episode:${key}`)) ?? atMs);
  }
  async close(key: string): Promise<void> {
    await this.redis.del(`supervision:fence-episode:${key}`);
  }
}

type EpisodeStep = { open: true; key: string; atMs: number; due: FenceDue } | { open: false; key: string };

/**
 * The cars' episodes against their units' fences: an episode opens with the first breaching fix and
 * closes with the first fix that does not breach (back inside, out of the forbidden area, or the window
 * over). `judge` decides in memory; `settle` then shares the openings and closings through the episode
 * store and keys each warning by the fence, the car and the episode's first fix as the store recorded it,
 * so an episode is raised once across instances and restarts (the warnings' dedupe key does the rest).
 */
export class GeofenceWatch {
  private byUnit = new Map<number, WatchedFence[]>();
  /** Per fence and car: open since (ms), or false when known closed; absent when not known (a fresh instance). */
  private readonly state = new Map<string, number | false>();
  private readonly last = new Map<number, number>();
  private steps: EpisodeStep[] = [];

  constructor(private readonly episodes: EpisodeStore = new MemoryEpisodes()) {}

  know(fences: WatchedFence[]): void {
    const byUnit = new Map<number, WatchedFence[]>();
    for (const f of fences) byUnit.set(f.unitId, [...(byUnit.get(f.unitId) ?? []), f]);
    this.byUnit = byUnit;
    const ids = new Set(fences.map((f) => f.id));
    for (const k of this.state.keys()) if (!ids.has(Number(k.split(':')[0]))) this.state.delete(k);
  }

  /** Decides in memory; what it opens or closes waits for `settle`. */
  judge(fix: FenceFix, car: FenceCar): FenceDue[] {
    const fences = this.byUnit.get(car.ownerUnitId);
    if (!fences?.length) return [];
    const before = this.last.get(fix.vehicleId);
    if (before != null && fix.atMs <= before) return []; // a late or repeated fix says nothing new
    this.last.set(fix.vehicleId, fix.atMs);
    const due: FenceDue[] = [];
    for (const f of fences) {
      const key = `${f.id}:${fix.vehicleId}`;
      const known = this.state.get(key);
      if (!breaches(f, fix)) {
        if (known !== false) { this.state.set(key, false); this.steps.push({ open: false, key }); }
        continue;
      }
      if (typeof known === 'number') continue;
      this.state.set(key, fix.atMs);
      const exit = f.kind === 'permitted';
      const d: FenceDue = {
        kind: exit ? 'area_exit' : 'forbidden_area_entry', dedupeKey: `fence:${f.id}:${fix.vehicleId}:${fix.atMs}`,
        vehicle: { id: car.id, plate: car.plate }, unitId: car.ownerUnitId, regionCode: car.regionCode, tripId: null, occurredAt: new Date(fix.atMs),
        title: `${formatPlate(car.plate)} ${exit ? '驶出' : '驶入'}「${f.name}」`,
        detail: `${formatShanghai(fix.atMs)} 位于 ${fix.lat.toFixed(5)}, ${fix.lng.toFixed(5)}，${exit ? '在允许区域之外' : '在禁入区域之内'}（电子围栏「${f.name}」，${windowLabel(f.window)}）`,
      };
      this.steps.push({ open: true, key, atMs: fix.atMs, due: d });
      due.push(d);
    }
    return due;
  }

  /** Shares what `judge` decided, in order, and rekeys each due warning by the episode's recorded first fix. */
  settle(): Promise<void> {
    // Chained, so a batch judged here is settled by the time its own call resolves even if another took its steps.
    this.settling = this.settling.then(() => this.share(), () => this.share());
    return this.settling;
  }

  private settling: Promise<void> = Promise.resolve();

  private async share(): Promise<void> {
    const steps = this.steps;
    this.steps = [];
    for (const s of steps) {
      if (!s.open) { await this.episodes.close(s.key); continue; }
      const since = await this.episodes.open(s.key, s.atMs);
      if (this.state.get(s.key) === s.atMs) this.state.set(s.key, since);
      s.due.dedupeKey = `fence:${s.key}:${since}`;
    }
  }
}

/** A stored fence as the rules read it. */
export function toWatchedFence(g: GeofenceRow): WatchedFence {
  return {
    id: g.id, name: g.name, kind: g.kind, unitId: g.unitId, regionCode: g.regionCode,
    circle: g.radiusM != null ? { lat: Number(g.centerLat), lng: Number(g.centerLng), radiusM: g.radiusM } : null,
    polygon: g.polygonJson ? (JSON.parse(g.polygonJson) as LatLng[]) : null,
    window: g.days ? { days: g.days.split(',').map(Number), fromMin: g.fromMin ?? 0, toMin: g.toMin ?? 24 * 60 } : null,
  };
}
