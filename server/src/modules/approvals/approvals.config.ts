import { z } from 'zod';
import { loadSection } from '@config/load-config';
import { roles, type Role } from '@shared/identity/identity.schemas';

export const fallbackSteps = ['parent_unit', 'region_office'] as const;
export type FallbackStep = (typeof fallbackSteps)[number];

const list = <T extends string>(allowed: readonly T[]) => z.string().transform((s, ctx) => {
  if (s.trim() === 'none') return [] as T[];
  const items = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = items.filter((x) => !allowed.includes(x as T));
  if (bad.length) ctx.addIssue({ code: 'custom', message: `只能是 ${allowed.join('、')}（或 none），不认识：${bad.join('、')}` });
  return items as T[];
});

/**
 * Who holds a level when the request's own unit has nobody for it (README「审批兜底」, #14 item 4):
 * APPROVAL_FALLBACK lists the steps tried in order — `parent_unit` (the unit's parent, then its parent…,
 * holders of the level's role), `region_office` (the supervision office of the unit's region, then of each
 * region above, holders of the first of APPROVAL_OFFICE_ROLES that has anyone) — or `none`.
 * When every step finds nobody, the submission is refused (409), never left waiting for nobody.
 */
export function loadApprovalSettings(env: Readonly<Record<string, string | undefined>>) {
  const s = loadSection({
    APPROVAL_FALLBACK: list(fallbackSteps).default(['parent_unit', 'region_office']),
    APPROVAL_OFFICE_ROLES: list<Role>(roles).default(['approver', 'supervisor']),
  }, env);
  return { fallback: s.APPROVAL_FALLBACK as FallbackStep[], officeRoles: s.APPROVAL_OFFICE_ROLES as Role[] };
}
export type ApprovalSettings = ReturnType<typeof loadApprovalSettings>;
