import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { ApiRouter } from '../../platform/http/api-router';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import { ApprovalsRepository } from './approvals.repository';
import { ApprovalsService } from './approvals.service';
import { approvalsRoutes } from './approvals.routes';
import { ApprovalHolders } from './approval-holders.service';
import { loadApprovalSettings } from './approvals.config';

export interface ApprovalsModule {
  approvals: ApprovalsService;
  router: ApiRouter;
}

/**
 * The approval center for the composition root: approvers are found through identity's service, never its
 * tables; `env` carries the fallback policy (approvals.config.ts).
 */
export function createApprovalsModule(deps: { db: Database; identity: IdentityService; notifications: NotificationsService; clock: Clock; env?: Readonly<Record<string, string | undefined>> }): ApprovalsModule {
  const holders = new ApprovalHolders(deps.identity, loadApprovalSettings(deps.env ?? {}));
  const approvals = new ApprovalsService(deps.db, new ApprovalsRepository(deps.db), deps.identity, deps.notifications, deps.clock, holders);
  return { approvals, router: approvalsRoutes(approvals) };
}
