import { CommonErrorCode } from '@shared/common/errors';
import { FleetErrorCode } from '@shared/fleet/fleet.errors';
import { IdentityErrorCode } from '@shared/identity/identity.errors';
import { TripErrorCode } from '@shared/trips/trips.errors';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import { canDispatchTrip, canPickDriver, canPickVehicle, canSeeDriverPhone } from '../../platform/access';
import type { RequestActor } from '../../platform/access';
import { formatPlate, maskPhone } from '@shared/common/format';
import { startOfShanghaiMonth } from '@shared/common/time';
import type { CandidateQuery, Candidates, ManualDispatchInput, OneClickResult, ReassignInput } from '@shared/trips/dispatch.schemas';
import type { Assignment, TripDetail } from '@shared/trips/trips.schemas';
import type { DriverRow, FleetService, VehicleRow } from '../fleet';
import type { IdentityService } from '../identity';
import type { Notice, NotificationsService } from '../notifications';
import {
  driverProblems, dueDateEndMs, originOf, ResourcePick, toAssignment, TripRow, TripsService, vehicleProblems, who,
} from '../trips';
import { planDispatch, PlanDriver, PlanVehicle } from './dispatch.plan';

/** Where a vehicle with no recent terminal report is assumed to wait (Shijiazhuang centre). */
export const DEPOT = { lat: 38.0428, lng: 114.5149 };

/** Latest known positions (WGS-84) of vehicles, from the terminals (telematics); distance to pickup uses them. */
export interface VehiclePositionSource {
  latest(vehicleIds: number[]): Promise<Map<number, { lat: number; lng: number }>>;
}

export const pickOf = (v: VehicleRow, d: DriverRow): ResourcePick => ({ vehicle: { id: v.id, plate: v.plate }, driver: { id: d.id, name: d.name, phone: d.phone } });

/** 调度: manual pick, 一键派车 (one or all), 多车同派 (all or nothing), 改派. */
export class DispatchService {
  constructor(
    readonly trips: TripsService, readonly fleet: FleetService, readonly identity: IdentityService, readonly notifications: NotificationsService,
    readonly clock: Clock, private readonly positions: VehiclePositionSource = { latest: async () => new Map() },
  ) {}

  get booking() {
    return this.trips.booking;
  }

  /** The trip, read (else 404) and dispatched by this actor (access canDispatchTrip, else 403). */
  async dispatchable(actor: RequestActor, tripId: number): Promise<TripRow> {
    const t = await this.trips.visible(actor, tripId);
    if (!canDispatchTrip(actor, t)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `行程 ${tripId} 不由您调度`);
    return t;
  }

  /**
   * The pool's vehicles and drivers for a trip's window, each with why it cannot go. For 改派 (`assignmentId`)
   * the car being replaced does not count against itself: its driver is not busy "because of this very trip".
   * Without a trip (紧急调度's form, before anything is written) the window and needs come from the query.
   */
  async candidates(actor: RequestActor, query: CandidateQuery): Promise<Candidates> {
    let t: { startAt: Date; endAt: Date; seatsWanted: number; category: TripRow['category'] };
    const except: number[] = [];
    if (query.tripId != null) {
      t = await this.dispatchable(actor, query.tripId);
      if (query.assignmentId != null) {
        const a = await this.booking.findAssignment(query.assignmentId);
        if (!a || a.tripId !== query.tripId) throw new NotFoundError(TripErrorCode.ASSIGNMENT_NOT_FOUND, `行程 ${query.tripId} 没有派车单 ${query.assignmentId}`);
        except.push(a.id);
      }
    } else {
      t = { startAt: new Date(query.startAt!), endAt: new Date(query.endAt!), seatsWanted: query.seatsWanted ?? 1, category: query.category ?? null };
    }
    const tripId = query.tripId ?? null;
    const tw = { endMs: new Date(t.endAt).getTime(), seatsWanted: t.seatsWanted, category: t.category };
    const { vehicles: vBusy, drivers: dBusy } = await this.booking.busyWindows(t.startAt, t.endAt, except);
    const { vehicles, drivers } = await this.fleet.availablePool(actor.scope);
    return {
      tripId,
      vehicles: vehicles.map((v) => {
        const reasons = [...vehicleProblems(v, tw), ...(vBusy.has(v.id) ? ['该时段已被占用'] : [])];
        return { id: v.id, plate: v.plate, brandModel: v.brandModel, seats: v.seats, category: v.category, source: v.source, eligible: !reasons.length, reasons };
      }),
      drivers: drivers.map((d) => {
        const reasons = [...driverProblems(d, tw), ...(dBusy.has(d.id) ? ['该时段已有任务'] : [])];
        return { id: d.id, name: d.name, phoneMasked: maskPhone(d.phone), phone: canSeeDriverPhone(actor, d) ? d.phone : null, licenceExpires: d.licenceExpires, eligible: !reasons.length, reasons };
      }),
    };
  }

  /** Manual dispatch from the dispatcher's pool, or to a rental company (an order its operator fulfils). */
  async manual(actor: RequestActor, tripId: number, input: ManualDispatchInput): Promise<TripDetail> {
    const trip = await this.dispatchable(actor, tripId);
    if (input.source === 'rental') return this.toRental(actor, trip, input.companyId);
    const picks = await Promise.all(input.picks.map((p) => this.loadPick(actor, p.vehicleId, p.driverId)));
    if (new Set(input.picks.map((p) => p.vehicleId)).size !== picks.length || new Set(input.picks.map((p) => p.driverId)).size !== picks.length) {
      throw new ValidationError(CommonErrorCode.VALIDATION_FAILED, `行程 ${tripId}：同一车辆或驾驶员不能重复选择`, [{ field: 'body.picks', message: '车辆与驾驶员不能重复' }]);
    }
    await this.booking.transaction(async () => this.notifications.record(await this.dispatchTrip(actor, tripId, picks.map((p) => ({ ...p, reason: '调度员手动派车' })))));
    return this.trips.get(actor, tripId);
  }

  /**
   * Writes all N assignments of a trip in one transaction (多车同派: all or none); each books its
   * vehicle's and driver's slots, so an overlap anywhere rolls the whole dispatch back.
   */
  async dispatchTrip(actor: RequestActor | null, tripId: number, picks: Array<{ v: VehicleRow; d: DriverRow; reason: string }>): Promise<Notice[]> {
    const t = await this.booking.lockTrip(tripId);
    if (!t) throw new NotFoundError(TripErrorCode.TRIP_NOT_FOUND, `行程 ${tripId} 不存在`);
    this.booking.assertCan(t, 'dispatch');
    const live = (await this.booking.assignmentsOf([t.id])).filter((a) => a.status !== 'released');
    if (live.length + picks.length !== t.vehiclesNeeded) {
      throw new ValidationError(TripErrorCode.WRONG_VEHICLE_COUNT, `行程 ${t.id} 需要 ${t.vehiclesNeeded} 辆车，本次选择了 ${picks.length} 辆`, [{ field: 'body.picks', message: `应为 ${t.vehiclesNeeded - live.length} 组` }]);
    }
    for (const p of picks) this.assertFit(t, p.v, p.d);
    for (const p of picks) await this.booking.assign(t, pickOf(p.v, p.d), p.v.source === 'pool' ? 'pool' : 'own', p.reason);
    const by = actor ? who(actor) : { userId: null, name: '系统' };
    const note = picks.map((p) => `${formatPlate(p.v.plate)}/${p.d.name}：${p.reason}`).join('；');
    // A rental company declined one order of a multi-car trip while another still waits for it: the car sent now
    // replaces only the declined one, and the trip waits for the company's other order before it counts as dispatched.
    if (live.some((a) => a.status === 'awaiting_company')) await this.booking.move(t, 'dispatch_rental', by, note);
    else await this.booking.move(t, 'dispatch', by, note);
    return this.dispatchedNotices(t, picks);
  }

  async dispatchedNotices(t: TripRow, picks: Array<{ v: VehicleRow; d: DriverRow }>): Promise<Notice[]> {
    const cars = picks.map((p) => `${formatPlate(p.v.plate)}（${p.d.name} ${maskPhone(p.d.phone)}）`).join('、');
    return [
      { userIds: [t.applicantId, t.bookedById], family: 'tripStatus', title: '已派车', body: `行程 ${t.id}「${t.purpose}」：${cars}`, page: `/trips/detail?id=${t.id}` },
      { userIds: await this.fleet.driverUserIds(picks.map((p) => p.d.id)), family: 'task', title: '新的出车任务', body: `行程 ${t.id}「${t.purpose}」，${originOf(t).name} 出发`, page: '/driver/tasks' },
    ];
  }

  assertFit(t: TripRow, v: VehicleRow, d: DriverRow): void {
    const tw = { endMs: new Date(t.endAt).getTime(), seatsWanted: t.seatsWanted, category: t.category };
    const vp = vehicleProblems(v, tw);
    if (vp.length) throw new ConflictError(TripErrorCode.VEHICLE_NOT_ELIGIBLE, `车辆 ${formatPlate(v.plate)} 不能派给行程 ${t.id}：${vp.join('，')}`);
    const dp = driverProblems(d, tw);
    if (dp.length) throw new ConflictError(TripErrorCode.DRIVER_NOT_ELIGIBLE, `驾驶员 ${d.name} 不能派给行程 ${t.id}：${dp.join('，')}`);
  }

  async loadPick(actor: RequestActor, vehicleId: number, driverId: number): Promise<{ v: VehicleRow; d: DriverRow }> {
    const [v] = await this.fleet.vehiclesByIds([vehicleId]);
    if (!v || !canPickVehicle(actor, v)) throw new NotFoundError(FleetErrorCode.VEHICLE_NOT_FOUND, `车辆 ${vehicleId} 不存在`);
    const [d] = await this.fleet.driversByIds([driverId]);
    if (!d || !canPickDriver(actor, d)) throw new NotFoundError(FleetErrorCode.DRIVER_NOT_FOUND, `驾驶员 ${driverId} 不存在`);
    return { v, d };
  }

  private async toRental(actor: RequestActor, trip: TripRow, companyId: number): Promise<TripDetail> {
    const company = await this.identity.unitById(companyId);
    if (!company || company.kind !== 'rental_company') throw new NotFoundError(IdentityErrorCode.COMPANY_NOT_FOUND, `租赁企业 ${companyId} 不存在`);
    await this.booking.transaction(async () => {
      const row = (await this.booking.lockTrip(trip.id))!;
      this.booking.assertCan(row, 'dispatch_rental');
      // Cars already sent stay (after a company declined one order of several): the company is asked only for the rest.
      const live = (await this.booking.assignmentsOf([row.id])).filter((a) => a.status !== 'released');
      await this.booking.addRentalOrders(row, companyId, `社会化租赁：${company.name}`, row.vehiclesNeeded - live.length);
      await this.booking.move(row, 'dispatch_rental', who(actor), `转 ${company.name} 派车`);
      const operators = await this.identity.usersWithRole(companyId, 'rental_operator');
      return this.notifications.record([{ userIds: operators, family: 'task', title: '新的租车订单', body: `行程 ${row.id}「${row.purpose}」需 ${row.vehiclesNeeded} 辆车`, page: '/rental/orders' }]);
    });
    return this.trips.get(actor, trip.id);
  }

  /** 一键派车 for the given trips, or every trip waiting in the dispatcher's pool; each trip commits on its own. */
  async oneClick(actor: RequestActor, tripIds?: number[]): Promise<OneClickResult> {
    const trips: TripRow[] = [];
    if (tripIds) for (const id of tripIds) trips.push(await this.dispatchable(actor, id));
    else {
      const rows = await this.booking.approvedTrips(actor.scope, 200);
      trips.push(...rows.filter((t) => new Date(t.endAt) > this.clock.now()));
    }
    return this.planAndCommit(actor, trips.filter((t) => t.status === 'approved'), trips.filter((t) => t.status !== 'approved'));
  }

  async planAndCommit(actor: RequestActor, ready: TripRow[], notReady: TripRow[] = []): Promise<OneClickResult> {
    const results: OneClickResult['results'] = notReady.map((t) => ({ tripId: t.id, dispatched: false, assignments: [], message: `行程 ${t.id} 当前不是待派车状态` }));
    if (!ready.length) return { results };
    const { picks, unassigned } = await this.plan(actor, ready);
    for (const u of unassigned) results.push({ tripId: u.tripId, dispatched: false, assignments: [], message: u.message });
    for (const t of ready) {
      const mine = picks.get(t.id);
      if (!mine?.length) continue;
      results.push(await this.commitTrip(actor, t.id, mine.map((p) => ({ ...p, reason: `一键派车：${p.reason}` }))));
    }
    return { results: results.sort((a, b) => a.tripId - b.tripId) };
  }

  /** The one-click plan's picks per trip, without writing (an emergency commits them in its own unit of work). */
  async planPicks(actor: RequestActor, ready: TripRow[]): Promise<Map<number, Array<{ v: VehicleRow; d: DriverRow; reason: string }>>> {
    return (await this.plan(actor, ready)).picks;
  }

  private async plan(actor: RequestActor, ready: TripRow[]) {
    const from = new Date(Math.min(...ready.map((t) => new Date(t.startAt).getTime())));
    const to = new Date(Math.max(...ready.map((t) => new Date(t.endAt).getTime())));
    const [{ vehicles, drivers }, busy, usage] = await Promise.all([
      this.fleet.availablePool(actor.scope), this.booking.busyWindows(from, to), this.booking.monthlyUsage(monthStart(this.clock.now())),
    ]);
    const inUse = vehicles.filter((v) => v.status === 'in_use');
    const where = await this.positions.latest(inUse.map((v) => v.id));
    const pv: PlanVehicle[] = inUse.map((v) => ({
      id: v.id, plate: v.plate, position: where.get(v.id), seats: v.seats, category: v.category, insuranceDueMs: dueDateEndMs(v.insuranceDue), inspectionDueMs: dueDateEndMs(v.inspectionDue),
      usage: usage.vehicles.get(v.id) ?? { trips: 0, km: 0 }, busy: busy.vehicles.get(v.id) ?? [],
    }));
    const pd: PlanDriver[] = drivers.filter((d) => d.status === 'active').map((d) => ({
      id: d.id, name: d.name, licenceExpiresMs: dueDateEndMs(d.licenceExpires), usage: usage.drivers.get(d.id) ?? { trips: 0, km: 0 }, busy: busy.drivers.get(d.id) ?? [],
    }));
    // A trip may already hold some of its cars (a rental company declined one order of several): plan only the rest.
    const held = await this.booking.assignmentsOf(ready.map((t) => t.id));
    const live = (id: number) => held.filter((a) => a.tripId === id && a.status !== 'released').length;
    const plan = planDispatch(ready.map((t) => ({
      id: t.id, needed: t.vehiclesNeeded - live(t.id), window: { startMs: new Date(t.startAt).getTime(), endMs: new Date(t.endAt).getTime() }, origin: originOf(t), seats: t.seatsWanted, category: t.category,
    })), pv, pd, DEPOT);
    const picks = new Map<number, Array<{ v: VehicleRow; d: DriverRow; reason: string }>>();
    for (const p of plan.pairs) {
      picks.set(p.tripId, [...(picks.get(p.tripId) ?? []), { v: vehicles.find((v) => v.id === p.vehicleId)!, d: drivers.find((d) => d.id === p.driverId)!, reason: p.reason }]);
    }
    return { picks, unassigned: plan.unassigned };
  }

  /** Dispatches one trip of a batch in its own transaction; a trip whose state or resources changed is reported, not thrown. */
  async commitTrip(actor: RequestActor, tripId: number, picks: Array<{ v: VehicleRow; d: DriverRow; reason: string }>): Promise<OneClickResult['results'][number]> {
    try {
      await this.booking.transaction(async () => this.notifications.record(await this.dispatchTrip(actor, tripId, picks)));
      return { tripId, dispatched: true, assignments: picks.map((p) => ({ plate: p.v.plate, driverName: p.d.name, reason: p.reason })), message: null };
    } catch (err) {
      if (!(err instanceof ConflictError || err instanceof ValidationError || err instanceof NotFoundError)) throw err;
      return { tripId, dispatched: false, assignments: [], message: err.message };
    }
  }

  /** 改派: the old vehicle and driver are freed and the new ones booked in one transaction, with the reason. */
  async reassign(actor: RequestActor, assignmentId: number, input: ReassignInput): Promise<Assignment> {
    const a0 = await this.booking.findAssignment(assignmentId);
    if (!a0) throw new NotFoundError(TripErrorCode.ASSIGNMENT_NOT_FOUND, `派车单 ${assignmentId} 不存在`);
    await this.dispatchable(actor, a0.tripId);
    const { v, d } = await this.loadPick(actor, input.vehicleId, input.driverId);
    const { newId } = await this.booking.transaction(async () => {
      const t = (await this.booking.lockTrip(a0.tripId))!;
      const a = (await this.booking.lockAssignment(assignmentId))!;
      if (a.status !== 'dispatched' && a.status !== 'accepted') {
        throw new ConflictError(TripErrorCode.ASSIGNMENT_STATE_CONFLICT, `行程 ${t.id} 的派车单 ${a.id}（${a.plate ? formatPlate(a.plate) : '租赁待接单'}）当前不能改派`);
      }
      this.assertFit(t, v, d);
      await this.booking.release(a, `改派：${input.reason}`);
      const created = await this.booking.assign(t, pickOf(v, d), v.source === 'pool' ? 'pool' : 'own', `改派：${input.reason}`);
      await this.booking.event(t.id, who(actor), 'reassign', `${formatPlate(a.plate)}/${a.driverName} → ${formatPlate(v.plate)}/${d.name}：${input.reason}`);
      const oldDriver = await this.fleet.driverUserIds(a.driverId != null ? [a.driverId] : []);
      const list: Notice[] = [...(await this.dispatchedNotices(t, [{ v, d }])), { userIds: oldDriver, family: 'task', title: '任务已改派', body: `行程 ${t.id} 已改派他人：${input.reason}`, page: '/driver/tasks' }];
      await this.notifications.record(list);
      return { newId: created.id };
    });
    return toAssignment((await this.booking.findAssignment(newId))!);
  }
}

/** 00:00 in Asia/Shanghai of the first day of `now`'s month: a car's and a driver's use this month counts from it. */
export function monthStart(now: Date): Date {
  return startOfShanghaiMonth(now);
}
