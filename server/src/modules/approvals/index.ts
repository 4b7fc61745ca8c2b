export type { ApprovalRequestRow } from './approvals.entity';
export { ApprovalsService } from './approvals.service';
export type { ApprovalHandler, SubmitInput } from './approvals.service';
export { createApprovalsModule } from './approvals.module';
export type { ApprovalsModule } from './approvals.module';
