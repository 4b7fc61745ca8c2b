import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { DomainEvent, EventBus } from '../../platform/events';
import type { LedgerService } from '../ledger';
import { noParts, recordBillableOrder, replaceBillableOrder } from './billable-order';
import { SettlementRepository } from './settlement.repository';

/** Deliveries of reservation events to settlement are kept under this name. */
export const RESERVATION_BILLING_SUBSCRIBER = 'settlement.reservation-billing';

/**
 * Settlement's subscriber to reservations (DOMAIN.md §6, #16 item 4): an official booking confirmed by
 * its hotel or restaurant, or a ticket issued, becomes a billable order of that supplier billed to the
 * traveller's unit at the official amount (a personal upgrade was paid by the person and is not in it);
 * cancelled after confirmation, the order is replaced by the cancellation fee (0 when free). The order
 * id is the reservation's; the source kind its kind (hotel, dining, ticket). Idempotent by source. A ticket
 * paid with the 公务卡 at purchase (air, #21 item 5) is not billed: the card is repaid through the 出差 record.
 */
export function subscribeReservationBilling(events: EventBus, deps: { db: Database; ledger: LedgerService; clock: Clock }): void {
  const billing = { db: deps.db, ledger: deps.ledger, clock: deps.clock, repo: new SettlementRepository(deps.db) };
  const confirmed = async (e: DomainEvent<'reservation.confirmed'>) => {
    const p = e.payload;
    // Paid with the 公务卡 at purchase: nothing is owed on the supplier's statement (a later cancellation finds no order either).
    if (p.paidWith === 'official_card') return;
    await recordBillableOrder({
      sourceKind: p.kind, sourceId: String(p.reservationId), companyId: p.supplierId, unitId: p.unitId, amountFen: p.officialFen,
      parts: { ...noParts, otherFen: p.officialFen }, description: p.description, completedAt: new Date(p.at),
    }, billing);
  };
  const cancelled = async (e: DomainEvent<'reservation.cancelled'>) => {
    const p = e.payload;
    if (!p.wasConfirmed) return;
    await replaceBillableOrder({
      sourceKind: p.kind, sourceId: String(p.reservationId), parts: { ...noParts, otherFen: p.feeFen },
      reason: `预订取消${p.feeFen ? '（按取消规则收取取消费）' : ''}${p.reason ? `：${p.reason}` : ''}`.slice(0, 120), reference: `event:${e.id}`,
    }, billing);
  };
  events.subscribe(RESERVATION_BILLING_SUBSCRIBER, ['reservation.confirmed', 'reservation.cancelled'], async (e) => {
    if (e.type === 'reservation.confirmed') await confirmed(e as DomainEvent<'reservation.confirmed'>);
    else await cancelled(e as DomainEvent<'reservation.cancelled'>);
  });
}
