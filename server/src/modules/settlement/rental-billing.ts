import { formatPlate } from '@shared/common/format';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import type { DomainEvent, EventBus } from '../../platform/events';
import type { LedgerService } from '../ledger';
import { recordBillableOrder } from './billable-order';
import { SettlementRepository } from './settlement.repository';

/** Deliveries of rental events to settlement are kept under this name. */
export const RENTAL_BILLING_SUBSCRIBER = 'settlement.rental-billing';

/** One billable order per official time-share rental: `rental-<id>`. */
export const timeshareOrderId = (rentalId: number) => `rental-${rentalId}`;

/**
 * Settlement's subscriber to time-share rentals (分时租赁, DOMAIN.md §6): an official rental that
 * ended becomes a billable order of the rental company billed to the renter's unit, at the plan's
 * price (a fault ended without charge bills 0). Personal use is paid by the user through WeChat Pay
 * and bills nothing here. Joins the delivery's transaction; the order is unique by source.
 */
/** Deliveries of damage claims to settlement are kept under this name. */
export const RENTAL_DAMAGE_BILLING_SUBSCRIBER = 'settlement.rental-damage-billing';

export function subscribeRentalBilling(events: EventBus, deps: { db: Database; ledger: LedgerService; clock: Clock }): void {
  const billing = { db: deps.db, ledger: deps.ledger, clock: deps.clock, repo: new SettlementRepository(deps.db) };
  events.subscribe(RENTAL_BILLING_SUBSCRIBER, ['rental.ended'], async (e) => {
    const p = (e as DomainEvent<'rental.ended'>).payload;
    if (p.purpose !== 'official') return;
    const task = p.tripId != null ? `任务 ${p.tripId}，` : '';
    await recordBillableOrder({
      sourceKind: 'timeshare', sourceId: timeshareOrderId(p.rentalId), companyId: p.companyId, unitId: p.unitId, amountFen: p.amountFen,
      parts: { rentalFen: p.amountFen, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0 },
      description: `分时租赁 ${formatPlate(p.plate)}，${task}${p.minutes} 分钟 ${p.km} km`, completedAt: new Date(p.endedAt),
    }, billing);
  });
  // 车损索赔 of an official rental, charged after its appeal window (#21): billed to the unit with the company.
  events.subscribe(RENTAL_DAMAGE_BILLING_SUBSCRIBER, ['rental.damage_charged'], async (e) => {
    const p = (e as DomainEvent<'rental.damage_charged'>).payload;
    if (p.purpose !== 'official') return;
    await recordBillableOrder({
      sourceKind: 'timeshare', sourceId: `claim-${p.claimId}`, companyId: p.companyId, unitId: p.unitId, amountFen: p.amountFen,
      parts: { rentalFen: 0, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: p.amountFen },
      description: `分时租赁车损赔偿 ${formatPlate(p.plate)}，订单 ${p.rentalId}：${p.description}`, completedAt: new Date(p.at),
    }, billing);
  });
}
