import type { ApprovalAction, ApprovalStatus } from '@shared/approvals/approvals.schemas';
import type { Role } from '@shared/identity/identity.schemas';

export interface ChainLevel { level: number; approverRole: Role; approverUserId: number | null }
export interface Decider { userId: number; roles: readonly Role[] }

/**
 * Who may decide the current level: the named person, or any holder of the role in the unit — but never
 * the applicant (no self-approval) and never someone who decided an earlier level of the same round
 * (two levels mean two different people).
 */
export function mayDecide(level: ChainLevel | undefined, who: Decider, applicantId: number, earlierDeciders: readonly number[]): boolean {
  if (!level) return false;
  if (who.userId === applicantId || earlierDeciders.includes(who.userId)) return false;
  if (level.approverUserId != null) return level.approverUserId === who.userId;
  return who.roles.includes(level.approverRole);
}

export interface Outcome { status: ApprovalStatus; level: number; final: boolean }

/** The request after a decision at `level` of `levels`. */
export function afterDecision(action: ApprovalAction, level: number, levels: number): Outcome {
  if (action === 'reject') return { status: 'rejected', level, final: true };
  if (action === 'return') return { status: 'returned', level, final: true };
  if (level < levels) return { status: 'pending', level: level + 1, final: false };
  return { status: 'approved', level, final: true };
}

/**
 * The region above a GB/T 2260 code (township 130102001 → county 130102 → city 130100 → province 130000),
 * null above the province.
 */
export function parentRegionCode(code: string): string | null {
  if (code.length === 9) return code.slice(0, 6);
  if (code.length !== 6) return null;
  if (code.slice(4) !== '00') return `${code.slice(0, 4)}00`;
  if (code.slice(2, 4) !== '00') return `${code.slice(0, 2)}0000`;
  return null;
}
