import { TripErrorCode } from '@shared/trips/trips.errors';
import { ConflictError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { RequestActor } from '../../platform/access';
import type { EmergencyResult, OneClickResult } from '@shared/trips/dispatch.schemas';
import type { CreateTripInput, EmergencyTripInput } from '@shared/trips/trips.schemas';
import type { Notice } from '../notifications';
import { driverProblems, mayPreempt, TripRow, vehicleProblems, who } from '../trips';
import type { DispatchService } from './dispatch.service';

export interface EmergencySettings { backfillHours: number }

/**
 * 紧急调度 (DOMAIN.md §4, Qingdao's 紧急用车补单): dispatch first, approve afterwards within the configured
 * time (else flagged). When nothing is free, a lower-priority booking that has not departed gives up its
 * vehicle and driver; that trip is re-dispatched at once, or goes back to the board and its people are told.
 */
export class EmergencyService {
  constructor(private readonly dispatch: DispatchService, private readonly clock: Clock, private readonly settings: EmergencySettings) {}

  async emergency(actor: RequestActor, input: EmergencyTripInput): Promise<EmergencyResult> {
    const { vehicleId, driverId, ...request } = input;
    const d = this.dispatch;
    const tripInput: CreateTripInput = request;
    const applicant = await d.trips.checkRequest(actor, tripInput, true);
    const { trip } = await d.booking.transaction(async () => {
      const due = new Date(this.clock.now().getTime() + this.settings.backfillHours * 3600_000);
      const t = await d.trips.insertTrip(actor, tripInput, applicant, 'emergency', 'approved', due);
      await d.booking.event(t.id, who(actor), 'emergency', `紧急调度，补单审批须在 ${this.settings.backfillHours} 小时内完成`);
      await d.trips.submitApproval(t, actor, 'emergency', true);
      await d.notifications.record(await d.trips.approverNotices(t.id));
      return { trip: t };
    });
    let preempted: TripRow[] = [];
    if (vehicleId != null && driverId != null) {
      preempted = await this.takeWith(actor, trip, vehicleId, driverId);
    } else {
      const first = await d.planAndCommit(actor, [trip]);
      if (!first.results.some((r) => r.dispatched)) {
        const victim = await this.findVictim(actor, trip);
        if (!victim) throw new ConflictError(TripErrorCode.NO_FEASIBLE_ASSIGNMENT, `紧急行程 ${trip.id} 已登记，但该时段没有可用或可抢占的车辆，请手动派车或转租赁企业`);
        preempted = await this.takeWith(actor, trip, victim.vehicleId, victim.driverId);
      }
    }
    const out: EmergencyResult['preempted'] = [];
    for (const v of preempted) {
      const again: OneClickResult = await d.planAndCommit(actor, [{ ...v, status: 'approved' }]);
      const ok = again.results.some((r) => r.dispatched);
      const message = ok ? `已改派 ${again.results[0]!.assignments.map((a) => `${a.plate}（${a.driverName}）`).join('、')}` : '暂无可用车辆，已退回待派车，请调度员处理';
      out.push({ tripId: v.id, redispatched: ok, message });
      // What the victim's applicant is told depends on the re-dispatch just tried (its own transaction, or none when
      // nothing was free), so this one is recorded and sent on its own, after both.
      const notice: Notice = { userIds: [v.applicantId], family: 'tripStatus', title: '行程车辆被紧急调度', body: `行程 ${v.id} 的车辆被紧急任务占用：${message}`, page: `/trips/detail?id=${v.id}` };
      await d.notifications.notify([notice]);
    }
    return { trip: await d.trips.get(actor, trip.id), preempted: out };
  }

  /** Frees the vehicle and driver from lower-priority bookings (all of each victim's vehicles), then dispatches. */
  private async takeWith(actor: RequestActor, trip: TripRow, vehicleId: number, driverId: number): Promise<TripRow[]> {
    const d = this.dispatch;
    const pick = await d.loadPick(actor, vehicleId, driverId);
    const holders = await d.booking.liveAssignmentsOverlapping(trip.startAt, trip.endAt, [vehicleId], [driverId]);
    const victims = [...new Map(holders.filter((h) => mayPreempt('emergency', h.t.priority, h.a.status)).map((h) => [h.t.id, h.t])).values()];
    await d.booking.transaction(async () => {
      for (const v of victims) {
        const locked = (await d.booking.lockTrip(v.id))!;
        for (const a of (await d.booking.assignmentsOf([v.id])).filter((x) => x.status === 'dispatched' || x.status === 'accepted')) {
          await d.booking.release(a, `被紧急行程 ${trip.id} 抢占`);
        }
        await d.booking.move(locked, 'release_dispatch', who(actor), `车辆被紧急行程 ${trip.id} 抢占，待重新派车`);
      }
      return d.notifications.record(await d.dispatchTrip(actor, trip.id, [{ ...pick, reason: victims.length ? `紧急调度（抢占行程 ${victims.map((v) => v.id).join('、')}）` : '紧急调度' }]));
    });
    return victims;
  }

  private async findVictim(actor: RequestActor, trip: TripRow): Promise<{ vehicleId: number; driverId: number } | null> {
    const d = this.dispatch;
    const { vehicles } = await d.fleet.availablePool(actor.scope);
    const tw = { endMs: new Date(trip.endAt).getTime(), seatsWanted: trip.seatsWanted, category: trip.category };
    const holders = await d.booking.liveAssignmentsOverlapping(trip.startAt, trip.endAt, vehicles.map((v) => v.id));
    for (const h of holders.sort((a, b) => rank(a.t.priority) - rank(b.t.priority))) {
      const v = vehicles.find((x) => x.id === h.a.vehicleId);
      const dr = h.a.driverId != null ? (await d.fleet.driversByIds([h.a.driverId]))[0] : undefined;
      if (!v || !dr || !mayPreempt('emergency', h.t.priority, h.a.status)) continue;
      if (vehicleProblems(v, tw).length || driverProblems(dr, tw).length) continue;
      return { vehicleId: v.id, driverId: dr.id };
    }
    return null;
  }
}

const rank = (p: string) => (p === 'normal' ? 0 : p === 'high' ? 1 : 2);
