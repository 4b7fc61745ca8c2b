import { SupervisionErrorCode } from '@shared/supervision/supervision.errors';
import { geofenceKindLabel, type Geofence, type GeofenceInput, type ParkingSpot, type ParkingSpotInput } from '@shared/supervision/supervision.schemas';
import { formatPlate } from '@shared/common/format';
import { ForbiddenError, NotFoundError } from '../../platform/errors';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import { canReadGeofence, geofenceScope, mayManageGeofence, mayManageParkingSpot, type RequestActor } from '../../platform/access';
import type { GeofenceRow, ParkingSpotRow } from './supervision.entity';
import type { SupervisionRepository } from './supervision.repository';
import { hhmm, parseHhmm, toWatchedFence, windowLabel } from './geofence.rules';
import type { SupervisedVehicle } from './warning-engine';

/** What the geofence pages read of other modules (identity's units, fleet's vehicles), through the composition root. */
export interface FencePorts {
  unitsByIds(ids: number[]): Promise<Array<{ id: number; name: string; regionCode: string }>>;
  vehiclesByIds(ids: number[]): Promise<SupervisedVehicle[]>;
}

/**
 * 电子围栏 and 定点停放 (#18 item 1): a unit's geofences (circle or polygon, with a time window) and each
 * car's designated overnight spot. Access is asked first (access/geofence.policy): out of scope is 404,
 * in scope but not theirs to change is 403. The position rules read the fences at their next refresh.
 */
export class GeofencesService {
  constructor(private readonly db: Database, private readonly repo: SupervisionRepository, private readonly clock: Clock, private readonly ports: FencePorts) {}

  async list(actor: RequestActor, unitId?: number): Promise<Geofence[]> {
    return this.present(await this.repo.geofences(geofenceScope(actor), unitId));
  }

  async create(actor: RequestActor, input: GeofenceInput): Promise<Geofence> {
    const unitId = input.unitId ?? actor.unitId;
    const [unit] = await this.ports.unitsByIds([unitId]);
    const place = unit ? { unitId: unit.id, regionCode: unit.regionCode } : null;
    if (!unit || !place || !canReadGeofence(actor, place)) throw new NotFoundError(SupervisionErrorCode.GEOFENCE_NOT_FOUND, `单位 ${unitId} 不存在或不在您的管理范围内`);
    if (!mayManageGeofence(actor, place)) throw new ForbiddenError(SupervisionErrorCode.GEOFENCE_FORBIDDEN, `单位「${unit.name}」的电子围栏由该单位车管员或上级主管部门设定`);
    const w = input.window ?? null;
    const row = await this.db.transaction(() => this.repo.insertGeofence({
      unitId: unit.id, regionCode: unit.regionCode, name: input.name, kind: input.kind,
      centerLat: input.circle?.lat ?? null, centerLng: input.circle?.lng ?? null, radiusM: input.circle?.radiusM ?? null,
      polygonJson: input.polygon ? JSON.stringify(input.polygon.map((p) => ({ lat: p.lat, lng: p.lng }))) : null,
      days: w ? [...new Set(w.days)].sort((a, b) => a - b).join(',') : null,
      fromMin: w ? parseHhmm(w.from) : null, toMin: w ? parseHhmm(w.to) : null,
      createdBy: actor.userId, createdAt: this.clock.now(),
    }));
    return (await this.present([row]))[0]!;
  }

  async remove(actor: RequestActor, id: number): Promise<void> {
    const g = await this.repo.findGeofence(id);
    if (!g || !canReadGeofence(actor, g)) throw notFound(id);
    if (!mayManageGeofence(actor, g)) throw new ForbiddenError(SupervisionErrorCode.GEOFENCE_FORBIDDEN, `电子围栏 ${id} 由所属单位车管员或上级主管部门删除`);
    await this.db.transaction(() => this.repo.deleteGeofence(id));
  }

  /** The designated spots of the cars the actor sees. */
  async parkingSpots(actor: RequestActor): Promise<ParkingSpot[]> {
    const rows = (await this.repo.parkingSpots()).filter((s) => canReadGeofence(actor, s));
    const plates = new Map((await this.ports.vehiclesByIds(rows.map((r) => r.vehicleId))).map((v) => [v.id, v.plate]));
    return rows.map((r) => toSpot(r, plates.get(r.vehicleId) ?? ''));
  }

  /** One car's designated spot, null when none is set; the car out of the actor's scope is 404. */
  async parkingSpot(actor: RequestActor, vehicleId: number): Promise<ParkingSpot | null> {
    const v = await this.readableCar(actor, vehicleId);
    const row = await this.repo.findParkingSpot(v.id);
    return row ? toSpot(row, v.plate) : null;
  }

  async clearParkingSpot(actor: RequestActor, vehicleId: number): Promise<void> {
    const v = await this.managedCar(actor, vehicleId);
    await this.db.transaction(() => this.repo.deleteParkingSpot(v.id));
  }

  private async readableCar(actor: RequestActor, vehicleId: number): Promise<SupervisedVehicle> {
    const [v] = await this.ports.vehiclesByIds([vehicleId]);
    if (!v || !canReadGeofence(actor, { unitId: v.ownerUnitId, regionCode: v.regionCode })) throw new NotFoundError(SupervisionErrorCode.PARKING_SPOT_VEHICLE_NOT_FOUND, `车辆 ${vehicleId} 不存在`);
    return v;
  }

  private async managedCar(actor: RequestActor, vehicleId: number): Promise<SupervisedVehicle> {
    const v = await this.readableCar(actor, vehicleId);
    if (!mayManageParkingSpot(actor, { unitId: v.ownerUnitId, regionCode: v.regionCode })) throw new ForbiddenError(SupervisionErrorCode.GEOFENCE_FORBIDDEN, `${formatPlate(v.plate)} 的定点停放位置由所属单位车管员设定`);
    return v;
  }

  async setParkingSpot(actor: RequestActor, vehicleId: number, input: ParkingSpotInput): Promise<ParkingSpot> {
    const v = await this.managedCar(actor, vehicleId);
    const row: ParkingSpotRow = {
      vehicleId: v.id, unitId: v.ownerUnitId, regionCode: v.regionCode, name: input.name, lat: input.lat, lng: input.lng, radiusM: input.radiusM,
      setBy: actor.userId, updatedAt: this.clock.now(),
    };
    await this.db.transaction(() => this.repo.saveParkingSpot(row));
    return toSpot(row, v.plate);
  }

  private async present(rows: GeofenceRow[]): Promise<Geofence[]> {
    const names = new Map((await this.ports.unitsByIds([...new Set(rows.map((r) => r.unitId))])).map((u) => [u.id, u.name]));
    return rows.map((g) => {
      const w = toWatchedFence(g);
      return {
        id: g.id, name: g.name, kind: g.kind, kindLabel: geofenceKindLabel[g.kind], unitId: g.unitId, unitName: names.get(g.unitId) ?? `单位 ${g.unitId}`,
        regionCode: g.regionCode, circle: w.circle, polygon: w.polygon,
        window: w.window ? { days: w.window.days, from: hhmm(w.window.fromMin), to: hhmm(w.window.toMin) } : null,
        windowLabel: windowLabel(w.window), createdAt: new Date(g.createdAt).toISOString(),
      };
    });
  }
}

const notFound = (id: number) => new NotFoundError(SupervisionErrorCode.GEOFENCE_NOT_FOUND, `电子围栏 ${id} 不存在`);
const toSpot = (r: ParkingSpotRow, plate: string): ParkingSpot => ({
  vehicleId: r.vehicleId, plate: formatPlate(plate), unitId: r.unitId, name: r.name, lat: Number(r.lat), lng: Number(r.lng), radiusM: r.radiusM,
});
