import { formatPlate } from '@shared/common/format';
import { TripErrorCode } from '@shared/trips/trips.errors';
import { CommonErrorCode } from '@shared/common/errors';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { canReviewTrip } from '../../platform/access';
import type { Clock } from '../../platform/clock';
import type { RequestActor } from '../../platform/access';
import type { EventBus } from '../../platform/events';
import { tripStatusLabel, type CorrectCostsInput, type TripDetail, type TripStatus } from '@shared/trips/trips.schemas';
import type { TripsRepository } from './trips.repository';
import type { TripsService } from './trips.service';
import { costOf, costsOf } from './trips.rules';
import { tripRef } from './trip-events';
import { who } from './trips.service';

/** A trip's costs can be corrected once the dispatcher reviewed them (before that, review is the place). */
const correctable: readonly TripStatus[] = ['reviewed', 'confirmed', 'completed'];
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * 费用更正: after review, the dispatcher corrects what a car's trip cost (a receipt found later, a
 * typo in the toll). The new amounts replace the old ones on the trip, the change is kept in the
 * trip's record, and `trip.costs_corrected` tells settlement, which replaces the bill it made from them.
 */
export class TripCostsService {
  constructor(private readonly trips: TripsService, private readonly repo: TripsRepository, private readonly events: EventBus, private readonly clock: Clock) {}

  async correct(actor: RequestActor, tripId: number, assignmentId: number, input: CorrectCostsInput): Promise<TripDetail> {
    const visible = await this.trips.visible(actor, tripId);
    // Who reviewed may correct (access canReviewTrip): the trip's own dispatchers, not a driver who can read it.
    if (!canReviewTrip(actor, visible)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, `只有行程 ${tripId} 所属单位的调度员可以更正费用`);
    await this.trips.booking.transaction(async () => {
      const t = await this.trips.booking.lockTrip(tripId);
      if (!t) throw new NotFoundError(TripErrorCode.TRIP_NOT_FOUND, `行程 ${tripId} 不存在`);
      if (!correctable.includes(t.status)) {
        throw new ConflictError(TripErrorCode.TRIP_STATE_CONFLICT, `行程 ${t.id} 当前状态为「${tripStatusLabel[t.status]}」，交车审核后才能更正费用`, { tripId: t.id, status: t.status });
      }
      const a = await this.trips.booking.lockAssignment(assignmentId);
      if (!a || a.tripId !== t.id || a.status !== 'returned') throw new NotFoundError(TripErrorCode.ASSIGNMENT_NOT_FOUND, `行程 ${t.id} 没有已回场的任务 ${assignmentId}`);
      if (input.rentalFen > 0 && a.source !== 'rental') {
        throw new ValidationError(TripErrorCode.RENTAL_FEE_NOT_RENTAL, `行程 ${t.id}（${formatPlate(a.plate)}）是本单位车辆，没有租车费`, [{ field: 'body.rentalFen', message: '本单位车辆没有租车费' }]);
      }
      const before = costsOf(a);
      const after = costsOf(input);
      if (JSON.stringify(before) === JSON.stringify(after)) {
        throw new ConflictError(TripErrorCode.TRIP_COSTS_UNCHANGED, `行程 ${t.id}（${formatPlate(a.plate)}）的费用与已记录的相同，无需更正`, { tripId: t.id, assignmentId });
      }
      await this.repo.updateAssignment(a.id, after);
      const all = await this.repo.assignmentsOf([t.id]);
      const costFen = all.filter((x) => x.status !== 'released').reduce((s, x) => s + (x.id === a.id ? costOf(after) : costOf(x)), 0);
      await this.repo.updateTrip(t.id, { costFen, updatedAt: this.clock.now() });
      await this.trips.booking.event(t.id, who(actor), 'correct_costs', `${formatPlate(a.plate)} 费用更正 ${yuan(costOf(before))} → ${yuan(costOf(after))}：${input.reason}`);
      await this.events.record('trip.costs_corrected', t.id, {
        ...tripRef(t), assignmentId: a.id, companyId: a.companyId, plate: a.plate, before, after, reason: input.reason,
        correctedAt: this.clock.now().toISOString(), correctedBy: actor.userId,
      });
    });
    return this.trips.get(actor, tripId);
  }
}
