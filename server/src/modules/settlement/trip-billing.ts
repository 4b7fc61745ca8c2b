import { formatPlate } from '@shared/common/format';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { DomainEvent, EventBus } from '../../platform/events';
import type { LedgerService } from '../ledger';
import { recordBillableOrder, replaceBillableOrder, sumOfParts } from './billable-order';
import { SettlementRepository } from './settlement.repository';

/** Deliveries of trip events to settlement are kept under this name. */
export const TRIP_BILLING_SUBSCRIBER = 'settlement.trip-billing';

export interface TripBillingSettings {
  /**
   * What a rental company bills when its car was sent and the applicant did not come (用车人未到):
   * the company's minimum charge. 0 (the default) bills nothing. Price plans per company come with the
   * time-share rental capability; until then one figure for every company (SETTLEMENT_NO_SHOW_FEE_FEN).
   */
  noShowFeeFen: number;
}

export function loadTripBillingSettings(env: Record<string, string | undefined>): TripBillingSettings {
  const raw = env.SETTLEMENT_NO_SHOW_FEE_FEN ?? '0';
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`SETTLEMENT_NO_SHOW_FEE_FEN must be a whole number of fen ≥ 0, got "${raw}"`);
  return { noShowFeeFen: n };
}

/** One billable order per car a rental company sent: `<trip id>-<assignment id>`. */
export const tripOrderId = (tripId: number, assignmentId: number) => `${tripId}-${assignmentId}`;

/**
 * Settlement's subscriber to trips (社会化租赁 billing, DOMAIN.md §6):
 * - trip.fulfilled (returned, reviewed, confirmed): each car of a rental company becomes a billable
 *   order of that company billed to the trip's unit, with the amounts its driver recorded, by kind;
 * - trip.costs_corrected: the new amounts replace the order's (billable-order replaceBillableOrder);
 *   a correction made before the trip was confirmed is already in trip.fulfilled, so there is nothing to replace;
 * - trip.no_show: a company car that was sent bills the no-show fee (settings), if any;
 * - trip.cancelled bills nothing: cancelling is allowed only before departure.
 * Joins the delivery's transaction (its unit of work), so each event bills once; a billable order is also unique by source.
 */
export function subscribeTripBilling(events: EventBus, deps: { db: Database; ledger: LedgerService; clock: Clock; logger: Logger; settings: TripBillingSettings }): void {
  const billing = { db: deps.db, ledger: deps.ledger, clock: deps.clock, repo: new SettlementRepository(deps.db) };

  const fulfilled = async (e: DomainEvent<'trip.fulfilled'>) => {
    const p = e.payload;
    for (const a of p.assignments) {
      if (a.companyId == null) continue;
      const parts = { rentalFen: a.rentalFen, fuelFen: a.fuelFen, tollFen: a.tollFen, parkingFen: a.parkingFen, otherFen: a.otherFen };
      const km = a.distanceKm != null ? ` ${a.distanceKm} km` : '';
      await recordBillableOrder({
        sourceKind: 'trip', sourceId: tripOrderId(p.tripId, a.assignmentId), companyId: a.companyId, unitId: p.unitId,
        amountFen: sumOfParts(parts), parts, description: `行程 ${p.tripId}「${p.purpose}」${p.route}，${formatPlate(a.plate)}${km}`,
        completedAt: new Date(a.returnedAt ?? p.fulfilledAt),
      }, billing);
    }
  };

  const corrected = async (e: DomainEvent<'trip.costs_corrected'>) => {
    const p = e.payload;
    if (p.companyId == null) return;
    const outcome = await replaceBillableOrder({
      sourceKind: 'trip', sourceId: tripOrderId(p.tripId, p.assignmentId), parts: p.after, reason: p.reason, reference: `event:${e.id}`,
    }, billing);
    if (outcome.kind === 'credit_for_finance') {
      deps.logger.warn({ tripId: p.tripId, statementId: outcome.statementId, deltaFen: outcome.deltaFen }, 'trip cost reduced after its statement was confirmed: finance credits it');
    }
  };

  const noShow = async (e: DomainEvent<'trip.no_show'>) => {
    const p = e.payload;
    if (deps.settings.noShowFeeFen <= 0) return;
    for (const a of p.assignments) {
      if (a.companyId == null || !['dispatched', 'accepted'].includes(a.status)) continue;
      const fee = deps.settings.noShowFeeFen;
      await recordBillableOrder({
        sourceKind: 'trip', sourceId: tripOrderId(p.tripId, a.assignmentId), companyId: a.companyId, unitId: p.unitId, amountFen: fee,
        parts: { rentalFen: fee, fuelFen: 0, tollFen: 0, parkingFen: 0, otherFen: 0 },
        description: `行程 ${p.tripId}「${p.purpose}」用车人未到，${a.plate ? formatPlate(a.plate) : '租赁车辆'} 已到场（最低收费）`, completedAt: new Date(p.at),
      }, billing);
    }
  };

  events.subscribe(TRIP_BILLING_SUBSCRIBER, ['trip.fulfilled', 'trip.costs_corrected', 'trip.no_show'], async (e) => {
    if (e.type === 'trip.fulfilled') await fulfilled(e as DomainEvent<'trip.fulfilled'>);
    else if (e.type === 'trip.costs_corrected') await corrected(e as DomainEvent<'trip.costs_corrected'>);
    else await noShow(e as DomainEvent<'trip.no_show'>);
  });
}
