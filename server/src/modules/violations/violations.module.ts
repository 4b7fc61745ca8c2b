import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import type { ApiRouter } from '../../platform/http/api-router';
import type { Scheduler } from '../../platform/scheduler';
import { ViolationsRepository } from './violations.repository';
import { ViolationsService, type ViolationNotices, type ViolationPorts } from './violations.service';
import { violationsRoutes } from './violations.routes';
import type { ViolationSupplier } from './violation-supplier.gateway';

export interface ViolationsModule { violations: ViolationsService; router: ApiRouter }

/** 违章 for the composition root: the service, its routes, and the daily pull from the supplier (the day before, at 07:00 Beijing time). */
export function createViolationsModule(deps: {
  db: Database; clock: Clock; logger: Logger; scheduler: Scheduler; ports: ViolationPorts; notices: ViolationNotices; supplier: ViolationSupplier;
}): ViolationsModule {
  const violations = new ViolationsService(deps.db, new ViolationsRepository(deps.db), deps.clock, deps.ports, deps.notices, deps.supplier, deps.logger);
  deps.scheduler.add('violations.pull', '0 0 23 * * *', async () => {
    const now = deps.clock.now();
    await violations.pull(new Date(now.getTime() - 2 * 86_400_000), now);
  });
  return { violations, router: violationsRoutes(violations) };
}
