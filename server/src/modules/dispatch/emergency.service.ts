import { CommonErrorCode } from '@shared/common/errors';
import { formatPlate } from '@shared/common/format';
import { formatShanghai } from '@shared/common/time';
import { TripErrorCode } from '@shared/trips/trips.errors';
import { ConflictError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { RequestActor } from '../../platform/access';
import type { EmergencyResult, OneClickResult } from '@shared/trips/dispatch.schemas';
import type { CreateTripInput, EmergencyTripInput } from '@shared/trips/trips.schemas';
import type { DriverRow, VehicleRow } from '../fleet';
import type { Notice } from '../notifications';
import { driverProblems, mayPreempt, TripRow, vehicleProblems, who } from '../trips';
import type { DispatchService } from './dispatch.service';

export interface EmergencySettings { backfillHours: number }

type Pick = { v: VehicleRow; d: DriverRow };

/**
 * 紧急调度 (DOMAIN.md §4, Qingdao's 紧急用车补单): dispatch first, approve afterwards within the configured
 * time (else flagged). When nothing is free, a lower-priority booking that has not departed gives up its
 * vehicle and driver; that trip is re-dispatched at once, or goes back to the board and its people are told.
 *
 * All or nothing: the trip, its 补单, the pre-emption and the dispatch are one unit of work, so a refused
 * emergency (wrong number of cars, a car taken, nothing free) leaves no trip behind — a trip that exists
 * without its car would sit on the board as 紧急·待派车 although the dispatcher was told it failed.
 */
export class EmergencyService {
  constructor(private readonly dispatch: DispatchService, private readonly clock: Clock, private readonly settings: EmergencySettings) {}

  async emergency(actor: RequestActor, input: EmergencyTripInput): Promise<EmergencyResult> {
    const { vehicleId, driverId, picks: asked, ...request } = input;
    const d = this.dispatch;
    const tripInput: CreateTripInput = request;
    const applicant = await d.trips.checkRequest(actor, tripInput, true);
    const wanted = asked ?? (vehicleId != null && driverId != null ? [{ vehicleId, driverId }] : []);
    if (wanted.length && wanted.length !== request.vehiclesNeeded) {
      throw new ValidationError(TripErrorCode.WRONG_VEHICLE_COUNT, `紧急行程需要 ${request.vehiclesNeeded} 辆车，本次选择了 ${wanted.length} 辆，未登记`, [{ field: 'body.picks', message: `应为 ${request.vehiclesNeeded} 组` }]);
    }
    if (new Set(wanted.map((p) => p.vehicleId)).size !== wanted.length || new Set(wanted.map((p) => p.driverId)).size !== wanted.length) {
      throw new ValidationError(CommonErrorCode.VALIDATION_FAILED, '紧急行程：同一车辆或驾驶员不能重复选择', [{ field: 'body.picks', message: '车辆与驾驶员不能重复' }]);
    }
    const chosen = await Promise.all(wanted.map((p) => d.loadPick(actor, p.vehicleId, p.driverId)));

    const { trip, victims } = await d.booking.transaction(async () => {
      const due = new Date(this.clock.now().getTime() + this.settings.backfillHours * 3600_000);
      const t = await d.trips.insertTrip(actor, tripInput, applicant, 'emergency', 'approved', due);
      await d.booking.event(t.id, who(actor), 'emergency', `紧急调度，补单审批须在 ${this.settings.backfillHours} 小时内完成`);
      const picks = chosen.length ? chosen : await this.choose(actor, t);
      const taken = await this.preempt(actor, t, picks);
      const reason = taken.length ? `紧急调度（抢占行程 ${taken.map((v) => v.id).join('、')}）` : '紧急调度';
      await d.notifications.record(await d.dispatchTrip(actor, t.id, picks.map((p) => ({ ...p, reason }))));
      // The approver must see that this request is after the fact: the car already went, sent by whom and when.
      const cars = picks.slice(0, 3).map((p) => `${formatPlate(p.v.plate)}（${p.d.name}）`).join('、') + (picks.length > 3 ? ` 等 ${picks.length} 辆` : '');
      const lead = `【紧急补单】车辆已派出：${cars}，调度员 ${actor.name} 于 ${formatShanghai(this.clock.now(), 'MM月dd日 HH:mm')} 派车。`;
      await d.notifications.record(await d.trips.submitApproval(t, actor, 'emergency', true, lead));
      return { trip: t, victims: taken };
    });

    // Each victim's re-dispatch is its own unit of work after the emergency committed: the emergency stands
    // whether or not another car is free for the victim, and its applicant is told which.
    const out: EmergencyResult['preempted'] = [];
    for (const v of victims) {
      const again: OneClickResult = await d.planAndCommit(actor, [{ ...v, status: 'approved' }]);
      const ok = again.results.some((r) => r.dispatched);
      const message = ok ? `已改派 ${again.results[0]!.assignments.map((a) => `${formatPlate(a.plate)}（${a.driverName}）`).join('、')}` : '暂无可用车辆，已退回待派车，请调度员处理';
      out.push({ tripId: v.id, redispatched: ok, message });
      const notice: Notice = { userIds: [v.applicantId], family: 'tripStatus', title: '行程车辆被紧急调度', body: `行程 ${v.id} 的车辆被紧急任务占用：${message}`, page: `/trips/detail?id=${v.id}` };
      await d.notifications.notify([notice]);
    }
    return { trip: await d.trips.get(actor, trip.id), preempted: out };
  }

  /** The system's pick: free cars first (the one-click plan), else lower-priority bookings to take; 409 when the trip cannot get all it needs. */
  private async choose(actor: RequestActor, trip: TripRow): Promise<Pick[]> {
    const d = this.dispatch;
    const planned = await d.planPicks(actor, [trip]);
    const free = planned.get(trip.id);
    if (free && free.length === trip.vehiclesNeeded) return free;
    const taken = await this.findVictims(actor, trip, trip.vehiclesNeeded);
    if (taken.length < trip.vehiclesNeeded) {
      throw new ConflictError(TripErrorCode.NO_FEASIBLE_ASSIGNMENT, `紧急行程需要 ${trip.vehiclesNeeded} 辆车，该时段可用或可抢占的只有 ${taken.length} 辆，未登记；请手动选车或转租赁企业`);
    }
    return taken;
  }

  /** Frees the picked vehicles and drivers from lower-priority bookings that have not departed (all of each victim's cars). */
  private async preempt(actor: RequestActor, trip: TripRow, picks: Pick[]): Promise<TripRow[]> {
    const d = this.dispatch;
    const holders = await d.booking.liveAssignmentsOverlapping(trip.startAt, trip.endAt, picks.map((p) => p.v.id), picks.map((p) => p.d.id));
    const victims = [...new Map(holders.filter((h) => h.t.id !== trip.id && mayPreempt('emergency', h.t.priority, h.a.status)).map((h) => [h.t.id, h.t])).values()];
    const released: TripRow[] = [];
    for (const v of victims) {
      const locked = (await d.booking.lockTrip(v.id))!;
      // Another emergency may have taken this victim's cars first (read under the lock): nothing left to free here.
      if (locked.status !== 'dispatched') continue;
      for (const a of (await d.booking.assignmentsOf([v.id])).filter((x) => x.status === 'dispatched' || x.status === 'accepted')) {
        await d.booking.release(a, `被紧急行程 ${trip.id} 抢占`);
      }
      await d.booking.move(locked, 'release_dispatch', who(actor), `车辆被紧急行程 ${trip.id} 抢占，待重新派车`);
      released.push(locked);
    }
    return released;
  }

  /** Up to `n` vehicle+driver pairs held by bookings an emergency may take, lowest priority first, each car and driver once. */
  private async findVictims(actor: RequestActor, trip: TripRow, n: number): Promise<Pick[]> {
    const d = this.dispatch;
    const { vehicles } = await d.fleet.availablePool(actor.scope);
    const tw = { endMs: new Date(trip.endAt).getTime(), seatsWanted: trip.seatsWanted, category: trip.category };
    const holders = await d.booking.liveAssignmentsOverlapping(trip.startAt, trip.endAt, vehicles.map((v) => v.id));
    const out: Pick[] = [];
    for (const h of holders.sort((a, b) => rank(a.t.priority) - rank(b.t.priority))) {
      if (out.length >= n) break;
      const v = vehicles.find((x) => x.id === h.a.vehicleId);
      const dr = h.a.driverId != null ? (await d.fleet.driversByIds([h.a.driverId]))[0] : undefined;
      if (!v || !dr || !mayPreempt('emergency', h.t.priority, h.a.status)) continue;
      if (out.some((p) => p.v.id === v.id || p.d.id === dr.id)) continue;
      if (vehicleProblems(v, tw).length || driverProblems(dr, tw).length) continue;
      out.push({ v, d: dr });
    }
    return out;
  }
}

const rank = (p: string) => (p === 'normal' ? 0 : p === 'high' ? 1 : 2);
