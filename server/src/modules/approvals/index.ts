export { ApprovalEntities } from './approvals.entity';
export type { ApprovalRequestRow } from './approvals.entity';
export { ApprovalsRepository } from './approvals.repository';
export { ApprovalsService } from './approvals.service';
export type { ApprovalHandler, SubmitInput } from './approvals.service';
export { approvalsRoutes } from './approvals.routes';
