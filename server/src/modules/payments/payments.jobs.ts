import { addShanghaiDays } from '@shared/common/time';
import type { Scheduler } from '../../platform/scheduler';
import type { Clock } from '../../platform/clock';
import type { PaymentsService } from './payments.service';
import type { ReconciliationService } from './reconciliation.service';
import type { PayScoreService } from './payscore.service';

export const CLOSE_EXPIRED_JOB = 'payments.close-expired';
export const RECONCILE_JOB = 'payments.reconcile-yesterday';
export const PAYSCORE_SYNC_JOB = 'payments.payscore-sync';

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
  deps: { payments: PaymentsService; payscore?: PayScoreService; reconciliation: ReconciliationService; clock: Clock; closeCron: string; reconcileCron: string },
): void {
  scheduler.add(CLOSE_EXPIRED_JOB, deps.closeCron, () => deps.payments.closeExpired());
  // Completed 支付分 orders whose deduction notice has not come: asked about.
  if (deps.payscore) scheduler.add(PAYSCORE_SYNC_JOB, deps.closeCron, () => deps.payscore!.syncCompleted());
  scheduler.add(RECONCILE_JOB, deps.reconcileCron, () => deps.reconciliation.reconcile('system', beijingYesterday(deps.clock.now())));
}
