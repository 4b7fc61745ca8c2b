import { CommonErrorCode } from '@shared/common/errors';
import { FleetErrorCode } from '@shared/fleet/fleet.errors';
import { IdentityErrorCode } from '@shared/identity/identity.errors';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Database } from '../../platform/db/database';
import { canReadDriver, canReadUnit, canReadVehicle, mayManageDrivers, mayRegisterVehicles, vehicleScope } from '../../platform/access';
import type { RequestActor } from '../../platform/access';
import type { Page, PageQuery } from '@shared/common/pagination';
import type { Scope } from '../../platform/data-scope';
import { formatPlate, maskPhone } from '@shared/common/format';
import { officialUnitKinds } from '@shared/identity/identity.schemas';
import { CreateDriverInput, Driver, RegisterVehicleInput, UpdateDriverInput, Vehicle, vehicleCategoryLabel, VehicleListQuery, type VehicleCategory } from '@shared/fleet/fleet.schemas';
import type { IdentityService } from '../identity';
import type { DriverRow, VehicleRow } from './fleet.entity';
import type { FleetRepository } from './fleet.repository';
import type { LifecycleRepository } from './lifecycle.repository';
import type { EventBus } from '../../platform/events';
import type { Clock } from '../../platform/clock';
import type { BindTerminalInput, VehicleImportInput, VehicleImportResult } from '@shared/fleet/lifecycle.schemas';
import { importVehicles, parseVehicleSheet } from './vehicle-import';
import { vehicleFacts } from './vehicle-facts';
import { categoryRefusal, underQuota } from './unit-kind.rules';
import { fleetKindOf } from '@shared/fleet/unit-kind-rules';

export class FleetService {
  constructor(
    private readonly db: Database, private readonly repo: FleetRepository, private readonly identity: IdentityService,
    private readonly lifecycle: LifecycleRepository, private readonly events: Pick<EventBus, 'record'>, private readonly clock: Clock,
  ) {}

  async getVehicle(actor: RequestActor, id: number): Promise<Vehicle> {
    const v = await this.repo.findVehicle(id);
    if (!v || !canReadVehicle(actor, v)) {
      throw new NotFoundError(FleetErrorCode.VEHICLE_NOT_FOUND, `车辆 ${id} 不存在`);
    }
    return toVehicle(v);
  }

  async listVehicles(actor: RequestActor, q: VehicleListQuery): Promise<Page<Vehicle>> {
    // One kind's fleets (事业单位, 国有企业…): the owner units of that kind the actor can see, asked of identity.
    const owners = q.fleetKind
      ? (await this.identity.unitsByIds(await this.identity.unitIdsInScope(actor.scope))).filter((u) => fleetKindOf(u.kind) === q.fleetKind).map((u) => u.id)
      : undefined;
    const [rows, total] = await this.repo.listVehicles(vehicleScope(actor), q, owners);
    return { items: rows.map(toVehicle), total, page: q.page, pageSize: q.pageSize };
  }

  async getDriver(actor: RequestActor, id: number): Promise<Driver> {
    const d = await this.repo.findDriver(id);
    if (!d || !canReadDriver(actor, d)) {
      throw new NotFoundError(FleetErrorCode.DRIVER_NOT_FOUND, `驾驶员 ${id} 不存在`);
    }
    return toDriver(d);
  }

  async listDrivers(actor: RequestActor, page: PageQuery): Promise<Page<Driver>> {
    const [rows, total] = await this.repo.listDrivers(vehicleScope(actor), page);
    return { items: rows.map(toDriver), total, ...page };
  }

  /** A driver of a unit in the actor's scope, entered by those who register its vehicles (the unit's own, or the platform admin). */
  async createDriver(actor: RequestActor, input: CreateDriverInput): Promise<Driver> {
    const unit = await this.identity.unitById(input.unitId);
    if (!unit || !canReadUnit(actor, unit)) throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${input.unitId} 不存在`);
    if (!mayManageDrivers(actor, { unitId: unit.id })) {
      throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `只有单位「${unit.name}」的车管员或平台管理员可以登记其驾驶员`);
    }
    return this.db.transaction(async () => {
      const row = await this.repo.insertDriver({ userId: null, name: input.name, phone: input.phone, unitId: unit.id, regionCode: unit.regionCode, licenceClass: input.licenceClass, licenceExpires: input.licenceExpires, status: 'active' });
      await this.events.record('driver.created', row.id, driverFacts(row, this.clock.now()));
      return toDriver(row);
    });
  }

  /** A driver's licence renewed, or the driver suspended or taken back, by their unit's fleet admin (or the platform admin). */
  async updateDriver(actor: RequestActor, id: number, input: UpdateDriverInput): Promise<Driver> {
    const d = await this.repo.findDriver(id);
    if (!d || !canReadDriver(actor, d)) throw new NotFoundError(FleetErrorCode.DRIVER_NOT_FOUND, `驾驶员 ${id} 不存在`);
    if (!mayManageDrivers(actor, d)) {
      throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `只有驾驶员 ${d.name} 所属单位的车管员可以修改其信息`);
    }
    return this.db.transaction(async () => {
      const before = (await this.repo.lockDriver(id))!;
      await this.repo.updateDriver(id, { licenceClass: input.licenceClass, licenceExpires: input.licenceExpires, status: input.status });
      const after = { ...before, ...input };
      const change = [
        before.licenceClass !== input.licenceClass || before.licenceExpires !== input.licenceExpires ? `驾驶证 ${input.licenceClass}，有效期至 ${input.licenceExpires}` : '',
        before.status !== input.status ? (input.status === 'suspended' ? '停用' : '恢复') : '',
      ].filter(Boolean).join('；') || '信息未变';
      await this.events.record('driver.changed', id, { ...driverFacts(after, this.clock.now()), change });
      return toDriver(after);
    });
  }

  /**
   * Registers a vehicle to a unit in the actor's scope. 编制 quota (DOMAIN.md §3): an official unit may
   * not hold more vehicles of a category than approved; the quota row is locked so two registrations
   * cannot both take the last place.
   */
  async registerVehicle(actor: RequestActor, input: RegisterVehicleInput): Promise<Vehicle> {
    const unit = await this.identity.unitById(input.ownerUnitId);
    if (!unit || !canReadUnit(actor, unit)) {
      throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${input.ownerUnitId} 不存在`);
    }
    if (!mayRegisterVehicles(actor)) {
      throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有单位车管员、租赁企业或平台管理员可以登记车辆');
    }
    const official = officialUnitKinds.includes(unit.kind);
    if (!official && unit.kind !== 'rental_company') {
      throw new ValidationError(FleetErrorCode.UNIT_CANNOT_OWN_VEHICLES, `单位「${unit.name}」不是用车单位或租赁企业，不能登记车辆`);
    }
    const refusal = categoryRefusal(unit, input.category);
    if (refusal) throw new ValidationError(FleetErrorCode.CATEGORY_NOT_FOR_UNIT_KIND, refusal);
    if (input.insuranceDue < input.registeredOn) {
      throw new ValidationError(CommonErrorCode.VALIDATION_FAILED, '请求参数有误 — 保险到期日：不能早于登记日期', [{ field: 'body.insuranceDue', message: '不能早于登记日期' }]);
    }
    const { renewalId, ...fields } = input;
    return this.db.transaction(async () => {
      if (renewalId) await this.renewalToFulfil(renewalId, unit.id, input);
      // 国有企业业务用车 is outside 编制 (unit-kind-rules.ts): registered without a quota check.
      if (official && underQuota(unit.kind, input.category)) {
        const { quota, used } = await this.repo.lockQuota(unit.id, input.category, renewalId);
        if (quota === null || used >= quota) {
          throw new ConflictError(FleetErrorCode.VEHICLE_OVER_QUOTA,
            `单位「${unit.name}」${vehicleCategoryLabel[input.category]}编制 ${quota ?? 0} 辆，已有 ${used} 辆，不能超编登记 ${formatPlate(input.plate)}`);
        }
      }
      const clash = await this.repo.findClash(input.plate, input.vin, input.terminalPhone);
      if (clash) {
        const what = clash.plate === input.plate ? `车牌 ${formatPlate(input.plate)}` : clash.vin === input.vin ? `VIN ${input.vin}` : `终端 ${input.terminalPhone}`;
        throw new ConflictError(FleetErrorCode.VEHICLE_DUPLICATE, `${what} 已登记在车辆 ${clash.id}（${formatPlate(clash.plate)}）`);
      }
      const row = await this.repo.insertVehicle({
        ...fields, ownerUnitId: unit.id, regionCode: unit.regionCode, odometerHm: 0, status: 'in_use', exemptedOn: null, replacedByApplicationId: null,
      });
      if (renewalId) await this.lifecycle.move(renewalId, ['approved'], { status: 'completed', newVehicleId: row.id });
      await this.events.record('vehicle.registered', row.id, { ...vehicleFacts(row), at: this.clock.now().toISOString() });
      return toVehicle(row);
    });
  }

  /** The approved renewal a new vehicle is registered under: of the same unit and category, not yet fulfilled (locked). */
  private async renewalToFulfil(renewalId: number, unitId: number, input: RegisterVehicleInput): Promise<void> {
    const app = await this.lifecycle.find(renewalId, true);
    if (!app || app.kind !== 'renewal' || app.unitId !== unitId) {
      throw new NotFoundError(FleetErrorCode.APPLICATION_NOT_FOUND, `单位 ${unitId} 没有更新申请 ${renewalId}`);
    }
    if (app.status !== 'approved') {
      throw new ConflictError(FleetErrorCode.APPLICATION_STATE_CONFLICT, `更新申请 ${renewalId} ${app.status === 'completed' ? `已登记新车（车辆 ${app.newVehicleId}）` : '尚未批准'}，不能据此登记 ${formatPlate(input.plate)}`);
    }
    if (app.category !== input.category) {
      throw new ValidationError(FleetErrorCode.APPLICATION_STATE_CONFLICT, `更新申请 ${renewalId} 批准的是${vehicleCategoryLabel[app.category]}，不能登记为${vehicleCategoryLabel[input.category]}`);
    }
  }

  /** 一车一终端: a JT/T 808 terminal fitted to a vehicle of the actor's unit; a terminal on another vehicle is refused. */
  async bindTerminal(actor: RequestActor, id: number, input: BindTerminalInput): Promise<Vehicle> {
    await this.manageable(actor, id);
    return this.db.transaction(async () => {
      const v = (await this.lifecycle.lockVehicle(id))!;
      if (v.status === 'disposed') throw new ConflictError(FleetErrorCode.TERMINAL_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 已处置，不能绑定终端`);
      if (v.terminalPhone) throw new ConflictError(FleetErrorCode.TERMINAL_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 已绑定终端 ${v.terminalPhone}，请先解绑`);
      const other = await this.repo.findVehicleByTerminal(input.terminalPhone);
      if (other) throw new ConflictError(FleetErrorCode.TERMINAL_STATE_CONFLICT, `终端 ${input.terminalPhone} 已绑定在车辆 ${other.id}（${formatPlate(other.plate)}）`);
      await this.lifecycle.updateVehicle(id, { terminalPhone: input.terminalPhone, deviceModel: input.deviceModel });
      const after = (await this.repo.findVehicle(id))!;
      await this.events.record('vehicle.changed', id, { ...vehicleFacts(after), change: `绑定终端 ${input.terminalPhone}`, at: this.clock.now().toISOString() });
      return toVehicle(after);
    });
  }

  /** Takes the terminal off a vehicle; telematics drops its session (vehicle.terminal_unbound, from the outbox). */
  async unbindTerminal(actor: RequestActor, id: number): Promise<Vehicle> {
    await this.manageable(actor, id);
    return this.db.transaction(async () => {
      const v = (await this.lifecycle.lockVehicle(id))!;
      if (!v.terminalPhone) throw new ConflictError(FleetErrorCode.TERMINAL_STATE_CONFLICT, `车辆 ${formatPlate(v.plate)} 没有绑定终端`);
      await this.lifecycle.updateVehicle(id, { terminalPhone: null, deviceModel: null });
      await this.events.record('vehicle.terminal_unbound', id, { vehicleId: id, terminalPhone: v.terminalPhone, reason: `${actor.name} 解绑`, at: this.clock.now().toISOString() });
      const after = (await this.repo.findVehicle(id))!;
      await this.events.record('vehicle.changed', id, { ...vehicleFacts(after), change: `解绑终端 ${v.terminalPhone}`, at: this.clock.now().toISOString() });
      return toVehicle(after);
    });
  }

  /** Excel import for one unit: every good row registered as the form would, every bad row reported by its row number. */
  async importVehicles(actor: RequestActor, input: VehicleImportInput): Promise<VehicleImportResult> {
    if (!mayRegisterVehicles(actor)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '只有单位车管员、租赁企业或平台管理员可以导入车辆');
    const unit = await this.identity.unitById(input.ownerUnitId);
    if (!unit || !canReadUnit(actor, unit)) throw new NotFoundError(IdentityErrorCode.UNIT_NOT_FOUND, `单位 ${input.ownerUnitId} 不存在`);
    const rows = await parseVehicleSheet(Buffer.from(input.fileBase64, 'base64'), unit.id);
    return importVehicles(rows, (row) => this.registerVehicle(actor, row));
  }

  /** A vehicle the actor sees (404) and manages: its unit's fleet admin or the platform admin (403). */
  private async manageable(actor: RequestActor, id: number): Promise<VehicleRow> {
    const v = await this.repo.findVehicle(id);
    if (!v || !canReadVehicle(actor, v)) throw new NotFoundError(FleetErrorCode.VEHICLE_NOT_FOUND, `车辆 ${id} 不存在`);
    if (!mayRegisterVehicles(actor) || (!actor.scope.all && v.ownerUnitId !== actor.unitId)) {
      throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `只有车辆 ${formatPlate(v.plate)} 所属单位的车管员可以管理其终端`);
    }
    return v;
  }

  /** The vehicle fitted with a terminal of this phone number, as entered (telematics' terminal directory). */
  vehicleByTerminal(terminalPhone: string): Promise<VehicleRow | null> {
    return this.repo.findVehicleByTerminal(terminalPhone);
  }

  /** Vehicles fitted with a JT/T 808 terminal and not disposed (the gateway's directory, the demo fleet). */
  vehiclesWithTerminals(): Promise<VehicleRow[]> {
    return this.repo.listWithTerminals();
  }

  /** Vehicles with a document or maintenance due on or before `day` (supervision's expiry warnings). */
  vehiclesDueBy(day: string): Promise<VehicleRow[]> {
    return this.repo.listDueBy(day);
  }

  /**
   * Vehicles (not disposed nor exempted) of a region prefix and below per owner unit (and category when
   * asked), and how many have a terminal (supervision's data pool: one GROUP BY).
   */
  censusUnder(regionPrefix: string, byCategory: boolean): Promise<Array<{ ownerUnitId: number; category: VehicleCategory | null; vehicles: number; withTerminal: number }>> {
    return this.repo.censusUnder(regionPrefix, byCategory);
  }

  /** These units' approved 编制 quota over all categories (Appendix A). */
  quotaTotals(unitIds: number[]): Promise<Map<number, number>> {
    return this.repo.quotaTotals(unitIds);
  }

  // Reads and the one write other modules ask of fleet (no actor: the caller applies its access policy
  // first, e.g. canPickVehicle); inside a transaction they join it.

  vehiclesByIds(ids: number[]): Promise<VehicleRow[]> {
    return this.repo.vehiclesByIds(ids);
  }

  /** Vehicles by plate as registered (冀A12345), disposed ones too (a violation may come after). */
  vehiclesByPlates(plates: string[]): Promise<VehicleRow[]> {
    return this.repo.vehiclesByPlates(plates);
  }

  driversByIds(ids: number[]): Promise<DriverRow[]> {
    return this.repo.driversByIds(ids);
  }

  /** The driver record of a user account (null: the user does not drive). */
  async driverIdOfUser(userId: number): Promise<number | null> {
    return (await this.repo.findDriverOfUser(userId))?.id ?? null;
  }

  /** The user accounts of drivers (a driver without an account has none). */
  async driverUserIds(driverIds: number[]): Promise<number[]> {
    return (await this.repo.driversByIds(driverIds)).map((d) => d.userId).filter((id): id is number => id != null);
  }

  /**
   * A dispatcher's pool in `scope`: unit-owned and platform-pool vehicles, and drivers. Who is booked
   * when is the trips' business (their resource slots); which car fits which trip is trips.rules.
   */
  async availablePool(scope: Scope): Promise<{ vehicles: VehicleRow[]; drivers: DriverRow[] }> {
    const [vehicles, drivers] = await Promise.all([this.repo.poolVehicles(scope), this.repo.poolDrivers(scope)]);
    return { vehicles, drivers };
  }

  /** Recorded odometers (0.1 km) of vehicles. */
  async odometers(vehicleIds: number[]): Promise<Map<number, number>> {
    return new Map((await this.repo.vehiclesByIds(vehicleIds)).map((v) => [v.id, Number(v.odometerHm)]));
  }

  /**
   * A returned trip's odometer reading becomes the vehicle's record (never backwards), in the caller's
   * transaction: the next departure is checked against it.
   */
  recordOdometer(vehicleId: number, odometerHm: number): Promise<void> {
    return this.repo.raiseOdometer(vehicleId, odometerHm);
  }
}

export const toVehicle = (v: VehicleRow): Vehicle => ({
  id: v.id, plate: v.plate, vin: v.vin, brandModel: v.brandModel, energyType: v.energyType, displacementMl: v.displacementMl,
  priceFen: v.priceFen, seats: v.seats, category: v.category, source: v.source, ownerUnitId: v.ownerUnitId, regionCode: v.regionCode,
  registeredOn: v.registeredOn, odometerKm: v.odometerHm / 10, terminalPhone: v.terminalPhone, deviceModel: v.deviceModel,
  insuranceDue: v.insuranceDue, inspectionDue: v.inspectionDue, maintenanceDue: v.maintenanceDue, status: v.status,
  acquisition: v.acquisition ?? 'purchased', exemptedOn: v.exemptedOn ?? null,
});

const driverFacts = (d: DriverRow, at: Date) => ({
  driverId: d.id, name: d.name, unitId: d.unitId, regionCode: d.regionCode, licenceClass: d.licenceClass, licenceExpires: d.licenceExpires, status: d.status, at: at.toISOString(),
});

const toDriver = (d: DriverRow): Driver => ({
  id: d.id, userId: d.userId, name: d.name, phoneMasked: maskPhone(d.phone), unitId: d.unitId, regionCode: d.regionCode,
  licenceClass: d.licenceClass, licenceExpires: d.licenceExpires, status: d.status,
});
