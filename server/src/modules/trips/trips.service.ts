import { CommonErrorCode } from '@shared/common/errors';
import { TripErrorCode } from '@shared/trips/trips.errors';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import {
  canBookFor, canCancelTrip, canMarkNoShow, canReadTrip, canReviewTrip, isDriver, isTripDispatcher, isTripOwner, tripCrewMatters, tripScope,
} from '../../platform/access';
import type { RequestActor } from '../../platform/access';
import type { Page } from '@shared/common/pagination';
import { formatPlate, formatShanghai } from '@shared/common/format';
import { haversineMetres } from '@shared/common/geo';
import type { CreateTripInput, Destination, RateInput, TripDetail, TripListItem, TripListQuery, TripPriority, TripStatus } from '@shared/trips/trips.schemas';
import { assignmentStatusLabel, tripKindLabel } from '@shared/trips/trips.schemas';
import type { VehicleMileage, VehicleTripLine } from '@shared/fleet/lifecycle.schemas';
import { startOfShanghaiMonth } from '@shared/common/time';
import type { IdentityService } from '../identity';
import type { FleetService } from '../fleet';
import type { ApprovalsService } from '../approvals';
import type { Notice, NotificationsService } from '../notifications';
import type { AssignmentRow, TripRow } from './trips.entity';
import type { TripsRepository } from './trips.repository';
import type { TripBookingService, Who } from './trip-booking.service';
import { destinationsOf, toDetail, toListItem, originOf } from './trips.presenter';
import { trackDisagrees, windowProblem, type WindowProblem } from './trips.rules';
import { fulfilledPayload, undrivenPayload } from './trip-events';
import type { EventBus } from '../../platform/events';

const windowText = (horizonDays: number, nowMs: number): Record<WindowProblem, string> => ({
  start_in_past: '开始时间必须晚于当前时间', end_not_after_start: '结束时间必须晚于开始时间', too_long: '单次用车不超过 7 天',
  beyond_horizon: `最多提前 ${horizonDays} 天申请（开始时间不晚于 ${formatShanghai(new Date(nowMs + horizonDays * 24 * 3600_000).toISOString())}）`,
});

export const who = (actor: RequestActor): Who => ({ userId: actor.userId, name: actor.name });

/** The track a car's terminal recorded (telematics), WGS-84; null when there is none to compare with. */
export interface TerminalTracks {
  points(vehicleId: number, from: Date, to: Date): Promise<Array<{ lat: number; lng: number }> | null>;
}

/** A car on a departed trip now: the trip's window, its places (GCJ-02, the map's) and whose trip it is. */
export interface CarOnTheRoad {
  vehicleId: number; tripId: number; assignmentId: number; unitId: number; regionCode: string; purpose: string;
  startAt: string; endAt: string; departedAt: string | null; route: Array<{ lat: number; lng: number }>;
}

/** The year (Asia/Shanghai) of an instant. */
const shanghaiYear = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 4);

/** Use cases of the applicant (and the reads every role shares). */

export class TripsService {
  constructor(
    private readonly repo: TripsRepository,
    readonly booking: TripBookingService,
    private readonly approvals: ApprovalsService,
    private readonly identity: IdentityService,
    private readonly fleet: FleetService,
    readonly notifications: NotificationsService,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly noShowWaitMinutes = 15,
    private readonly bookingHorizonDays = 90,
    private readonly tracks: TerminalTracks = { points: async () => null },
  ) {}

  async create(actor: RequestActor, input: CreateTripInput): Promise<TripDetail> {
    const applicant = await this.checkRequest(actor, input);
    const { trip } = await this.booking.transaction(async () => {
      const t = await this.insertTrip(actor, input, applicant, 'normal', 'pending_approval');
      await this.booking.event(t.id, who(actor), 'submit', `${tripKindLabel[t.kind]}用车申请`);
      await this.notifications.record(await this.submitApproval(t, actor, input.kind, true));
      return { trip: t };
    });
    return this.get(actor, trip.id);
  }

  /** Inside the transaction that submitted the trip's approval: who is to decide it (record them with it). */
  approverNotices(tripId: number): Promise<Notice[]> {
    return this.approvals.approverNotices('trip', tripId);
  }

  /** Validates the window against the clock and resolves who travels (booking on someone's behalf: same unit). */
  async checkRequest(actor: RequestActor, input: CreateTripInput, startNowAllowed = false): Promise<{ id: number; name: string }> {
    const now = this.clock.now().getTime();
    const nowMs = now - (startNowAllowed ? 3600_000 : 0);
    const problem = windowProblem({ startMs: Date.parse(input.startAt), endMs: Date.parse(input.endAt) }, nowMs, 7, this.bookingHorizonDays);
    if (problem) {
      const text = windowText(this.bookingHorizonDays, now)[problem];
      const field = problem === 'start_in_past' || problem === 'beyond_horizon' ? 'body.startAt' : 'body.endAt';
      throw new ValidationError(TripErrorCode.TRIP_INVALID_WINDOW, `用车时间有误：${text}`, [{ field, message: text }]);
    }
    if (input.applicantId == null || input.applicantId === actor.userId) return { id: actor.userId, name: actor.name };
    const u = await this.identity.userById(input.applicantId);
    if (!u || !canBookFor(actor, u)) throw new NotFoundError(TripErrorCode.APPLICANT_NOT_FOUND, `用车人 ${input.applicantId} 不在本单位`);
    return { id: u.id, name: u.name };
  }

  /** `backfillDueAt`: an emergency trip's 补单 approval is due by then. */
  async insertTrip(actor: RequestActor, input: CreateTripInput, applicant: { id: number; name: string }, priority: TripPriority, status: TripStatus, backfillDueAt: Date | null = null): Promise<TripRow> {
    const now = this.clock.now();
    return this.repo.insertTrip({
      unitId: actor.unitId, regionCode: actor.regionCode, applicantId: applicant.id, applicantName: applicant.name, bookedById: actor.userId,
      purpose: input.purpose, passengers: input.passengers, passengerNames: input.passengerNames, startAt: new Date(input.startAt), endAt: new Date(input.endAt),
      originJson: JSON.stringify(input.origin), destinationsJson: JSON.stringify(input.destinations), category: input.category,
      seatsWanted: input.seatsWanted, vehiclesNeeded: input.vehiclesNeeded, kind: input.kind, priority, status, approvalStatus: 'pending',
      backfillDueAt, backfillOverdue: false, returnOverdue: false, reminded: false, costFen: 0, rating: null, ratingComment: null,
      cancelReason: null, createdAt: now, updatedAt: now,
    });
  }

  /** `newTrip`: the trip was inserted in this transaction (it has no approval request yet). */
  /** `lead`: what the approver must read first (an emergency's 补单: the car already went, by whom, when). */
  /** Returns the notices for those who are to decide it (record them with the change). */
  async submitApproval(t: TripRow, actor: RequestActor, variant: string, newTrip = false, lead = ''): Promise<Notice[]> {
    return this.approvals.submitWithNotices({
      kind: 'trip', variant, subjectId: t.id, unitId: t.unitId, regionCode: t.regionCode, applicantId: t.applicantId, applicantName: t.applicantName,
      title: `${t.purpose}（${formatShanghai(new Date(t.startAt).toISOString())}）`,
      summary: `${lead}${tripKindLabel[t.kind]}，${t.passengers} 人，${t.vehiclesNeeded} 辆，前往 ${destinationsOf(t).map((d) => d.name).join('、')}`, amountFen: null,
    }, { userId: actor.userId, name: actor.name }, { newSubject: newTrip });
  }

  /** Edit a trip returned for edits; it goes back to approval (a new round). */
  async update(actor: RequestActor, id: number, input: CreateTripInput): Promise<TripDetail> {
    const current = await this.visible(actor, id);
    this.mustOwn(actor, current);
    const applicant = await this.checkRequest(actor, input);
    await this.booking.transaction(async () => {
      const t = await this.lock(id);
      await this.booking.move(t, 'resubmit', who(actor), '修改后重新提交', {
        applicantId: applicant.id, applicantName: applicant.name, purpose: input.purpose, passengers: input.passengers, passengerNames: input.passengerNames,
        startAt: new Date(input.startAt), endAt: new Date(input.endAt), originJson: JSON.stringify(input.origin), destinationsJson: JSON.stringify(input.destinations),
        category: input.category, seatsWanted: input.seatsWanted, vehiclesNeeded: input.vehiclesNeeded, kind: input.kind, approvalStatus: 'pending',
      });
      return this.notifications.record(await this.submitApproval({ ...t, purpose: input.purpose, kind: input.kind, passengers: input.passengers, vehiclesNeeded: input.vehiclesNeeded, destinationsJson: JSON.stringify(input.destinations), startAt: new Date(input.startAt) }, actor, input.kind));
    });
    return this.get(actor, id);
  }

  /** Cancel while it can still be cancelled (before departure); vehicles and drivers are freed. */
  async cancel(actor: RequestActor, id: number, reason: string): Promise<TripDetail> {
    const current = await this.visible(actor, id);
    if (!canCancelTrip(actor, current)) this.mustOwn(actor, current);
    await this.booking.transaction(async () => {
      const t = await this.lock(id);
      this.booking.assertCan(t, 'cancel');
      const live = (await this.repo.assignmentsOf([id])).filter((a) => a.status !== 'released');
      for (const a of live) await this.booking.release(a, `行程取消：${reason}`);
      await this.approvals.withdraw('trip', id);
      await this.booking.move(t, 'cancel', who(actor), reason, { cancelReason: reason });
      await this.events.record('trip.cancelled', t.id, undrivenPayload(t, live, this.clock.now(), reason));
      const drivers = await this.fleet.driverUserIds(live.map((a) => a.driverId).filter((x): x is number => x != null));
      return this.notifications.record([
        { userIds: [...drivers, t.applicantId].filter((u) => u !== actor.userId), family: 'tripStatus', title: '行程已取消', body: `行程 ${id}「${t.purpose}」已取消：${reason}`, page: `/trips/detail?id=${id}` },
      ]);
    });
    return this.get(actor, id);
  }

  /**
   * 用车人未到: once the wait after the start time is over and nobody has departed, the trip's
   * dispatcher or one of its drivers closes it as a no-show; vehicles and drivers are freed at once
   * and the applicant (and, when a driver marks it, the dispatchers) are told. Kept for supervision.
   */
  async noShow(actor: RequestActor, id: number, note: string | undefined): Promise<TripDetail> {
    await this.visible(actor, id);
    const driverId = isDriver(actor) ? await this.fleet.driverIdOfUser(actor.userId) : null;
    await this.booking.transaction(async () => {
      const t = await this.lock(id);
      const all = await this.repo.assignmentsOf([id]);
      const live = all.filter((a) => a.status !== 'released');
      const isDispatcher = isTripDispatcher(actor, t);
      if (!canMarkNoShow(actor, t, { actorDriverId: driverId, assignments: all })) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `只有行程 ${id} 的调度员或驾驶员可以登记用车人未到`);
      this.booking.assertCan(t, 'no_show');
      const waitUntil = new Date(t.startAt).getTime() + this.noShowWaitMinutes * 60_000;
      if (this.clock.now().getTime() < waitUntil) {
        throw new ConflictError(TripErrorCode.TRIP_NO_SHOW_TOO_EARLY, `行程 ${id} 须在出发时间后等候 ${this.noShowWaitMinutes} 分钟（至 ${formatShanghai(new Date(waitUntil).toISOString())}）才能登记用车人未到`, { tripId: id, waitUntil: new Date(waitUntil).toISOString() });
      }
      const text = note ? `用车人未到：${note}` : '用车人未到';
      for (const a of live) await this.booking.release(a, text);
      await this.booking.move(t, 'no_show', who(actor), text);
      await this.events.record('trip.no_show', t.id, undrivenPayload(t, live, this.clock.now(), text));
      const dispatchers = isDispatcher ? [] : await this.identity.usersWithRole(t.unitId, 'dispatcher');
      const drivers = await this.fleet.driverUserIds(live.map((a) => a.driverId).filter((x): x is number => x != null));
      return this.notifications.record([
        { userIds: [t.applicantId], family: 'tripStatus', title: '行程已登记为未到', body: `行程 ${id}「${t.purpose}」车辆已按时到达，等候后未见用车人，已登记为用车人未到`, page: `/trips/detail?id=${id}` },
        { userIds: [...dispatchers, ...drivers].filter((u) => u !== actor.userId), family: 'tripStatus', title: '用车人未到', body: `行程 ${id}「${t.purpose}」已登记为用车人未到，车辆与驾驶员已释放`, page: `/trips/detail?id=${id}` },
      ]);
    });
    return this.get(actor, id);
  }

  async review(actor: RequestActor, id: number, comment: string): Promise<TripDetail> {
    if (!canReviewTrip(actor, await this.visible(actor, id))) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `只有行程 ${id} 的调度员可以交车审核`);
    await this.booking.transaction(async () => {
      const t = await this.lock(id);
      await this.booking.move(t, 'review', who(actor), comment || '里程与费用审核通过');
      return this.notifications.record([{ userIds: [t.applicantId], family: 'tripStatus', title: '请确认行程费用', body: `行程 ${id}「${t.purpose}」费用 ¥${(t.costFen / 100).toFixed(2)}，请确认`, page: `/trips/detail?id=${id}` }]);
    });
    return this.get(actor, id);
  }

  async confirm(actor: RequestActor, id: number): Promise<TripDetail> {
    this.mustOwn(actor, await this.visible(actor, id));
    await this.booking.transaction(async () => {
      const t = await this.lock(id);
      await this.booking.move(t, 'confirm', who(actor), '用车人确认行程与费用');
      // Returned, reviewed and confirmed: fulfilled. Settlement bills the rental companies' cars from it.
      await this.events.record('trip.fulfilled', t.id, fulfilledPayload(t, await this.repo.assignmentsOf([t.id]), this.clock.now()));
    });
    return this.get(actor, id);
  }

  async rate(actor: RequestActor, id: number, input: RateInput): Promise<TripDetail> {
    this.mustOwn(actor, await this.visible(actor, id));
    await this.booking.transaction(async () => this.booking.move(await this.lock(id), 'rate', who(actor), `${input.rating} 星 ${input.comment}`, { rating: input.rating, ratingComment: input.comment }));
    return this.get(actor, id);
  }

  /** The cars out on a trip now, with the trip's route (origin, then each destination with coordinates; GCJ-02): what the demo fleet drives. */
  /** Who drove a car between two instants on official trips: each assignment that was out then, with its trip's unit (违章 matching). */
  async driversOfVehicleBetween(vehicleId: number, from: Date, to: Date): Promise<Array<{
    tripId: number; assignmentId: number; driverId: number | null; driverName: string | null; unitId: number; regionCode: string; departedAt: Date; returnedAt: Date | null;
  }>> {
    const out = await this.repo.assignmentsOfVehicleBetween(vehicleId, from, to);
    const trips = new Map((await this.repo.findTrips([...new Set(out.map((a) => a.tripId))])).map((t) => [t.id, t]));
    return out.flatMap((a) => {
      const t = trips.get(a.tripId);
      return t ? [{ tripId: t.id, assignmentId: a.id, driverId: a.driverId, driverName: a.driverName, unitId: t.unitId, regionCode: t.regionCode, departedAt: new Date(a.departedAt!), returnedAt: a.returnedAt ? new Date(a.returnedAt) : null }] : [];
    });
  }

  async carsOnTheRoad(): Promise<CarOnTheRoad[]> {
    const out = await this.repo.departedAssignments();
    const trips = new Map((await this.repo.findTrips([...new Set(out.map((a) => a.tripId))])).map((t) => [t.id, t]));
    return out.flatMap((a) => {
      const t = trips.get(a.tripId);
      if (a.vehicleId == null || !t) return [];
      return [{
        vehicleId: a.vehicleId, tripId: t.id, assignmentId: a.id, unitId: t.unitId, regionCode: t.regionCode, purpose: t.purpose,
        // The trip's window (派车单的起止时间), and when the car left.
        startAt: new Date(t.startAt).toISOString(), endAt: new Date(t.endAt).toISOString(), departedAt: a.departedAt ? new Date(a.departedAt).toISOString() : null,
        route: [originOf(t), ...destinationsOf(t)].flatMap((p) => (p.lat != null && p.lng != null ? [{ lat: p.lat, lng: p.lng }] : [])),
      }];
    });
  }

  /** The places of a user's latest trips, newest trip first and within one the last stop first (the start last), each with when the trip was asked for. */
  async placesUsedBy(userId: number, trips = 50): Promise<Array<{ place: Destination; at: Date }>> {
    return (await this.repo.latestTripsOf(userId, trips)).flatMap((t) => [...destinationsOf(t).reverse(), originOf(t)].map((place) => ({ place, at: t.createdAt })));
  }

  async get(actor: RequestActor, id: number): Promise<TripDetail> {
    const t = await this.visible(actor, id);
    const assignments = await this.repo.assignmentsOf([t.id]);
    const detail = toDetail(t, assignments, await this.repo.eventsOf(t.id));
    if (t.status === 'returned' || t.status === 'reviewed') detail.reviewWarnings.push(...(await this.trackWarnings(assignments)));
    return detail;
  }

  /** 交车审核: a car's entered distance against its terminal's track over the same time, where there is one. */
  private async trackWarnings(assignments: AssignmentRow[]): Promise<string[]> {
    const out: string[] = [];
    for (const a of assignments) {
      if (a.status !== 'returned' || a.vehicleId == null || !a.departedAt || !a.returnedAt || a.departOdometerHm == null || a.returnOdometerHm == null) continue;
      if (new Date(a.returnedAt) <= new Date(a.departedAt)) continue;
      const points = await this.tracks.points(a.vehicleId, new Date(a.departedAt), new Date(a.returnedAt));
      if (!points || points.length < 2) continue;
      let metres = 0;
      for (let i = 1; i < points.length; i++) metres += haversineMetres(points[i - 1]!, points[i]!);
      const odometerKm = (a.returnOdometerHm - a.departOdometerHm) / 10;
      const trackKm = Math.round(metres / 100) / 10;
      if (trackDisagrees(odometerKm, trackKm)) out.push(`${formatPlate(a.plate)}：登记行驶 ${odometerKm} km，车载终端轨迹 ${trackKm} km`);
    }
    return out;
  }

  async list(actor: RequestActor, q: TripListQuery): Promise<Page<TripListItem>> {
    const [rows, total] = await this.repo.listTrips(tripScope(actor), q, actor.userId);
    const cars = await this.repo.carsOfTrips(rows.map((r) => r.id));
    return { items: rows.map((r) => toListItem(r, cars)), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * A vehicle's recent trips for its page (fleet asks, having checked the actor may see the vehicle): the
   * assignments newest first, only of trips the actor may read (canReadTrip), and what it drove this month
   * and this year by the odometers recorded at departure and return — the figure the vehicle's own, so
   * counted over all its trips.
   */
  async vehicleHistory(actor: RequestActor, vehicleId: number, limit = 10): Promise<{ trips: VehicleTripLine[]; mileage: Omit<VehicleMileage, 'odometerKm'> }> {
    const now = this.clock.now();
    const monthStart = startOfShanghaiMonth(now);
    const yearStart = startOfShanghaiMonth(new Date(`${shanghaiYear(now)}-01-15T00:00:00+08:00`));
    const [recent, returned] = await Promise.all([this.repo.recentAssignmentsOfVehicle(vehicleId, limit * 2), this.repo.returnedAssignmentsOfVehicle(vehicleId, yearStart)]);
    const trips = new Map((await this.repo.findTrips([...new Set(recent.map((a) => a.tripId))])).map((t) => [t.id, t]));
    const km = (a: AssignmentRow) => (a.departOdometerHm != null && a.returnOdometerHm != null ? (Number(a.returnOdometerHm) - Number(a.departOdometerHm)) / 10 : null);
    const lines: VehicleTripLine[] = recent.flatMap((a) => {
      const t = trips.get(a.tripId);
      if (!t || !canReadTrip(actor, t)) return [];
      return [{
        tripId: t.id, assignmentId: a.id, purpose: t.purpose, startAt: t.startAt.toISOString(), endAt: t.endAt.toISOString(), status: a.status,
        statusLabel: assignmentStatusLabel[a.status], driverName: a.driverName, departOdometerKm: a.departOdometerHm == null ? null : Number(a.departOdometerHm) / 10,
        returnOdometerKm: a.returnOdometerHm == null ? null : Number(a.returnOdometerHm) / 10, km: km(a),
      }];
    }).slice(0, limit);
    const sum = (rows: AssignmentRow[]) => Math.round(rows.reduce((s, a) => s + (km(a) ?? 0), 0) * 10) / 10;
    return {
      trips: lines,
      mileage: {
        thisMonthKm: sum(returned.filter((a) => a.returnedAt! >= monthStart)),
        thisYearKm: sum(returned),
        readings: returned.slice(0, 10).map((a) => ({ at: a.returnedAt!.toISOString(), odometerKm: Number(a.returnOdometerHm) / 10, tripId: a.tripId })),
      },
    };
  }

  /** The access layer's canReadTrip: in scope by unit or region, or a driver or rental company working on it (crew read only then); otherwise 404. */
  async visible(actor: RequestActor, id: number): Promise<TripRow> {
    const t = await this.repo.findTrip(id);
    if (t && canReadTrip(actor, t)) return t;
    if (t && tripCrewMatters(actor)) {
      const crew = { actorDriverId: await this.fleet.driverIdOfUser(actor.userId), assignments: await this.repo.assignmentsOf([t.id]) };
      if (canReadTrip(actor, t, crew)) return t;
    }
    throw new NotFoundError(TripErrorCode.TRIP_NOT_FOUND, `行程 ${id} 不存在`);
  }

  /** The assignment when the actor is its driver (access canWorkOnAssignment), else null: the caller answers 404. */
  async assignmentOfDriver(actor: RequestActor, assignmentId: number): Promise<AssignmentRow | null> {
    return this.repo.assignmentOfDriver(await this.fleet.driverIdOfUser(actor.userId), assignmentId);
  }

  private mustOwn(actor: RequestActor, t: TripRow): void {
    if (!isTripOwner(actor, t)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `行程 ${t.id} 不是您申请的`);
  }

  private async lock(id: number): Promise<TripRow> {
    const t = await this.booking.lockTrip(id);
    if (!t) throw new NotFoundError(TripErrorCode.TRIP_NOT_FOUND, `行程 ${id} 不存在`);
    return t;
  }
}
