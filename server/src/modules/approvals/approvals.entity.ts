import { EntitySchema } from 'typeorm';
import type { ApprovalKind, ApprovalStatus, HolderSource } from '@shared/approvals/approvals.schemas';
import type { Role } from '@shared/identity/identity.schemas';

export interface ApprovalChainRow { id: number; unitId: number | null; kind: ApprovalKind; variant: string; level: number; approverRole: Role; approverUserId: number | null }
export interface ApprovalRequestRow {
  id: number; kind: ApprovalKind; variant: string; subjectId: number; unitId: number; regionCode: string;
  applicantId: number; applicantName: string; title: string; summary: string; amountFen: number | null;
  status: ApprovalStatus; round: number; level: number; levels: number; submittedAt: Date; decidedAt: Date | null;
}
export interface ApprovalDecisionRow { id: number; requestId: number; round: number; level: number; action: string; deciderId: number; deciderName: string; comment: string; at: Date }

/** `kind` and `submittedAt` are the request's, kept with each holder so an inbox page is read from this table's index. */
export interface ApprovalHolderRow { requestId: number; userId: number; round: number; level: number; unitId: number; via: HolderSource; kind: ApprovalKind; submittedAt: Date }

export const ApprovalChainEntity = new EntitySchema<ApprovalChainRow>({
  name: 'ApprovalChain', tableName: 'approval_chain',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    unitId: { name: 'unit_id', type: 'integer', nullable: true },
    kind: { type: 'varchar', length: 32 },
    variant: { type: 'varchar', length: 32 },
    level: { type: 'integer' },
    approverRole: { name: 'approver_role', type: 'varchar', length: 32 },
    approverUserId: { name: 'approver_user_id', type: 'integer', nullable: true },
  },
});

export const ApprovalRequestEntity = new EntitySchema<ApprovalRequestRow>({
  name: 'ApprovalRequest', tableName: 'approval_request',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    kind: { type: 'varchar', length: 32 },
    variant: { type: 'varchar', length: 32 },
    subjectId: { name: 'subject_id', type: 'integer' },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    applicantId: { name: 'applicant_id', type: 'integer' },
    applicantName: { name: 'applicant_name', type: 'varchar', length: 64 },
    title: { type: 'varchar', length: 200 },
    summary: { type: 'varchar', length: 500 },
    amountFen: { name: 'amount_fen', type: 'integer', nullable: true },
    status: { type: 'varchar', length: 16 },
    round: { type: 'integer' },
    level: { type: 'integer' },
    levels: { type: 'integer' },
    submittedAt: { name: 'submitted_at', type: 'datetime', precision: 3 },
    decidedAt: { name: 'decided_at', type: 'datetime', precision: 3, nullable: true },
  },
});

export const ApprovalDecisionEntity = new EntitySchema<ApprovalDecisionRow>({
  name: 'ApprovalDecision', tableName: 'approval_decision',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    requestId: { name: 'request_id', type: 'integer' },
    round: { type: 'integer' },
    level: { type: 'integer' },
    action: { type: 'varchar', length: 16 },
    deciderId: { name: 'decider_id', type: 'integer' },
    deciderName: { name: 'decider_name', type: 'varchar', length: 64 },
    comment: { type: 'varchar', length: 200 },
    at: { type: 'datetime', precision: 3 },
  },
});

export const ApprovalHolderEntity = new EntitySchema<ApprovalHolderRow>({
  name: 'ApprovalHolder', tableName: 'approval_holder',
  columns: {
    requestId: { name: 'request_id', type: 'integer', primary: true },
    userId: { name: 'user_id', type: 'integer', primary: true },
    round: { type: 'integer' },
    level: { type: 'integer' },
    unitId: { name: 'unit_id', type: 'integer' },
    via: { type: 'varchar', length: 16 },
    kind: { type: 'varchar', length: 32 },
    submittedAt: { name: 'submitted_at', type: 'datetime', precision: 3 },
  },
});

export const ApprovalEntities = [ApprovalChainEntity, ApprovalRequestEntity, ApprovalDecisionEntity, ApprovalHolderEntity];
