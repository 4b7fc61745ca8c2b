import { addShanghaiDays, minutesIntoShanghaiDay, shanghaiDate, formatShanghai } from '@shared/common/time';
import { formatPlate } from '@shared/common/format';
import type { WarningGrade, WarningKind } from '@shared/supervision/supervision.schemas';
import type { TripFulfilled, TripCostsCorrected } from '@shared/trips/trips.events';
import type { VehicleAlarm } from '@shared/telematics/telematics.events';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import type { EventBus } from '../../platform/events';
import type { SupervisionRepository } from './supervision.repository';
import { expiryGrade, expiryStage, gradeOf, RULES, ruleEnabled, useTimeBreach, type DayKind, type RuleSettings } from './supervision.rules';
import type { WarningRow } from './supervision.entity';
import { alarmKey, PositionRules } from './position-stream';
import { isDuplicateKey } from '../../platform/db/db-errors';
import { TripWatch } from './trip-watch.rules';
import { GeofenceWatch, toWatchedFence, type EpisodeStore } from './geofence.rules';
import { gcj02ToWgs84 } from '@shared/common/coords';

/** What supervision reads of other modules, through their services (composition root wires them). */
export interface SupervisedVehicle {
  id: number; plate: string; ownerUnitId: number; regionCode: string;
  insuranceDue: string; inspectionDue: string; maintenanceDue: string | null;
}
export interface EnginePorts {
  vehiclesByIds(ids: number[]): Promise<SupervisedVehicle[]>;
  vehiclesWithTerminals(): Promise<SupervisedVehicle[]>;
  vehiclesDueBy(day: string): Promise<SupervisedVehicle[]>;
  /** Where the cars' terminals last reported, with speed and when it was received. */
  latestPositions(ids: number[]): Promise<Array<{ vehicleId: number; position: { lat: number; lon: number; speedKmh: number; receivedAt: string } | null }>>;
  /** Cars on a departed trip now (出车 recorded), with the trip's window and places (GCJ-02). */
  carsOnTheRoad(): Promise<RoadTrip[]>;
  /** Units holding more vehicles of a category than their 编制 allows (fleet's count, not disposed nor replaced). */
  quotaBreaches(): Promise<QuotaBreach[]>;
}

export interface QuotaBreach { unitId: number; unitName: string; regionCode: string; category: string; categoryLabel: string; quota: number; used: number }

/** A departed trip as trips tells it: its window (派车单起止) and places in GCJ-02, the map's. */
export interface RoadTrip {
  vehicleId: number; tripId: number; assignmentId: number; unitId: number; regionCode: string; purpose: string;
  startAt: string; endAt: string; route: Array<{ lat: number; lng: number }>;
}

export interface RaiseInput {
  kind: WarningKind; dedupeKey: string; vehicle: Pick<SupervisedVehicle, 'id' | 'plate'> | null; unitId: number; regionCode: string;
  tripId?: number | null; title: string; detail: string; occurredAt: Date; grade?: WarningGrade;
}

/** JT/T 808-2019 table 24: alarm word bits the driving-safety rules read. */
const ALARM_BITS: Record<number, WarningKind> = { 1: 'speeding', 2: 'fatigue_driving', 8: 'power_cut' };

/**
 * The warnings engine: rules over events (alarms, fulfilled trips) and scheduled checks (movement
 * without a trip, expiries). Raising is idempotent on a key per occurrence, and a rule switched off in
 * the region raises nothing.
 */
export class WarningEngine {
  /** The trip rules' memory of each car (last fix, where it stands since when), kept across checks. */
  private readonly watch: TripWatch;
  /** The units' geofences and each car's open episodes, kept across batches like the trip rules' memory. */
  readonly fenceWatch: GeofenceWatch;

  constructor(
    private readonly db: Database, private readonly repo: SupervisionRepository, private readonly clock: Clock,
    private readonly ports: EnginePorts, private readonly settings: RuleSettings, private readonly logger: Logger,
    private readonly events: Pick<EventBus, 'record'>, episodes?: EpisodeStore,
  ) {
    this.watch = new TripWatch(settings.watch);
    this.fenceWatch = new GeofenceWatch(episodes);
  }

  /** Raises a warning unless its rule is off in the region or it was raised already; in the caller's transaction if any. */
  async raise(input: RaiseInput): Promise<WarningRow | null> {
    const def = RULES[input.kind];
    if (!ruleEnabled(def, input.regionCode, await this.repo.switches(input.kind)).enabled) return null;
    if (await this.repo.findByKey(input.dedupeKey)) return null;
    const now = this.clock.now();
    const since = new Date(now.getTime() - this.settings.repeatWindowDays * 86_400_000);
    // Repetition is counted on the car, or on the unit for a warning about the unit itself (超编制配备).
    const earlier = input.vehicle ? await this.repo.countEarlier(input.vehicle.id, input.kind, since) : await this.repo.countEarlierOfUnit(input.unitId, input.kind, since);
    const grade = gradeOf(input.grade ?? def.baseGrade, earlier);
    const write = async () => {
      const w = await this.repo.insertWarning({
        kind: input.kind, grade, status: 'open', dedupeKey: input.dedupeKey, vehicleId: input.vehicle?.id ?? null, plate: input.vehicle?.plate ?? null,
        unitId: input.unitId, regionCode: input.regionCode, tripId: input.tripId ?? null, title: input.title.slice(0, 128), detail: input.detail.slice(0, 500),
        occurredAt: input.occurredAt, raisedAt: now, updatedAt: now, publishedTo: null,
      });
      await this.repo.insertAction({ warningId: w.id, action: 'raise', actorId: null, actorName: '系统', note: `${def.label}：${def.params(this.settings)}`, evidenceJson: '[]', tripId: input.tripId ?? null, at: now });
      await this.events.record('warning.raised', w.id, {
        warningId: w.id, kind: w.kind, grade: w.grade, vehicleId: w.vehicleId, plate: w.plate, unitId: w.unitId, regionCode: w.regionCode, tripId: w.tripId,
        title: w.title, detail: w.detail, occurredAt: new Date(w.occurredAt).toISOString(), at: now.toISOString(),
      });
      return w;
    };
    try {
      return await (this.db.inTransaction ? write() : this.db.transaction(write));
    } catch (err) {
      // Raised meanwhile by another path with the same key (the live stream and the alarm event).
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  /** 行车安全预警 from a terminal's alarm bits (keyed like the live stream's: the report's receipt, so either path raises it once). */
  async onAlarm(_eventId: number, alarm: VehicleAlarm): Promise<void> {
    const kinds = alarm.bits.flatMap((b) => (ALARM_BITS[b] ? [ALARM_BITS[b]] : []));
    if (!kinds.length) return;
    const [v] = await this.ports.vehiclesByIds([alarm.vehicleId]);
    if (!v) return;
    for (const kind of kinds) {
      await this.raise({
        kind, dedupeKey: alarmKey(alarm.vehicleId, Date.parse(alarm.at), kind), vehicle: v, unitId: v.ownerUnitId, regionCode: v.regionCode,
        title: `${formatPlate(v.plate)} ${RULES[kind].label}`,
        detail: `${formatShanghai(alarm.at)} 终端上报${RULES[kind].label}报警，位置 ${alarm.lat.toFixed(5)}, ${alarm.lng.toFixed(5)}`,
        occurredAt: new Date(alarm.at),
      });
    }
  }

  /** Use-time rules on each car of a fulfilled trip, and the trip's facts for the data pool. */
  async onTripFulfilled(trip: TripFulfilled): Promise<void> {
    const first = trip.assignments.map((a) => a.departedAt).filter((d): d is string => !!d).sort()[0] ?? trip.fulfilledAt;
    await this.repo.saveFact({
      tripId: trip.tripId, unitId: trip.unitId, regionCode: trip.regionCode, day: shanghaiDate(first), cars: trip.assignments.length,
      distanceHm: Math.round(trip.assignments.reduce((s, a) => s + (a.distanceKm ?? 0), 0) * 10),
      costFen: trip.assignments.reduce((s, a) => s + a.rentalFen + a.fuelFen + a.tollFen + a.parkingFen + a.otherFen, 0),
    });
    for (const a of trip.assignments) {
      if (!a.departedAt) continue;
      const day = shanghaiDate(a.departedAt);
      const breach = useTimeBreach(await this.dayKind(day, trip.unitId), minutesIntoShanghaiDay(day, a.departedAt), this.settings);
      if (!breach) continue;
      const vehicle = a.vehicleId != null ? { id: a.vehicleId, plate: a.plate ?? '' } : null;
      await this.raise({
        kind: breach, dedupeKey: `use_time:${a.assignmentId}`, vehicle, unitId: trip.unitId, regionCode: trip.regionCode, tripId: trip.tripId,
        title: `${formatPlate(a.plate)} ${RULES[breach].label}`,
        detail: `行程 ${trip.tripId}「${trip.purpose}」${formatShanghai(a.departedAt)} 出车（${trip.route}）`,
        occurredAt: new Date(a.departedAt),
      });
    }
  }

  /** A car's costs corrected after review: the pool's cost follows. */
  async onCostsCorrected(c: TripCostsCorrected): Promise<void> {
    const fact = await this.repo.findFact(c.tripId);
    if (!fact) return;
    const sum = (x: TripCostsCorrected['before']) => x.rentalFen + x.fuelFen + x.tollFen + x.parkingFen + x.otherFen;
    await this.repo.saveFact({ ...fact, costFen: fact.costFen - sum(c.before) + sum(c.after) });
  }

  /** Holiday calendar: the unit's entry, else the nationwide one, else Saturday and Sunday are off. */
  async dayKind(day: string, unitId: number): Promise<DayKind> {
    const entries = await this.repo.holidaysOn(day, unitId);
    const own = entries.find((e) => e.unitId === unitId) ?? entries.find((e) => e.unitId == null);
    if (own) return own.kind === 'holiday' ? 'holiday' : 'workday';
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
  }

  /**
   * 无单出车: a car whose terminal reports it moving while no trip of it has departed. Run every 30 s
   * over the latest positions, through the same position rules a report stream is judged by.
   */
  async checkMovement(): Promise<number> {
    const now = this.clock.now();
    const cars = await this.ports.vehiclesWithTerminals();
    if (!cars.length) return 0;
    const rules = await this.watchingRules(cars);
    let late = 0;
    for (const w of this.watch.overdue(now.getTime(), new Map(cars.map((c) => [c.id, c])))) if (await this.raise(w)) late++;
    const fresh = (await this.ports.latestPositions(cars.map((c) => c.id))).flatMap((p) => (
      p.position && now.getTime() - Date.parse(p.position.receivedAt) <= this.settings.movementFreshMs
        ? [{ vehicleId: p.vehicleId, atMs: Date.parse(p.position.receivedAt), speedKmh: p.position.speedKmh, alarmWord: 0, lat: p.position.lat, lng: p.position.lon }]
        : []));
    return late + (await rules.evaluate(fresh)).length;
  }

  /**
   * Position rules that know the cars with terminals, the departed trips (window and corridor, trip-watch.rules.ts)
   * and the enabled sensitive places now; the trip rules' memory of each car carries over from batch to batch.
   */
  async watchingRules(cars?: SupervisedVehicle[]): Promise<PositionRules> {
    const known = cars ?? await this.ports.vehiclesWithTerminals();
    const road = await this.ports.carsOnTheRoad();
    const rules = new PositionRules(this, this.settings, undefined, this.watch, this.fenceWatch);
    rules.know(known, road.map((c) => c.vehicleId));
    await this.refreshWatch(road);
    return rules;
  }

  /** The trip rules (their memory of each car), for the live stream's rules to share. */
  get tripWatch(): TripWatch {
    return this.watch;
  }

  /** Tells the trip rules the departed trips (window and corridor, WGS-84) and the enabled sensitive places now. */
  async refreshWatch(road?: RoadTrip[]): Promise<void> {
    const trips = road ?? await this.ports.carsOnTheRoad();
    this.watch.know(trips.map((t) => ({
      vehicleId: t.vehicleId, tripId: t.tripId, assignmentId: t.assignmentId, unitId: t.unitId, regionCode: t.regionCode, purpose: t.purpose,
      startAtMs: Date.parse(t.startAt), endAtMs: Date.parse(t.endAt), route: t.route.map(gcj02ToWgs84),
    })), (await this.repo.places(true)).map((p) => ({ id: p.id, name: p.name, category: p.category, lat: p.lat, lng: p.lng, radiusM: p.radiusM })));
    this.fenceWatch.know((await this.repo.geofences(null)).map(toWatchedFence));
  }

  /** Position rules for a stream of reports (the bench feeds one; see PositionRules). */
  positionRules(): PositionRules {
    return new PositionRules(this, this.settings);
  }

  /** Expiry warnings at their stages (30/15/7 days before, and past due), once per stage and due date. Run daily. */
  async checkExpiries(): Promise<number> {
    const today = shanghaiDate(this.clock.now());
    const horizon = addShanghaiDays(today, Math.max(...this.settings.expiryStages));
    let raised = 0;
    for (const v of await this.ports.vehiclesDueBy(horizon)) {
      const dues: Array<[WarningKind, string | null, string]> = [['insurance_expiry', v.insuranceDue, '保险'], ['inspection_expiry', v.inspectionDue, '年检'], ['maintenance_expiry', v.maintenanceDue, '保养']];
      for (const [kind, due, what] of dues) {
        if (!due) continue;
        const daysLeft = Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
        const stage = expiryStage(daysLeft, this.settings.expiryStages);
        if (stage == null) continue;
        const w = await this.raise({
          kind, dedupeKey: `expiry:${kind}:${v.id}:${due}:${stage}`, vehicle: v, unitId: v.ownerUnitId, regionCode: v.regionCode,
          title: stage === 0 ? `${formatPlate(v.plate)} ${what}已过期` : `${formatPlate(v.plate)} ${what} ${stage} 天内到期`,
          detail: `${what}到期日 ${due}，${daysLeft < 0 ? `已过期 ${-daysLeft} 天` : `还有 ${daysLeft} 天`}`,
          occurredAt: this.clock.now(), grade: expiryGrade(stage, this.settings.expiryStages),
        });
        if (w) raised++;
      }
    }
    if (raised) this.logger.info({ raised }, 'supervision: expiry warnings raised');
    return raised;
  }
}
