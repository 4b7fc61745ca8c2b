import type { z } from 'zod';
import { pageOf } from '@shared/common/pagination';
import {
  approvalDetailSchema, approvalItemSchema, type ApprovalDetail, type ApprovalKind, type DecideInput,
} from '@shared/approvals/approvals.schemas';
import { http } from './http';

/** 事务审批中心 (server/src/modules/approvals/approvals.routes.ts). */
const approvalPageSchema = pageOf(approvalItemSchema);
export type ApprovalPage = z.infer<typeof approvalPageSchema>;

export function fetchInbox(q: { box: 'waiting' | 'decided'; page: number; pageSize?: number }): Promise<ApprovalPage> {
  return http.get('/api/approvals', approvalPageSchema, { silent: true, query: { box: q.box, page: q.page, pageSize: q.pageSize ?? 10 } });
}

export function getApproval(id: number): Promise<ApprovalDetail> {
  return http.get(`/api/approvals/${id}`, approvalDetailSchema, { silent: true });
}

/** The approval of a subject (a trip's): who holds it now, its level and history. */
export function getApprovalOf(kind: ApprovalKind, subjectId: number): Promise<ApprovalDetail> {
  return http.get('/api/approvals/by-subject', approvalDetailSchema, { silent: true, query: { kind, subjectId } });
}

export function decideApproval(id: number, input: DecideInput): Promise<ApprovalDetail> {
  return http.post(`/api/approvals/${id}/decide`, input, approvalDetailSchema, { silent: true });
}
