import { formatPlate } from '@shared/common/format';
import { DispatchErrorCode } from '@shared/dispatch/dispatch.errors';
import { FleetErrorCode } from '@shared/fleet/fleet.errors';
import { TripErrorCode } from '@shared/trips/trips.errors';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { canFillRentalOrder } from '../../platform/access';
import type { RequestActor } from '../../platform/access';
import type { RentalAcceptInput, RentalOrder } from '@shared/trips/dispatch.schemas';
import { TripRow, who, withTrips } from '../trips';
import type { DispatchService } from './dispatch.service';
import { pickOf } from './dispatch.service';

/** 社会化租赁: orders addressed to a rental company; its operator fills them with the company's car and driver. */
export class RentalOrdersService {
  constructor(private readonly dispatch: DispatchService) {}

  async list(actor: RequestActor): Promise<RentalOrder[]> {
    const d = this.dispatch;
    const as = await d.booking.assignmentsOfCompanies(actor.scope.companyIds);
    const trips = await d.booking.findTrips([...new Set(as.map((a) => a.tripId))]);
    const units = await d.identity.unitsByIds([...new Set(trips.map((t) => t.unitId))]);
    return withTrips(as, trips, (t: TripRow) => units.find((u) => u.id === t.unitId)?.name ?? '');
  }

  async accept(actor: RequestActor, id: number, input: RentalAcceptInput): Promise<RentalOrder> {
    const d = this.dispatch;
    const a0 = await this.order(actor, id);
    const { v, d: driver } = await d.loadPick(actor, input.vehicleId, input.driverId);
    if (v.ownerUnitId !== a0.companyId || driver.unitId !== a0.companyId) throw new NotFoundError(FleetErrorCode.VEHICLE_NOT_FOUND, `车辆或驾驶员不属于本企业`);
    await d.booking.transaction(async () => {
      const t = (await d.booking.lockTrip(a0.tripId))!;
      const a = (await d.booking.lockAssignment(id))!;
      if (a.status !== 'awaiting_company') throw new ConflictError(TripErrorCode.ASSIGNMENT_STATE_CONFLICT, `行程 ${t.id} 的租车订单 ${id} 已处理，不能再次接单`);
      d.assertFit(t, v, driver);
      await d.booking.fillRentalOrder(t, id, pickOf(v, driver));
      await d.booking.event(t.id, who(actor), 'rental_accept', `租赁企业派 ${formatPlate(v.plate)}（${driver.name}）`);
      const left = (await d.booking.assignmentsOf([t.id])).filter((x) => x.id !== id && x.status === 'awaiting_company');
      // After the company declined another order of this trip, the trip is back with the dispatcher (待派车) until
      // that car is replaced: accepting this one keeps the car and leaves the trip where it is.
      if (!left.length && t.status === 'awaiting_rental') {
        await d.booking.move(t, 'dispatch', who(actor), '租赁企业已全部接单');
        return d.notifications.record(await d.dispatchedNotices(t, [{ v, d: driver }]));
      }
      return d.notifications.record([]);
    });
    return (await this.list(actor)).find((o) => o.id === id)!;
  }

  async decline(actor: RequestActor, id: number, reason: string): Promise<RentalOrder> {
    const d = this.dispatch;
    const a0 = await this.order(actor, id);
    const { t } = await d.booking.transaction(async () => {
      const trip = (await d.booking.lockTrip(a0.tripId))!;
      const a = (await d.booking.lockAssignment(id))!;
      if (a.status !== 'awaiting_company') throw new ConflictError(TripErrorCode.ASSIGNMENT_STATE_CONFLICT, `行程 ${trip.id} 的租车订单 ${id} 已处理，不能拒单`);
      // Only the declined order goes back to dispatch: a car the company already accepted on another order of
      // this trip keeps its booking (withdrawing it would take a car nobody asked to give up).
      await d.booking.release(a, `租赁企业拒单：${reason}`);
      const kept = (await d.booking.assignmentsOf([trip.id])).filter((y) => y.status !== 'released');
      const note = `租赁企业拒单（订单 ${id}）：${reason}；${kept.length ? `保留已派 ${kept.length} 辆，` : ''}待重新派 1 辆`;
      if (trip.status === 'approved') await d.booking.event(trip.id, who(actor), 'release_dispatch', note);
      else await d.booking.move(trip, 'release_dispatch', who(actor), note);
      const dispatchers = await d.identity.usersWithRole(trip.unitId, 'dispatcher');
      await d.notifications.record([{ userIds: dispatchers, family: 'tripStatus', title: '租赁企业拒单', body: `行程 ${trip.id}：${reason}，请为该订单重新派 1 辆车${kept.length ? `（已派的 ${kept.length} 辆保留）` : ''}`, page: '/dispatch/board' }]);
      return { t: trip };
    });
    const [order] = withTrips([(await d.booking.findAssignment(id))!], [t], '');
    return order!;
  }

  private async order(actor: RequestActor, id: number) {
    const a = await this.dispatch.booking.findAssignment(id);
    if (!a || !canFillRentalOrder(actor, a)) throw new NotFoundError(DispatchErrorCode.ORDER_NOT_FOUND, `租车订单 ${id} 不存在`);
    return a;
  }
}
