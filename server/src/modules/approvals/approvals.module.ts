import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { ApiRouter } from '../../platform/http/api-router';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import { ApprovalsRepository } from './approvals.repository';
import { ApprovalsService } from './approvals.service';
import { approvalsRoutes } from './approvals.routes';

export interface ApprovalsModule {
  approvals: ApprovalsService;
  router: ApiRouter;
}

/** The approval center for the composition root: approvers are found through identity's service, never its tables. */
export function createApprovalsModule(deps: { db: Database; identity: IdentityService; notifications: NotificationsService; clock: Clock }): ApprovalsModule {
  const approvals = new ApprovalsService(deps.db, new ApprovalsRepository(deps.db), deps.identity, deps.notifications, deps.clock);
  return { approvals, router: approvalsRoutes(approvals) };
}
