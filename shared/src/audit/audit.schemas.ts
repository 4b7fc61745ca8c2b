import { z } from 'zod';

/** One entry of the audit trail (#19 item 2): who, what, which object, when, from where, the outcome. */
export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export const auditOutcomeLabel: Record<(typeof auditOutcomes)[number], string> = { success: '成功', failure: '失败', denied: '拒绝' };

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUserId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  actorRoles: z.array(z.string()),
  unitId: z.number().int().nullable(),
  regionCode: z.string().nullable(),
  action: z.string(),
  label: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  ip: z.string(),
  outcome: z.enum(auditOutcomes),
  status: z.number().int(),
  requestId: z.string(),
  errorCode: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const isoOrDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, '时间格式应为 2026-12-01 或 2026-12-01T08:30:00Z 这样的日期时间');
export const auditSearchSchema = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  from: isoOrDate.optional(),
  to: isoOrDate.optional(),
  actorUserId: z.coerce.number().int().positive().optional(),
  /** Part of the action key or its words, e.g. `demo-login` or `审批`. */
  action: z.string().min(1).max(64).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  objectType: z.string().min(1).max(48).optional(),
  objectId: z.string().min(1).max(64).optional(),
  ip: z.string().min(1).max(64).optional(),
});
export type AuditSearch = z.infer<typeof auditSearchSchema>;

export const auditProblemSchema = z.object({
  seq: z.number().int(),
  kind: z.enum(['edited', 'deleted', 'relinked']),
  message: z.string(),
});
export const auditVerifySchema = z.object({ ok: z.boolean(), checked: z.number().int(), lastSeq: z.number().int(), problems: z.array(auditProblemSchema) });
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;
export type AuditProblem = z.infer<typeof auditProblemSchema>;
