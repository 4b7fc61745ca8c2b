import type { Clock } from '../../platform/clock';
import type { Scheduler } from '../../platform/scheduler';
import type { FleetService } from '../fleet';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import type { ApprovalsService } from '../approvals';
import type { TripsRepository } from './trips.repository';
import type { TripBookingService } from './trip-booking.service';
import { formatWindow } from './trips.presenter';

const SYSTEM = { userId: null, name: '系统' };

export interface TripJobSettings { reminderLeadMinutes: number }

/**
 * Scheduled work of trips. Each job is idempotent (a second run finds nothing left to do) and runs once
 * across instances through the Scheduler's Redis lock.
 */
export class TripJobs {
  constructor(
    private readonly repo: TripsRepository, private readonly booking: TripBookingService, private readonly approvals: ApprovalsService,
    private readonly fleet: FleetService, private readonly identity: IdentityService, private readonly notifications: NotificationsService,
    private readonly clock: Clock, private readonly settings: TripJobSettings,
  ) {}

  register(scheduler: Scheduler): void {
    scheduler.add('trips.expire-unapproved', '*/5 * * * *', () => this.expireUnapproved());
    scheduler.add('trips.remind-drivers', '*/5 * * * *', () => this.remindDrivers());
    scheduler.add('trips.flag-late-returns', '*/5 * * * *', () => this.flagLateReturns());
    scheduler.add('trips.flag-backfill-overdue', '*/15 * * * *', () => this.flagBackfillOverdue());
  }

  /** Requests still unapproved when their trip should have started expire; the applicant is told. */
  async expireUnapproved(): Promise<number> {
    const due = await this.repo.tripsStartingBefore(['pending_approval', 'returned_for_edit'], this.clock.now());
    let n = 0;
    for (const candidate of due) {
      const expired = await this.booking.transaction(async () => {
        const t = await this.booking.lockTrip(candidate.id);
        if (!t || (t.status !== 'pending_approval' && t.status !== 'returned_for_edit')) return false;
        await this.approvals.withdraw('trip', t.id);
        await this.booking.move(t, 'expire', SYSTEM, '开始时间已过仍未审批，申请过期');
        await this.notifications.record([{ userIds: [t.applicantId], family: 'tripStatus', title: '用车申请已过期', body: `行程 ${t.id}「${t.purpose}」开始前未完成审批，已过期`, page: `/trips/detail?id=${t.id}` }]);
        return true;
      });
      if (!expired) continue;
      n++;
    }
    return n;
  }

  /** Drivers are reminded once of a task starting within the lead time. */
  async remindDrivers(): Promise<number> {
    const now = this.clock.now();
    const trips = await this.repo.upcomingUnreminded(now, new Date(now.getTime() + this.settings.reminderLeadMinutes * 60_000));
    let n = 0;
    for (const t of trips) {
      await this.booking.transaction(async () => {
        const live = (await this.repo.assignmentsOf([t.id])).filter((a) => a.status === 'dispatched' || a.status === 'accepted');
        const users = await this.fleet.driverUserIds(live.map((a) => a.driverId).filter((x): x is number => x != null));
        await this.repo.updateTrip(t.id, { reminded: true });
        return this.notifications.record([{ userIds: users, family: 'task', title: '出车提醒', body: `${formatWindow(t.startAt, t.endAt)} 行程 ${t.id}「${t.purpose}」即将开始`, page: '/driver/tasks' }]);
      });
      n++;
    }
    return n;
  }

  /** Trips still out after their end are flagged; the unit's dispatchers are told. */
  async flagLateReturns(): Promise<number> {
    const late = await this.repo.tripsEndingBefore(['dispatched', 'in_progress'], this.clock.now());
    for (const t of late) {
      await this.booking.transaction(async () => {
        await this.repo.updateTrip(t.id, { returnOverdue: true });
        await this.booking.event(t.id, SYSTEM, 'return_overdue', '超过预定结束时间仍未回场');
        return this.notifications.record([{ userIds: await this.identity.usersWithRole(t.unitId, 'dispatcher'), family: 'tripStatus', title: '车辆逾期未回场', body: `行程 ${t.id}「${t.purpose}」已过结束时间仍未回场`, page: `/trips/detail?id=${t.id}` }]);
      });
    }
    return late.length;
  }

  /** Emergency trips whose 补单 approval is not through in the configured time are flagged for supervision. */
  async flagBackfillOverdue(): Promise<number> {
    const overdue = await this.repo.backfillOverdue(this.clock.now());
    for (const t of overdue) {
      await this.booking.transaction(async () => {
        await this.repo.updateTrip(t.id, { backfillOverdue: true });
        await this.booking.event(t.id, SYSTEM, 'backfill_overdue', '紧急用车补单超时未完成审批');
      });
    }
    return overdue.length;
  }
}
