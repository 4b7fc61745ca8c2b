import { formatShanghai, shanghaiDate } from '@shared/common/time';
import { formatPlate } from '@shared/common/format';
import type { WarningKind } from '@shared/supervision/supervision.schemas';
import type { WarningRow } from './supervision.entity';
import { RULES, type RuleSettings } from './supervision.rules';
import type { TripWatch } from './trip-watch.rules';
import type { GeofenceWatch } from './geofence.rules';

/** One position report as the rules read it (JT/T 808 0x0200: alarm word, speed, place, time). */
export interface PositionReport { vehicleId: number; atMs: number; speedKmh: number; alarmWord: number; lat: number; lng: number }

/** A car as the rules need it. */
export interface WatchedCar { id: number; plate: string; ownerUnitId: number; regionCode: string }
/** Who raises (the warnings engine): idempotent on `dedupeKey`, null when nothing new was raised. */
export interface Raiser {
  raise(input: { kind: WarningKind; dedupeKey: string; vehicle: { id: number; plate: string }; unitId: number; regionCode: string; tripId?: number | null; title: string; detail: string; occurredAt: Date }): Promise<WarningRow | null>;
}

/**
 * An alarm bit's warning key: the car, when its report was received (the gateway's alarm event carries
 * the same instant) and the kind, so the live stream and the alarm event raise it once between them.
 */
export const alarmKey = (vehicleId: number, receivedAtMs: number, kind: WarningKind): string => `alarm:${vehicleId}:${receivedAtMs}:${kind}`;

/** JT/T 808-2019 table 24: the alarm word bits the driving-safety rules read. */
const ALARM_BITS: Array<[bit: number, kind: WarningKind]> = [[1, 'speeding'], [2, 'fatigue_driving'], [8, 'power_cut']];

/**
 * The position rules over a stream of reports: 无单出车 (moving, no departed trip) and 行车安全预警
 * (an alarm bit rising). Each report is judged in memory against the cars it knows (their unit and
 * region, and which are on a departed trip: `refresh`), remembering per car the last alarm word and
 * the days it was already warned, so only a new occurrence reaches the database — through the
 * engine's `raise`, idempotent on the same keys as the scheduled checks.
 */
export class PositionRules {
  private cars = new Map<number, WatchedCar>();
  private onTheRoad = new Set<number>();
  private readonly lastWord = new Map<number, number>();
  private readonly warned = new Set<string>();

  /**
   * `onTheRoadNow`: which of these cars are on a departed trip right now (the live stream asks before a
   * 无单出车, since what `know` was told may be older than a trip that just departed). `watch`: the trip
   * rules (trip-watch.rules.ts), whose memory of each car the engine keeps across batches; `fences`: the
   * units' geofences (geofence.rules.ts), whose episodes the engine keeps likewise.
   */
  constructor(
    private readonly engine: Raiser, private readonly settings: RuleSettings,
    private readonly onTheRoadNow?: (vehicleIds: number[]) => Promise<Set<number>>, private readonly watch?: TripWatch,
    private readonly fences?: GeofenceWatch,
  ) {}

  /** The cars with terminals and those on a departed trip now (from fleet and trips, through the engine's ports). */
  know(cars: WatchedCar[], onTheRoad: Iterable<number>): void {
    this.cars = new Map(cars.map((c) => [c.id, c]));
    this.onTheRoad = new Set(onTheRoad);
  }

  knows(vehicleId: number): boolean {
    return this.cars.has(vehicleId);
  }

  /** Forgets the days before `today` (YYYY-MM-DD) already warned of: a long-running stream's memory stays a day's. */
  forgetBefore(today: string): void {
    for (const key of this.warned) if (key.slice(key.lastIndexOf(':') + 1) < today) this.warned.delete(key);
  }

  /**
   * Judges a batch of reports in memory, then raises what is new (`parallel` at a time: on MariaDB
   * each raise is its own transaction; SQLite queues them anyway) and returns the warnings raised.
   */
  async evaluate(reports: PositionReport[], parallel = 1): Promise<WarningRow[]> {
    const due: Array<Parameters<Raiser['raise']>[0]> = [];
    const moving: Array<Parameters<Raiser['raise']>[0] & { vehicle: WatchedCar }> = [];
    for (const r of reports) {
      const car = this.cars.get(r.vehicleId);
      if (!car) continue;
      const before = this.lastWord.get(r.vehicleId) ?? 0;
      this.lastWord.set(r.vehicleId, r.alarmWord);
      const rising = r.alarmWord & ~before;
      for (const [bit, kind] of ALARM_BITS) {
        if (!(rising & (1 << bit))) continue;
        due.push({
          kind, dedupeKey: alarmKey(r.vehicleId, r.atMs, kind), vehicle: car, unitId: car.ownerUnitId, regionCode: car.regionCode,
          title: `${formatPlate(car.plate)} ${RULES[kind].label}`,
          detail: `${formatShanghai(r.atMs)} 终端上报${RULES[kind].label}报警，位置 ${r.lat.toFixed(5)}, ${r.lng.toFixed(5)}`, occurredAt: new Date(r.atMs),
        });
      }
      if (this.watch) due.push(...this.watch.judge(r, car));
      // The unit's geofences (驶出允许区域 / 驶入禁入区域), one warning per episode.
      if (this.fences) due.push(...this.fences.judge(r, car));
      // On a departed trip, but outside its window (and grace), moving is 无单出车 again.
      const onTrip = this.onTheRoad.has(r.vehicleId) && (!this.watch?.tripOf(r.vehicleId) || this.watch.covered(r.vehicleId, r.atMs));
      if (r.speedKmh < this.settings.movementMinKmh || onTrip) continue;
      const key = `no_trip:${r.vehicleId}:${shanghaiDate(r.atMs)}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      // A car whose departed trip the trip rules know is outside that trip's window: decided, nothing to ask.
      const outside = this.watch?.tripOf(r.vehicleId);
      (outside ? due : moving).push({
        kind: 'no_trip_movement', dedupeKey: key, vehicle: car, unitId: car.ownerUnitId, regionCode: car.regionCode,
        title: `${formatPlate(car.plate)} 无单出车`,
        detail: `${formatShanghai(r.atMs)} 终端报告以 ${r.speedKmh} km/h 行驶（${r.lat.toFixed(5)}, ${r.lng.toFixed(5)}），${outside ? `在行程 ${outside.tripId} 派车单的时间之外` : '无已出车的派车任务'}`,
        occurredAt: new Date(r.atMs),
      });
    }
    const onTheRoad = moving.length && this.onTheRoadNow ? await this.onTheRoadNow(moving.map((m) => m.vehicle.id)) : new Set<number>();
    for (const m of moving) {
      if (!onTheRoad.has(m.vehicle.id)) { due.push(m); continue; }
      this.onTheRoad.add(m.vehicle.id);
      this.warned.delete(m.dedupeKey);
    }
    // Fence episodes are shared across instances: their warnings take the episode's recorded key first.
    if (this.fences) await this.fences.settle();
    const raised: WarningRow[] = [];
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const w = await this.engine.raise(due[next++]!);
        if (w) raised.push(w);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, due.length)) }, worker));
    return raised;
  }
}
