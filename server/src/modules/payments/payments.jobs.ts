import { addShanghaiDays } from '@shared/common/time';
import type { Scheduler } from '../../platform/scheduler';
import type { Clock } from '../../platform/clock';
import type { PaymentsService } from './payments.service';
import type { ReconciliationService } from './reconciliation.service';

export const CLOSE_EXPIRED_JOB = 'payments.close-expired';
export const RECONCILE_JOB = 'payments.reconcile-yesterday';

/** Yesterday's Beijing date, `YYYY-MM-DD`. */
export function beijingYesterday(now: Date): string {
  return addShanghaiDays(now, -1);
}

/**
 * Registers the payment jobs. The platform Scheduler takes a Redis lock per job and firing, so with
 * several instances each firing runs once; the work itself is idempotent besides.
 */
export function registerPaymentJobs(
  scheduler: Scheduler,
  deps: { payments: PaymentsService; reconciliation: ReconciliationService; clock: Clock; closeCron: string; reconcileCron: string },
): void {
  scheduler.add(CLOSE_EXPIRED_JOB, deps.closeCron, () => deps.payments.closeExpired());
  scheduler.add(RECONCILE_JOB, deps.reconcileCron, () => deps.reconciliation.reconcile('system', beijingYesterday(deps.clock.now())));
}
