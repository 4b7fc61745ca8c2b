import { TripErrorCode } from '@shared/trips/trips.errors';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { RequestActor } from '../../platform/access';
import { assignmentStatusLabel } from '@shared/trips/trips.schemas';
import { formatPlate, maskPhone } from '@shared/common/format';
import type { Assignment, DepartInput, ReturnInput } from '@shared/trips/trips.schemas';
import type { DriverTask, RentalOrder } from '@shared/trips/dispatch.schemas';
import type { FleetService } from '../fleet';
import type { IdentityService } from '../identity';
import type { Notice, NotificationsService } from '../notifications';
import type { AssignmentRow, TripRow } from './trips.entity';
import type { TripsRepository } from './trips.repository';
import type { TripBookingService } from './trip-booking.service';
import { aggregateAfterReturn, AssignmentAction, costOf, nextAssignmentStatus } from './trips.rules';
import { destinationsOf, originOf, toAssignment } from './trips.presenter';
import { who } from './trips.service';

/** Odometers (0.1 km) the vehicles' terminals reported lately (telematics), per vehicle. */
export interface TerminalOdometers {
  latest(vehicleIds: number[]): Promise<Map<number, number>>;
}

const verb: Record<AssignmentAction, string> = { accept: '确认任务', depart: '出车', return: '回场', fill: '派车', release: '释放' };

/** The driver's side: accept, depart, return (DOMAIN.md §4). */
export class TripExecutionService {
  constructor(
    private readonly repo: TripsRepository, private readonly booking: TripBookingService, private readonly fleet: FleetService,
    private readonly identity: IdentityService, private readonly notifications: NotificationsService, private readonly clock: Clock, private readonly terminals: TerminalOdometers = { latest: async () => new Map() },
  ) {}

  async tasks(actor: RequestActor): Promise<DriverTask[]> {
    const driverId = await this.fleet.driverIdOfUser(actor.userId);
    if (driverId == null) return [];
    const as = await this.repo.liveAssignmentsOfDriver([driverId]);
    const vehicleIds = as.map((a) => a.vehicleId).filter((x): x is number => x != null);
    const odometers = await this.fleet.odometers(vehicleIds);
    const reported = await this.terminals.latest(vehicleIds);
    const km = (m: Map<number, number>, id: number | null) => (id != null && m.has(id) ? m.get(id)! / 10 : null);
    const trips = await this.repo.findTrips([...new Set(as.map((a) => a.tripId))]);
    // The driver meets the passenger (the applicant): their name and phone, masked like every phone shown (PIPL).
    const passengers = new Map((await this.identity.usersByIds([...new Set(trips.map((t) => t.applicantId))])).map((u) => [u.id, u]));
    const passengerOf = new Map(trips.map((t) => [t.id, { name: t.applicantName, phone: passengers.get(t.applicantId)?.phone ?? null }]));
    return withTrips(as, trips, '')
      .map((o) => ({
        ...o, vehicleOdometerKm: km(odometers, o.vehicleId), terminalOdometerKm: km(reported, o.vehicleId),
        passengerName: passengerOf.get(o.tripId)?.name ?? '', passengerPhoneMasked: maskPhone(passengerOf.get(o.tripId)?.phone),
      }))
      .sort((a, b) => a.startAt.localeCompare(b.startAt));
  }

  async accept(actor: RequestActor, id: number): Promise<Assignment> {
    return this.step(actor, id, 'accept', async (a, t) => {
      await this.booking.event(t.id, who(actor), 'driver_accept', `${formatPlate(a.plate)} 驾驶员 ${a.driverName} 确认任务`);
    });
  }

  async depart(actor: RequestActor, id: number, input: DepartInput): Promise<Assignment> {
    return this.step(actor, id, 'depart', async (a, t) => {
      const at = input.at ? new Date(input.at) : this.clock.now();
      const hm = Math.round(input.odometerKm * 10);
      // An odometer does not run backwards: below the car's record is a misreading (or worse).
      const recorded = a.vehicleId != null ? (await this.fleet.odometers([a.vehicleId])).get(a.vehicleId) : undefined;
      if (recorded != null && hm < recorded) {
        throw new ValidationError(TripErrorCode.ODOMETER_BELOW_RECORDED, `行程 ${t.id}（${formatPlate(a.plate)}）出车里程 ${input.odometerKm} km 低于车辆档案里程 ${recorded / 10} km`, [{ field: 'body.odometerKm', message: `不能低于车辆档案里程 ${recorded / 10} km` }]);
      }
      await this.repo.updateAssignment(a.id, { departOdometerHm: hm, departedAt: at });
      await this.booking.move(t, 'depart', who(actor), `${formatPlate(a.plate)} 出车，里程 ${input.odometerKm} km`);
      return [{ userIds: [t.applicantId], family: 'tripStatus' as const, title: '车辆已出发', body: `行程 ${t.id}：${formatPlate(a.plate)}（${a.driverName}）已出车`, page: `/trips/detail?id=${t.id}` }];
    });
  }

  async returnTrip(actor: RequestActor, id: number, input: ReturnInput): Promise<Assignment> {
    return this.step(actor, id, 'return', async (a, t) => {
      const hm = Math.round(input.odometerKm * 10);
      if (a.departOdometerHm != null && hm < a.departOdometerHm) {
        throw new ValidationError(TripErrorCode.ODOMETER_BELOW_DEPARTURE, `行程 ${t.id}（${formatPlate(a.plate)}）回场里程 ${input.odometerKm} km 低于出车里程 ${a.departOdometerHm / 10} km`, [{ field: 'body.odometerKm', message: '不能低于出车里程' }]);
      }
      if (input.rentalFen > 0 && a.source !== 'rental') {
        throw new ValidationError(TripErrorCode.RENTAL_FEE_NOT_RENTAL, `行程 ${t.id}（${formatPlate(a.plate)}）是本单位车辆，没有租车费`, [{ field: 'body.rentalFen', message: '本单位车辆没有租车费' }]);
      }
      const at = input.at ? new Date(input.at) : this.clock.now();
      const costs = { rentalFen: input.rentalFen, fuelFen: input.fuelFen, tollFen: input.tollFen, parkingFen: input.parkingFen, otherFen: input.otherFen };
      await this.repo.updateAssignment(a.id, { ...costs, returnOdometerHm: hm, returnedAt: at, note: input.note });
      // The vehicle's record follows its odometer (the ledger of 里程 and the next departure's check): fleet
      // writes it in this transaction, so the next departure is checked against it at once.
      if (a.vehicleId != null) await this.fleet.recordOdometer(a.vehicleId, hm);
      // Returned early: the rest of the window is free for others again.
      await this.repo.releaseSlots(a.id, Math.ceil(at.getTime() / 60_000 / this.booking.slotMinutes) * this.booking.slotMinutes);
      const all = await this.repo.assignmentsOf([t.id]);
      const statuses = all.map((x) => (x.id === a.id ? 'returned' : x.status));
      const cost = all.filter((x) => x.status !== 'released').reduce((s, x) => s + (x.id === a.id ? costOf(costs) : costOf(x)), 0);
      await this.booking.event(t.id, who(actor), 'vehicle_return', `${formatPlate(a.plate)} 回场，里程 ${input.odometerKm} km，费用 ${(costOf(costs) / 100).toFixed(2)} 元`);
      if (aggregateAfterReturn(statuses) === 'returned') {
        await this.booking.move(t, 'return_all', who(actor), '全部车辆回场', { costFen: cost, returnOverdue: false });
        const dispatchers = await this.identity.usersWithRole(t.unitId, 'dispatcher');
        return [{ userIds: dispatchers, family: 'tripStatus' as const, title: '待交车审核', body: `行程 ${t.id}「${t.purpose}」已回场，请审核里程与费用`, page: `/dispatch/review?id=${t.id}` }];
      }
      await this.repo.updateTrip(t.id, { costFen: cost });
      return [];
    });
  }

  /** One driver step on an assignment: locks trip then assignment, checks the state, writes, records who to tell; sends after commit. */
  private async step(actor: RequestActor, id: number, action: AssignmentAction, work: (a: AssignmentRow, t: TripRow) => Promise<Notice[] | void>): Promise<Assignment> {
    const peek = await this.repo.assignmentOfDriver(await this.fleet.driverIdOfUser(actor.userId), id);
    if (!peek) throw new NotFoundError(TripErrorCode.ASSIGNMENT_NOT_FOUND, `任务 ${id} 不存在`);
    await this.booking.transaction(async () => {
      const t = (await this.booking.lockTrip(peek.tripId))!;
      const a = (await this.booking.lockAssignment(id))!;
      const next = nextAssignmentStatus(a.status, action);
      if (!next) {
        throw new ConflictError(TripErrorCode.ASSIGNMENT_STATE_CONFLICT, `行程 ${t.id} 的任务 ${id}（${formatPlate(a.plate)}）当前为「${assignmentStatusLabel[a.status]}」，不能${verb[action]}`, { tripId: t.id, assignmentId: id, status: a.status });
      }
      await this.repo.updateAssignment(id, { status: next });
      const out = await work(a, t);
      return this.notifications.record(out ?? []);
    });
    return toAssignment((await this.repo.findAssignment(id))!);
  }
}

/** Assignments shown with their trip's display fields (driver tasks, rental orders). */
export function withTrips(as: AssignmentRow[], trips: TripRow[], unitName: string | ((t: TripRow) => string)): RentalOrder[] {
  const out: RentalOrder[] = [];
  for (const a of as) {
    const t = trips.find((x) => x.id === a.tripId);
    if (!t) continue;
    out.push({
      ...toAssignment(a), purpose: t.purpose, startAt: new Date(t.startAt).toISOString(), endAt: new Date(t.endAt).toISOString(),
      originName: originOf(t).name, destinationNames: destinationsOf(t).map((d) => d.name), passengers: t.passengers, seatsWanted: t.seatsWanted,
      unitName: typeof unitName === 'string' ? unitName : unitName(t),
    });
  }
  return out;
}
