import { inScope, type Actor, type Scope } from '../data-scope';
import { financeScope, financeScopeNeedsActorUnit, type ActorUnit } from './finance.policy';

/** Where a statement sits: its billed unit, that unit's region, and the company it is addressed to. */
export interface StatementPlace {
  unitId: number;
  regionCode: string;
  companyId: number;
}

/** The columns of the statement table that place it (for applyScope). */
export const STATEMENT_SCOPE_COLUMNS = { unit: 'unitId', region: 'regionCode', company: 'companyId' } as const;

/**
 * Who sees and acts on which statements (README: Money): the finance scope over the billed unit, and
 * the companies over what is addressed to them. `acting`: 'finance' (generate, correct, resubmit,
 * approve, pay) or 'company' (review); without it, everything the actor may read.
 */
export function statementScope(actor: Actor, actorUnit: ActorUnit | null, acting?: 'finance' | 'company'): Scope {
  return financeScope(actor, actorUnit, acting);
}

export const statementScopeNeedsActorUnit = financeScopeNeedsActorUnit;

/** A statement (or, while generating, a billed unit's orders) in a scope made by statementScope for an action. */
export const statementInScope = (scope: Scope, s: Partial<StatementPlace>): boolean => inScope(scope, s);
