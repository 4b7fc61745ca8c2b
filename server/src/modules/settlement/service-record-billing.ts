import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { LedgerService } from '../ledger';
import { noParts, recordBillableOrder } from './billable-order';
import { SettlementRepository } from './settlement.repository';

/** Deliveries of 三定 records to settlement are kept under this name. */
export const SERVICE_RECORD_BILLING_SUBSCRIBER = 'settlement.service-record-billing';

/**
 * Settlement's subscriber to 三定 enterprises (DOMAIN.md §6, #17 item 6): a repair work order, fill-up or
 * charge, or policy that the vehicle's unit settles monthly becomes a billable order of that enterprise
 * billed to the unit, so it lands on the enterprise's monthly statement. Source kind repair / fuel /
 * insurance, source id the record's; idempotent by source. A fill-up is fuel in the amount's parts.
 */
export function subscribeServiceRecordBilling(events: EventBus, deps: { db: Database; ledger: LedgerService; clock: Clock }): void {
  const billing = { db: deps.db, ledger: deps.ledger, clock: deps.clock, repo: new SettlementRepository(deps.db) };
  events.subscribe(SERVICE_RECORD_BILLING_SUBSCRIBER, ['service_record.billable'], async (e) => {
    const p = e.payload;
    await recordBillableOrder({
      sourceKind: p.kind, sourceId: String(p.recordId), companyId: p.enterpriseId, unitId: p.unitId, amountFen: p.amountFen,
      parts: p.kind === 'fuel' ? { ...noParts, fuelFen: p.amountFen } : { ...noParts, otherFen: p.amountFen },
      description: p.description, completedAt: new Date(p.at),
    }, billing);
  });
}
