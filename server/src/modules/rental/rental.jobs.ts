import type { Scheduler } from '../../platform/scheduler';
import type { RentalService } from './rental.service';
import type { RentalEvidenceService } from './rental-evidence.service';

export const EXPIRE_RESERVATIONS_JOB = 'rental.expire-reservations';
export const SETTLE_PAYSCORE_JOB = 'rental.settle-payscore';
export const CHARGE_CLAIMS_JOB = 'rental.charge-claims';

/** Reservations past their hold are released every minute; the Scheduler runs each firing once across instances. */
export function registerRentalJobs(scheduler: Scheduler, rentals: RentalService, evidence?: RentalEvidenceService): void {
  scheduler.add(EXPIRE_RESERVATIONS_JOB, '*/30 * * * * *', () => rentals.expireReservations());
  // 免押 orders whose completion or cancellation at WeChat failed are tried again.
  scheduler.add(SETTLE_PAYSCORE_JOB, '15 * * * * *', () => rentals.settleUnsettledPayscore());
  // Damage claims whose appeal window passed without an appeal are charged.
  if (evidence) scheduler.add(CHARGE_CLAIMS_JOB, '45 * * * * *', () => evidence.chargeDue());
}
