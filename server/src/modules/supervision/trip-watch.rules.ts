import { formatShanghai, shanghaiDate } from '@shared/common/time';
import { formatPlate } from '@shared/common/format';
import { haversineMetres, type LatLng } from '@shared/common/geo';
import { poiCategoryLabel, type PoiCategory, type WarningKind } from '@shared/supervision/supervision.schemas';

/**
 * Trips that supervise themselves (#21 item 4). Each departed trip defines a time window (its 派车单's
 * start and end) and a route corridor (its origin and destinations, and the road distance between
 * them); the position rules then flag leaving the corridor (偏离行程路线), still being out after the
 * window and its grace (逾期未归), and stopping longer than the dwell threshold at a sensitive place
 * (敏感场所停留: hotels, entertainment venues, scenic spots from a list with its source). Terminal
 * health: fixes that jump implausibly (定位异常跳变) are flagged and not judged by the other rules.
 * Movement outside every trip's window stays 无单出车 (position-stream.ts asks `covered`).
 */
export interface WatchSettings {
  /** Metres of slack on each side of the corridor (SUPERVISION_CORRIDOR_BUFFER_M). */
  corridorBufferM: number;
  /** Road distance over straight distance between two places (SUPERVISION_ROAD_FACTOR): how far a road may bend. */
  roadFactor: number;
  /** Minutes after the window's end before a car still out is late (SUPERVISION_RETURN_GRACE_MIN). */
  returnGraceMin: number;
  /** Minutes before the window's start a departed car may already move (SUPERVISION_EARLY_GRACE_MIN). */
  earlyGraceMin: number;
  /** Minutes stopped at a sensitive place before 敏感场所停留 fires (SUPERVISION_DWELL_MIN): a red light is not a stop. */
  dwellMin: number;
  /** Below this speed (km/h) a car is standing (SUPERVISION_STOP_KMH). */
  stopKmh: number;
  /** A fix implying more than this speed (km/h) from the one before is a jump (SUPERVISION_JUMP_KMH)… */
  jumpKmh: number;
  /** …when it is this many metres away at least (SUPERVISION_JUMP_MIN_M). */
  jumpMinM: number;
}

export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  corridorBufferM: 2000, roadFactor: 1.3, returnGraceMin: 30, earlyGraceMin: 60, dwellMin: 10, stopKmh: 5, jumpKmh: 250, jumpMinM: 2000,
};

/**
 * How far outside the corridor a point is, in metres (≤ 0 inside). A leg from A to B driven on roads
 * of length L = roadFactor × |AB| cannot pass a point P with |AP| + |PB| > L (the ellipse with foci A
 * and B); the buffer widens it by `bufferM` on each side. The legs are origin → each destination in
 * turn → back to the origin. A route of one place is a circle of the buffer around it.
 */
export function corridorExcessM(p: LatLng, route: readonly LatLng[], roadFactor: number, bufferM: number): number {
  if (!route.length) return -Infinity;
  if (route.length === 1) return haversineMetres(p, route[0]!) - bufferM;
  let best = Infinity;
  for (let i = 0; i < route.length; i++) {
    const a = route[i]!;
    const b = route[(i + 1) % route.length]!;
    const road = haversineMetres(a, b) * roadFactor;
    best = Math.min(best, (haversineMetres(p, a) + haversineMetres(p, b) - road) / 2 - bufferM);
  }
  return best;
}

/** A trip as the rules watch it: its car, window and places (WGS-84, as terminals report). */
export interface WatchedTrip {
  vehicleId: number; tripId: number; assignmentId: number; unitId: number; regionCode: string; purpose: string;
  startAtMs: number; endAtMs: number; route: LatLng[];
}

/** A sensitive place (supervision_poi). */
export interface WatchedPlace { id: number; name: string; category: PoiCategory; lat: number; lng: number; radiusM: number }

/** One fix as these rules read it (the same report position-stream.ts judges). */
export interface Fix { vehicleId: number; atMs: number; speedKmh: number; lat: number; lng: number }
export interface WatchCar { id: number; plate: string; ownerUnitId: number; regionCode: string }

/** What is to be raised (through the engine's idempotent `raise`). */
export interface DueWarning {
  kind: WarningKind; dedupeKey: string; vehicle: { id: number; plate: string }; unitId: number; regionCode: string;
  tripId: number | null; title: string; detail: string; occurredAt: Date;
}

const at = (p: LatLng) => `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}`;

/**
 * The state the rules keep per car between fixes (the last plausible fix, where it stands still
 * since when), judged in memory: only a new occurrence becomes a raise, whose key makes it idempotent
 * in the database too (a second instance, or a restart, raises nothing twice).
 */
export class TripWatch {
  private trips = new Map<number, WatchedTrip>();
  private places: WatchedPlace[] = [];
  private readonly last = new Map<number, Fix>();
  private readonly standing = new Map<number, { placeId: number; sinceMs: number }>();
  private readonly warned = new Set<string>();

  constructor(private readonly s: WatchSettings) {}

  /** The departed trips (one per car) and the sensitive places, refreshed before each batch. */
  know(trips: WatchedTrip[], places: WatchedPlace[]): void {
    this.trips = new Map(trips.map((t) => [t.vehicleId, t]));
    this.places = places;
  }

  tripOf(vehicleId: number): WatchedTrip | undefined {
    return this.trips.get(vehicleId);
  }

  /** Whether a car moving at `atMs` is covered by its departed trip's window (early and return grace included). */
  covered(vehicleId: number, atMs: number): boolean {
    const t = this.trips.get(vehicleId);
    return !!t && atMs >= t.startAtMs - this.s.earlyGraceMin * 60_000 && atMs <= t.endAtMs + this.s.returnGraceMin * 60_000;
  }

  /** Judges one fix of a car; returns what is newly due. */
  judge(f: Fix, car: WatchCar): DueWarning[] {
    const due: DueWarning[] = [];
    const before = this.last.get(f.vehicleId);
    if (before && f.atMs <= before.atMs) return due; // a late or repeated fix says nothing new
    this.last.set(f.vehicleId, f);
    const trip = this.trips.get(f.vehicleId);
    const place = { unitId: trip?.unitId ?? car.ownerUnitId, regionCode: trip?.regionCode ?? car.regionCode, tripId: trip?.tripId ?? null };
    const vehicle = { id: car.id, plate: car.plate };
    if (before) {
      const metres = haversineMetres(before, f);
      const kmh = (metres / ((f.atMs - before.atMs) / 1000)) * 3.6;
      if (metres >= this.s.jumpMinM && kmh > this.s.jumpKmh) {
        this.push(due, {
          kind: 'position_jump', dedupeKey: `jump:${f.vehicleId}:${shanghaiDate(f.atMs)}`, vehicle, ...place, occurredAt: new Date(f.atMs),
          title: `${formatPlate(car.plate)} 定位异常跳变`,
          detail: `${formatShanghai(before.atMs)} 在 ${at(before)}，${formatShanghai(f.atMs)} 报告在 ${at(f)}：相距 ${(metres / 1000).toFixed(1)} 公里，折合 ${Math.round(kmh)} km/h`,
        });
        // A jumped fix is not judged by the place rules, and where the car stands is forgotten.
        this.standing.delete(f.vehicleId);
        return due;
      }
    }
    if (trip && f.atMs > trip.endAtMs + this.s.returnGraceMin * 60_000) {
      this.push(due, this.lateReturn(trip, vehicle, f.atMs));
    }
    if (trip && this.covered(f.vehicleId, f.atMs) && f.speedKmh >= this.s.stopKmh) {
      const excess = corridorExcessM(f, trip.route, this.s.roadFactor, this.s.corridorBufferM);
      if (excess > 0) {
        this.push(due, {
          kind: 'corridor_exit', dedupeKey: `corridor:${trip.assignmentId}`, vehicle, ...place, occurredAt: new Date(f.atMs),
          title: `${formatPlate(car.plate)} 偏离行程路线`,
          detail: `行程 ${trip.tripId}「${trip.purpose}」：${formatShanghai(f.atMs)} 位于 ${at(f)}，超出行驶走廊约 ${(excess / 1000).toFixed(1)} 公里`,
        });
      }
    }
    this.judgeStop(f, car, trip, due);
    return due;
  }

  /** 敏感场所停留: standing within a listed place (not one the trip was approved to go to) longer than the dwell time. */
  private judgeStop(f: Fix, car: WatchCar, trip: WatchedTrip | undefined, due: DueWarning[]): void {
    const p = f.speedKmh < this.s.stopKmh ? this.places.find((x) => haversineMetres(f, x) <= x.radiusM) : undefined;
    if (!p || (trip && trip.route.some((r) => haversineMetres(r, p) <= p.radiusM + 200))) {
      this.standing.delete(f.vehicleId);
      return;
    }
    const st = this.standing.get(f.vehicleId);
    if (!st || st.placeId !== p.id) {
      this.standing.set(f.vehicleId, { placeId: p.id, sinceMs: f.atMs });
      return;
    }
    const minutes = (f.atMs - st.sinceMs) / 60_000;
    if (minutes < this.s.dwellMin) return;
    this.push(due, {
      kind: 'sensitive_dwell', dedupeKey: `dwell:${f.vehicleId}:${p.id}:${st.sinceMs}`, vehicle: { id: car.id, plate: car.plate },
      unitId: trip?.unitId ?? car.ownerUnitId, regionCode: trip?.regionCode ?? car.regionCode, tripId: trip?.tripId ?? null, occurredAt: new Date(st.sinceMs),
      title: `${formatPlate(car.plate)} 在${poiCategoryLabel[p.category]}「${p.name}」停留`,
      detail: `${formatShanghai(st.sinceMs)} 起在「${p.name}」（${poiCategoryLabel[p.category]}）停留已 ${Math.floor(minutes)} 分钟${trip ? `，行程 ${trip.tripId}「${trip.purpose}」的目的地不含此处` : '，无出车中的派车任务'}`,
    });
  }

  /** Cars still out past their window and grace at `nowMs` (the scheduled check; a car that stopped reporting too). */
  overdue(nowMs: number, cars: Map<number, WatchCar>): DueWarning[] {
    const due: DueWarning[] = [];
    for (const t of this.trips.values()) {
      const car = cars.get(t.vehicleId);
      if (car && nowMs > t.endAtMs + this.s.returnGraceMin * 60_000) this.push(due, this.lateReturn(t, { id: car.id, plate: car.plate }, nowMs));
    }
    return due;
  }

  private lateReturn(t: WatchedTrip, vehicle: { id: number; plate: string }, atMs: number): DueWarning {
    return {
      kind: 'late_return', dedupeKey: `late:${t.assignmentId}`, vehicle, unitId: t.unitId, regionCode: t.regionCode, tripId: t.tripId, occurredAt: new Date(atMs),
      title: `${formatPlate(vehicle.plate)} 逾期未归`,
      detail: `行程 ${t.tripId}「${t.purpose}」派车单至 ${formatShanghai(t.endAtMs)}，${formatShanghai(atMs)} 仍未回场（宽限 ${this.s.returnGraceMin} 分钟）`,
    };
  }

  private push(due: DueWarning[], w: DueWarning): void {
    if (this.warned.has(w.dedupeKey)) return;
    this.warned.add(w.dedupeKey);
    due.push(w);
  }
}
