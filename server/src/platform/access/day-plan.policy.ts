import { inScope, regionPrefix, type Actor, type Scope } from '../data-scope';

/** Where a day plan sits: the unit whose day it plans, and that unit's region (null when unknown). */
export interface DayPlanPlace { unitId: number; regionCode: string | null }

/**
 * Who reads day plans: the unit's dispatchers, and supervisors of the region the unit sits in (and
 * below) — supervisors read, they do not act.
 */
export function dayPlanScope(actor: Actor): Scope {
  const scope: Scope = { all: false, regionPrefixes: [], unitIds: [], companyIds: [] };
  if (actor.roles.includes('dispatcher')) scope.unitIds.push(actor.unitId);
  if (actor.roles.includes('supervisor')) scope.regionPrefixes.push(regionPrefix(actor.regionCode, actor.regionLevel));
  return scope;
}

/** Roles that may read day plans (routes declare them). */
export const DAY_PLAN_READERS = ['dispatcher', 'supervisor'] as const;

export const canReadDayPlan = (actor: Actor, plan: DayPlanPlace): boolean => inScope(dayPlanScope(actor), plan);

/** Apply and adjust: the dispatchers of the plan's own unit only. */
export const canActOnDayPlan = (actor: Pick<Actor, 'roles' | 'unitId'>, plan: Pick<DayPlanPlace, 'unitId'>): boolean =>
  actor.roles.includes('dispatcher') && plan.unitId === actor.unitId;
