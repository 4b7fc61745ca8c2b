import type { Role, UnitKind } from '@shared/identity/identity.schemas';
import { CommonErrorCode } from '@shared/common/errors';
import { ForbiddenError } from '../errors';
import { regionPrefix, type Actor, type Scope } from '../data-scope';

/** The roles that handle money (statements, refunds, reconciliation); routes declare these, services ask isFinance. */
export const FINANCE_ROLES = ['finance', 'platform_admin'] as const satisfies readonly Role[];
/** The roles that act for a company on what is addressed to it (statement review). */
export const COMPANY_ROLES = ['rental_operator', 'supplier_operator'] as const satisfies readonly Role[];

export const isFinance = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.some((r) => (FINANCE_ROLES as readonly Role[]).includes(r));

export function assertFinance(actor: Pick<Actor, 'roles'>): void {
  if (!isFinance(actor)) throw new ForbiddenError(CommonErrorCode.FORBIDDEN, '该操作需要财务角色');
}

/** The actor's own unit as the directory knows it (null when the actor needs none or it is missing). */
export interface ActorUnit {
  kind: UnitKind;
}

/**
 * The finance scope, decided here only (README: Money). As a data-scope Scope over a record's unit
 * (unitId), that unit's region (regionCode) and the company it is addressed to:
 * - platform_admin: everything;
 * - finance at a supervision_office (机关事务管理局 / 机关事务服务中心, who settle centrally for
 *   their level): units in their region and below, as a supervisor's scope;
 * - finance in any other unit: their own unit;
 * - rental_operator / supplier_operator: what is addressed to their company.
 * `acting` keeps only the roles that may do an action: 'finance' (generate, correct, approve, pay,
 * refund) or 'company' (review); without it, everything the actor may see. Statements and payments
 * (statement.policy, payment.policy) both read through it.
 */
export function financeScope(actor: Actor, actorUnit: ActorUnit | null, acting?: 'finance' | 'company'): Scope {
  const scope: Scope = { all: false, regionPrefixes: [], unitIds: [], companyIds: [] };
  for (const role of actor.roles) {
    if (acting !== 'company' && role === 'platform_admin') scope.all = true;
    else if (acting !== 'company' && role === 'finance') {
      if (actorUnit?.kind === 'supervision_office') scope.regionPrefixes.push(regionPrefix(actor.regionCode, actor.regionLevel));
      else scope.unitIds.push(actor.unitId);
    } else if (acting !== 'finance' && (COMPANY_ROLES as readonly Role[]).includes(role)) scope.companyIds.push(actor.unitId);
  }
  return scope;
}

/** Whether the finance scope needs the actor's unit kind (a finance role not already seeing everything). */
export const financeScopeNeedsActorUnit = (actor: Pick<Actor, 'roles'>, acting?: 'finance' | 'company'): boolean =>
  acting !== 'company' && actor.roles.includes('finance') && !actor.roles.includes('platform_admin');
