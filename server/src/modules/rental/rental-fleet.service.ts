import { formatPlate } from '@shared/common/format';
import { haversineMetres } from '@shared/common/geo';
import {
  fenceSchema, type CreateCarInput, type CreatePlanInput, type CreateStationInput, type FindCarsQuery, type PricePlan, type RentalCar, type Station, type UpdateCarInput,
} from '@shared/rental/rental.schemas';
import { RentalErrorCode as E } from '@shared/rental/rental.errors';
import { mayOperateCompany, operatedCompany } from '../../platform/access';
import type { Actor } from '../../platform/data-scope';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { CarRow, PlanRow, StationRow } from './rental.entity';
import type { RentalTerminals, RentalVehicles } from './rental.ports';
import { RentalRepository } from './rental.repository';
import { MIN_BATTERY_PCT, rangeCovers } from './rental.rules';

export const toPlan = (p: PlanRow): PricePlan => ({
  id: p.id, companyId: p.companyId, name: p.name, timeUnit: p.timeUnit, dayRateFen: p.dayRateFen, nightRateFen: p.nightRateFen,
  nightStartMinute: p.nightStartMinute, nightEndMinute: p.nightEndMinute, perKmFen: p.perKmFen, dailyCapFen: p.dailyCapFen, minChargeFen: p.minChargeFen,
});

export const toStation = (s: StationRow, carsAvailable: number): Station => ({
  id: s.id, companyId: s.companyId, name: s.name, address: s.address, location: { lat: Number(s.lat), lng: Number(s.lng) },
  fence: fenceSchema.parse(JSON.parse(s.fence)), acceptsReturns: !!s.acceptsReturns, carsAvailable,
});

export interface RentalFleetDeps { db: Database; clock: Clock; vehicles: RentalVehicles; terminals: RentalTerminals; repo?: RentalRepository }

/**
 * The rental companies' side (issue #15 item 1): stations with fences, price plans, time-share cars,
 * the live fleet; and finding cars for a civil servant (item 2). Distances are computed here from
 * the latest positions, so "cars near me" works without Redis GEO (the embedded default).
 */
export class RentalFleetService {
  readonly repo: RentalRepository;

  constructor(private readonly deps: RentalFleetDeps) {
    this.repo = deps.repo ?? new RentalRepository(deps.db);
  }

  private company(actor: Actor, companyId?: number): number {
    const own = operatedCompany(actor);
    const id = companyId ?? own;
    if (id == null || !mayOperateCompany(actor, id)) throw new ForbiddenError(E.RENTAL_FORBIDDEN, '只有租赁企业的运营人员可以管理网点、车辆和计费方案');
    return id;
  }

  async createStation(actor: Actor, input: CreateStationInput): Promise<Station> {
    const companyId = this.company(actor);
    const row = await this.deps.db.transaction(() => this.repo.insertStation({
      companyId, name: input.name, address: input.address, lat: input.location.lat, lng: input.location.lng,
      fence: JSON.stringify(input.fence), acceptsReturns: input.acceptsReturns, createdAt: this.deps.clock.now(),
    }));
    return toStation(row, 0);
  }

  /** Stations of every company (civil servants find cars there); an operator's list is their company's. */
  async stations(actor: Actor | null, mine = false): Promise<Station[]> {
    const companyId = mine && actor ? this.company(actor) : undefined;
    const [rows, count] = await Promise.all([this.repo.stations(companyId), this.repo.availableByStation({ companyId })]);
    return rows.map((s) => toStation(s, count.get(s.id) ?? 0));
  }

  async createPlan(actor: Actor, input: CreatePlanInput): Promise<PricePlan> {
    const companyId = this.company(actor);
    if (input.nightRateFen != null && input.nightStartMinute === input.nightEndMinute) {
      throw new ValidationError(E.RENTAL_PLAN_INVALID, '夜间时段的开始与结束时间不能相同');
    }
    return toPlan(await this.deps.db.transaction(() => this.repo.insertPlan({ companyId, ...input })));
  }

  async plans(actor: Actor): Promise<PricePlan[]> {
    return (await this.repo.plans(this.company(actor))).map(toPlan);
  }

  async createCar(actor: Actor, input: CreateCarInput): Promise<RentalCar> {
    const companyId = this.company(actor);
    const [vehicle, station, plan] = await Promise.all([this.deps.vehicles.vehicle(input.vehicleId), this.repo.station(input.stationId), this.repo.plan(input.planId)]);
    if (!vehicle || vehicle.ownerUnitId !== companyId) throw new NotFoundError(E.RENTAL_CAR_NOT_FOUND, `车辆 ${input.vehicleId} 不存在或不属于本企业`);
    if (!vehicle.hasTerminal) throw new ConflictError(E.RENTAL_STATE_CONFLICT, `车辆 ${formatPlate(vehicle.plate)} 未安装车载终端，不能用于自助分时租赁`);
    if (!station || station.companyId !== companyId) throw new NotFoundError(E.RENTAL_STATION_NOT_FOUND, `网点 ${input.stationId} 不存在`);
    if (!plan || plan.companyId !== companyId) throw new NotFoundError(E.RENTAL_PLAN_NOT_FOUND, `计费方案 ${input.planId} 不存在`);
    const row = await this.deps.db.transaction(async () => {
      if (await this.repo.carByVehicle(vehicle.id)) throw new ConflictError(E.RENTAL_STATE_CONFLICT, `车辆 ${formatPlate(vehicle.plate)} 已是分时租赁车辆`);
      return this.repo.insertCar({
        vehicleId: vehicle.id, companyId, stationId: station.id, planId: plan.id, plate: vehicle.plate, model: vehicle.model, seats: vehicle.seats,
        batteryPct: input.batteryPct, rangeKm: input.rangeKm, status: 'available',
      });
    });
    return (await this.present([row], null))[0]!;
  }

  async updateCar(actor: Actor, carId: number, input: UpdateCarInput): Promise<RentalCar> {
    const car = await this.repo.car(carId);
    if (!car || !mayOperateCompany(actor, car.companyId)) throw new NotFoundError(E.RENTAL_CAR_NOT_FOUND, `分时租赁车辆 ${carId} 不存在`);
    if (input.stationId != null) {
      const s = await this.repo.station(input.stationId);
      if (!s || s.companyId !== car.companyId) throw new NotFoundError(E.RENTAL_STATION_NOT_FOUND, `网点 ${input.stationId} 不存在`);
    }
    if (input.planId != null) {
      const p = await this.repo.plan(input.planId);
      if (!p || p.companyId !== car.companyId) throw new NotFoundError(E.RENTAL_PLAN_NOT_FOUND, `计费方案 ${input.planId} 不存在`);
    }
    await this.deps.db.transaction(async () => {
      const { status, ...rest } = input;
      if (Object.keys(rest).length) await this.repo.updateCar(carId, rest);
      if (status && status !== car.status) {
        // Only an idle car changes between available and maintenance; a reserved or rented one is in a user's hands.
        const from = status === 'available' ? 'maintenance' : 'available';
        if (!(await this.repo.moveCar(carId, from, status))) {
          throw new ConflictError(E.RENTAL_STATE_CONFLICT, `车辆 ${formatPlate(car.plate)} 正在预约或租用中，不能改为「${status === 'available' ? '可租' : '维护中'}」`);
        }
      }
    });
    return (await this.present([(await this.repo.car(carId))!], null))[0]!;
  }

  /** The company's cars with where they are now (实时车队). */
  async fleet(actor: Actor): Promise<RentalCar[]> {
    return this.present(await this.repo.cars({ companyId: this.company(actor) }), null);
  }

  /**
   * Cars a civil servant can take (item 2): available, battery above the minimum and range enough for
   * the stated distance, near the given point (within radiusM) or at a station; nearest first.
   */
  async find(q: FindCarsQuery): Promise<{ cars: RentalCar[]; stations: Station[] }> {
    const rows = (await this.repo.cars({ stationId: q.stationId, status: 'available' }))
      .filter((c) => c.batteryPct >= MIN_BATTERY_PCT && rangeCovers(c.rangeKm, q.distanceKm));
    const origin = q.lat != null && q.lng != null ? { lat: q.lat, lng: q.lng } : null;
    let cars = await this.present(rows, origin);
    if (origin && q.stationId == null) cars = cars.filter((c) => c.distanceM != null && c.distanceM <= q.radiusM);
    cars.sort((a, b) => (a.distanceM ?? 0) - (b.distanceM ?? 0) || a.id - b.id);
    // At a station (the common case at the car park): that station alone, not every station of the province.
    const stations = q.stationId != null
      ? await this.stationsWithCounts(await this.repo.stationsByIds([q.stationId]), { stationId: q.stationId })
      : (await this.stations(null)).filter((s) => !origin || haversineMetres(origin, s.location) <= q.radiusM);
    return { cars, stations };
  }

  private async stationsWithCounts(rows: StationRow[], where: { stationId?: number }): Promise<Station[]> {
    const count = await this.repo.availableByStation(where);
    return rows.map((s) => toStation(s, count.get(s.id) ?? 0));
  }

  /** Cars as the API shows them: plan, station, latest position (or the station's when none yet), distance from `origin`. */
  async present(rows: CarRow[], origin: { lat: number; lng: number } | null): Promise<RentalCar[]> {
    const [plans, stations, fixes] = await Promise.all([
      this.repo.plansByIds(rows.map((r) => r.planId)), this.repo.stationsByIds(rows.map((r) => r.stationId)), this.deps.terminals.latest(rows.map((r) => r.vehicleId)),
    ]);
    const planById = new Map(plans.map((p) => [p.id, p]));
    const stationById = new Map(stations.map((s) => [s.id, s]));
    return rows.map((c) => {
      const fix = fixes.get(c.vehicleId);
      const station = stationById.get(c.stationId);
      const position = fix ? { lat: fix.lat, lng: fix.lng } : station ? { lat: Number(station.lat), lng: Number(station.lng) } : null;
      return {
        id: c.id, vehicleId: c.vehicleId, companyId: c.companyId, plate: c.plate, model: c.model, seats: c.seats, batteryPct: c.batteryPct,
        rangeKm: c.rangeKm, status: c.status, stationId: c.stationId, stationName: station?.name ?? '', plan: toPlan(planById.get(c.planId)!),
        position, online: fix?.online ?? false, distanceM: origin && position ? Math.round(haversineMetres(origin, position)) : null,
      };
    });
  }
}

/** Where each time-share car is parked (its station), for the demo fleet's simulated terminals. */
export async function rentalCarHomes(db: Pick<Database, 'manager' | 'writeLock'>): Promise<Map<number, { lat: number; lng: number }>> {
  const repo = new RentalRepository(db);
  const stations = new Map((await repo.stations()).map((s) => [s.id, s]));
  const homes = new Map<number, { lat: number; lng: number }>();
  for (const c of await repo.cars()) {
    const s = stations.get(c.stationId);
    if (s) homes.set(c.vehicleId, { lat: Number(s.lat), lng: Number(s.lng) });
  }
  return homes;
}
