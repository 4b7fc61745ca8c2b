import { EntitySchema } from 'typeorm';
import type { GeofenceKind, PoiCategory, WarningAction, WarningGrade, WarningKind, WarningStatus } from '@shared/supervision/supervision.schemas';

/** A warning raised by a rule; `dedupeKey` makes raising idempotent (an event delivered twice, a check run twice). */
export interface WarningRow {
  id: number; kind: WarningKind; grade: WarningGrade; status: WarningStatus; dedupeKey: string;
  vehicleId: number | null; plate: string | null; unitId: number; regionCode: string; tripId: number | null;
  title: string; detail: string; occurredAt: Date; raisedAt: Date; updatedAt: Date;
  /** The supervisor's region prefix a published warning was announced to (通报范围). */
  publishedTo: string | null;
}
export interface WarningActionRow {
  id: number; warningId: number; action: WarningAction; actorId: number | null; actorName: string;
  note: string; evidenceJson: string; tripId: number | null; at: Date;
}
/** A region's switch of one rule; the nearest switch at or above a region decides. */
export interface RuleSwitchRow { id: number; kind: WarningKind; regionCode: string; enabled: boolean; changedBy: number; changedAt: Date }
/** A day off (holiday) or a worked weekend day (调休), nationwide (unitId null) or for one unit. */
export interface HolidayRow { id: number; unitId: number | null; day: string; kind: 'holiday' | 'workday'; name: string }
/** A fulfilled trip as the data pool counts it (from trip.fulfilled / trip.costs_corrected). */
export interface TripFactRow { tripId: number; unitId: number; regionCode: string; day: string; cars: number; distanceHm: number; costFen: number }

/** A photo offered as evidence for an appeal (申诉证据), signed links for viewing. */
export interface EvidenceRow { id: number; warningId: number; contentType: string; sizeBytes: number; accessKey: string; data: Buffer; uploadedBy: number; createdAt: Date }

/** A sensitive place (敏感场所: hotel, entertainment venue, scenic spot), WGS-84, with where it was taken from. */
export interface PoiRow {
  id: number; name: string; category: PoiCategory; lat: number; lng: number; radiusM: number; regionCode: string;
  source: string; enabled: boolean; createdBy: number | null; createdAt: Date;
}

const id = { type: 'integer' as const, primary: true, generated: 'increment' as const };

export const WarningEntity = new EntitySchema<WarningRow>({
  name: 'SupervisionWarning', tableName: 'supervision_warning',
  columns: {
    id,
    kind: { type: 'varchar', length: 32 },
    grade: { type: 'varchar', length: 8 },
    status: { type: 'varchar', length: 16 },
    dedupeKey: { name: 'dedupe_key', type: 'varchar', length: 128 },
    vehicleId: { name: 'vehicle_id', type: 'integer', nullable: true },
    plate: { type: 'varchar', length: 16, nullable: true },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    tripId: { name: 'trip_id', type: 'integer', nullable: true },
    title: { type: 'varchar', length: 128 },
    detail: { type: 'varchar', length: 500 },
    occurredAt: { name: 'occurred_at', type: 'datetime' },
    raisedAt: { name: 'raised_at', type: 'datetime' },
    updatedAt: { name: 'updated_at', type: 'datetime' },
    publishedTo: { name: 'published_to', type: 'varchar', length: 9, nullable: true },
  },
});

export const WarningActionEntity = new EntitySchema<WarningActionRow>({
  name: 'SupervisionWarningAction', tableName: 'supervision_warning_action',
  columns: {
    id,
    warningId: { name: 'warning_id', type: 'integer' },
    action: { type: 'varchar', length: 16 },
    actorId: { name: 'actor_id', type: 'integer', nullable: true },
    actorName: { name: 'actor_name', type: 'varchar', length: 64 },
    note: { type: 'varchar', length: 500 },
    evidenceJson: { name: 'evidence_json', type: 'text' },
    tripId: { name: 'trip_id', type: 'integer', nullable: true },
    at: { type: 'datetime' },
  },
});

export const RuleSwitchEntity = new EntitySchema<RuleSwitchRow>({
  name: 'SupervisionRuleSwitch', tableName: 'supervision_rule_switch',
  columns: {
    id,
    kind: { type: 'varchar', length: 32 },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    enabled: { type: 'boolean' },
    changedBy: { name: 'changed_by', type: 'integer' },
    changedAt: { name: 'changed_at', type: 'datetime' },
  },
});

export const HolidayEntity = new EntitySchema<HolidayRow>({
  name: 'SupervisionHoliday', tableName: 'supervision_holiday',
  columns: {
    id,
    unitId: { name: 'unit_id', type: 'integer', nullable: true },
    day: { type: 'varchar', length: 10 },
    kind: { type: 'varchar', length: 8 },
    name: { type: 'varchar', length: 32 },
  },
});

export const TripFactEntity = new EntitySchema<TripFactRow>({
  name: 'SupervisionTripFact', tableName: 'supervision_trip_fact',
  columns: {
    tripId: { name: 'trip_id', type: 'integer', primary: true },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    day: { type: 'varchar', length: 10 },
    cars: { type: 'integer' },
    distanceHm: { name: 'distance_hm', type: 'integer' },
    costFen: { name: 'cost_fen', type: 'integer' },
  },
});

export const EvidenceEntity = new EntitySchema<EvidenceRow>({
  name: 'SupervisionEvidence', tableName: 'supervision_evidence',
  columns: {
    id,
    warningId: { name: 'warning_id', type: 'integer' },
    contentType: { name: 'content_type', type: 'varchar', length: 32 },
    sizeBytes: { name: 'size_bytes', type: 'integer' },
    accessKey: { name: 'access_key', type: 'varchar', length: 64 },
    // The bytes are read only by the image route.
    data: { type: 'blob', select: false },
    uploadedBy: { name: 'uploaded_by', type: 'integer' },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
  },
});

export const PoiEntity = new EntitySchema<PoiRow>({
  name: 'SupervisionPoi', tableName: 'supervision_poi',
  columns: {
    id,
    name: { type: 'varchar', length: 64 },
    category: { type: 'varchar', length: 16 },
    lat: { type: 'double' },
    lng: { type: 'double' },
    radiusM: { name: 'radius_m', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    source: { type: 'varchar', length: 200 },
    enabled: { type: 'boolean' },
    createdBy: { name: 'created_by', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime' },
  },
});

/**
 * A unit's geofence (电子围栏): a circle (centre, radius) or a polygon (JSON [{lat,lng}…]), WGS-84, with an
 * optional window (days "1,2,3,4,5" with 1 = Monday, minutes into the Beijing day; null: always).
 */
export interface GeofenceRow {
  id: number; unitId: number; regionCode: string; name: string; kind: GeofenceKind;
  centerLat: number | null; centerLng: number | null; radiusM: number | null; polygonJson: string | null;
  days: string | null; fromMin: number | null; toMin: number | null; createdBy: number; createdAt: Date;
}

/** A vehicle's designated overnight spot (定点停放), keyed by the vehicle: the unit and region copied for scope. */
export interface ParkingSpotRow {
  vehicleId: number; unitId: number; regionCode: string; name: string; lat: number; lng: number; radiusM: number; setBy: number; updatedAt: Date;
}

export const GeofenceEntity = new EntitySchema<GeofenceRow>({
  name: 'SupervisionGeofence', tableName: 'supervision_geofence',
  columns: {
    id,
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    name: { type: 'varchar', length: 64 },
    kind: { type: 'varchar', length: 16 },
    centerLat: { name: 'center_lat', type: 'double', nullable: true },
    centerLng: { name: 'center_lng', type: 'double', nullable: true },
    radiusM: { name: 'radius_m', type: 'integer', nullable: true },
    polygonJson: { name: 'polygon_json', type: 'text', nullable: true },
    days: { type: 'varchar', length: 16, nullable: true },
    fromMin: { name: 'from_min', type: 'integer', nullable: true },
    toMin: { name: 'to_min', type: 'integer', nullable: true },
    createdBy: { name: 'created_by', type: 'integer' },
    createdAt: { name: 'created_at', type: 'datetime' },
  },
});

export const ParkingSpotEntity = new EntitySchema<ParkingSpotRow>({
  name: 'SupervisionParkingSpot', tableName: 'supervision_parking_spot',
  columns: {
    vehicleId: { name: 'vehicle_id', type: 'integer', primary: true },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    name: { type: 'varchar', length: 64 },
    lat: { type: 'double' },
    lng: { type: 'double' },
    radiusM: { name: 'radius_m', type: 'integer' },
    setBy: { name: 'set_by', type: 'integer' },
    updatedAt: { name: 'updated_at', type: 'datetime' },
  },
});

export const SupervisionEntities = [WarningEntity, WarningActionEntity, RuleSwitchEntity, HolidayEntity, TripFactEntity, EvidenceEntity, PoiEntity, GeofenceEntity, ParkingSpotEntity];
