import { z } from 'zod';
import { roles } from '../identity/identity.schemas';

/** 事务审批中心: one inbox for every kind of approval; kinds plug in by registering a handler. */
export const approvalKinds = ['trip', 'renewal', 'disposal', 'exemption', 'over_standard', 'travel'] as const;
export type ApprovalKind = (typeof approvalKinds)[number];
export const approvalKindLabel: Record<ApprovalKind, string> = {
  trip: '公务用车', renewal: '车辆更新', disposal: '车辆处置', exemption: '暂不纳入平台', over_standard: '超标准预订', travel: '出差',
};

export const approvalStatuses = ['pending', 'approved', 'rejected', 'returned', 'withdrawn'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];
export const approvalStatusLabel: Record<ApprovalStatus, string> = {
  pending: '待审批', approved: '已通过', rejected: '已驳回', returned: '已退回修改', withdrawn: '已撤回',
};

export const approvalActions = ['approve', 'reject', 'return'] as const;
export type ApprovalAction = (typeof approvalActions)[number];
export const approvalActionLabel: Record<ApprovalAction | 'submit' | 'withdraw', string> = {
  approve: '同意', reject: '驳回', return: '退回修改', submit: '提交', withdraw: '撤回',
};

/** Declared in approvals.errors.ts. */
export { ApprovalErrorCode } from './approvals.errors';

export const decideSchema = z.strictObject({
  action: z.enum(approvalActions),
  comment: z.string().trim().max(200).default(''),
}).superRefine((v, ctx) => {
  if (v.action !== 'approve' && v.comment.length < 2) ctx.addIssue({ code: 'custom', path: ['comment'], message: '驳回或退回时请填写意见' });
});
export type DecideInput = z.infer<typeof decideSchema>;

export const approvalInboxQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  /** waiting: waits for me; decided: what I decided. */
  box: z.enum(['waiting', 'decided']).default('waiting'),
  kind: z.enum(approvalKinds).optional(),
});
export type ApprovalInboxQuery = z.infer<typeof approvalInboxQuerySchema>;

export const approvalStepSchema = z.object({
  round: z.number().int(), level: z.number().int(), action: z.string(), actionLabel: z.string(),
  deciderId: z.number().int(), deciderName: z.string(), comment: z.string(), at: z.string(),
});
export type ApprovalStep = z.infer<typeof approvalStepSchema>;

/**
 * Where the holder of a level was found: the person the chain names, the request's own unit, a unit above it (parent, grandparent…),
 * or the supervision office (机关事务管理局 / 车改办) of its region or a region above (the fallback policy, README).
 */
export const holderSources = ['named', 'unit', 'parent_unit', 'region_office'] as const;
export type HolderSource = (typeof holderSources)[number];
export const holderSourceLabel: Record<HolderSource, string> = { named: '指定审批人', unit: '本单位', parent_unit: '上级单位', region_office: '主管部门' };

/** Someone who can decide the request's current level (the applicant sees who holds it). */
export const approvalHolderSchema = z.object({
  userId: z.number().int(), name: z.string(), unitId: z.number().int(), unitName: z.string(),
  via: z.enum(holderSources), viaLabel: z.string(),
});
export type ApprovalHolder = z.infer<typeof approvalHolderSchema>;

export const approvalItemSchema = z.object({
  id: z.number().int(),
  kind: z.enum(approvalKinds),
  kindLabel: z.string(),
  variant: z.string(),
  subjectId: z.number().int(),
  title: z.string(),
  summary: z.string(),
  applicantName: z.string(),
  /** The applying unit (a fallback holder decides for a unit not their own). */
  unitName: z.string(),
  amountFen: z.number().int().nullable(),
  status: z.enum(approvalStatuses),
  statusLabel: z.string(),
  level: z.number().int(),
  levels: z.number().int(),
  submittedAt: z.string(),
  /** Who can decide the current level while it is pending (empty once decided). */
  holders: z.array(approvalHolderSchema),
});
export type ApprovalItem = z.infer<typeof approvalItemSchema>;

export const approvalDetailSchema = approvalItemSchema.extend({ history: z.array(approvalStepSchema) });
export type ApprovalDetail = z.infer<typeof approvalDetailSchema>;

export const chainLevelSchema = z.strictObject({
  approverRole: z.enum(roles).default('approver'),
  /** A named person for this level; null: any holder of the role in the unit who has not decided an earlier level. */
  approverUserId: z.number().int().positive().nullable().default(null),
});
export const setChainSchema = z.strictObject({
  unitId: z.number().int().positive(),
  kind: z.enum(approvalKinds),
  variant: z.string().min(1).max(32),
  levels: z.array(chainLevelSchema).min(1).max(5),
});
export type SetChainInput = z.infer<typeof setChainSchema>;
export const chainSchema = z.object({
  unitId: z.number().int().nullable(), kind: z.enum(approvalKinds), variant: z.string(),
  levels: z.array(z.object({ level: z.number().int(), approverRole: z.enum(roles), approverUserId: z.number().int().nullable() })),
});
export type Chain = z.infer<typeof chainSchema>;
/** The approval of one subject (a trip's, for its applicant's detail page). */
export const approvalBySubjectQuerySchema = z.strictObject({ kind: z.enum(approvalKinds), subjectId: z.coerce.number().int().positive() });
export const chainListQuerySchema = z.strictObject({ unitId: z.coerce.number().int().positive() });
