import { inScope, scopeOf, type Actor, type Scope } from '../data-scope';

/** Where a warning sits: the unit whose car (or use) it is about, and that unit's region. */
export interface WarningPlace { unitId: number; regionCode: string }

/** The columns of the warning table that place it (for applyScope). */
export const WARNING_SCOPE_COLUMNS = { unit: 'unitId', region: 'regionCode' } as const;

/** Warnings are seen by the unit they are about and by every supervisor above it (its region and up), never a sibling region. */
export const warningScope = (actor: Actor): Scope => ({ ...scopeOf(actor), companyIds: [] });

export const canReadWarning = (actor: Actor, w: WarningPlace): boolean => inScope(warningScope(actor), w);

/** 核查 and 申诉 are the unit's: its fleet admin. */
export const mayActForUnit = (actor: Actor, w: WarningPlace): boolean => actor.roles.includes('fleet_admin') && actor.unitId === w.unitId;

/** 处理 and 通报 are the supervisor's above the unit (their region covers the unit's). */
export const mayActAsSupervisor = (actor: Actor, w: WarningPlace): boolean =>
  actor.roles.includes('supervisor') && inScope({ all: false, regionPrefixes: scopeOf({ ...actor, roles: ['supervisor'] }).regionPrefixes, unitIds: [], companyIds: [] }, w);

/** The data pool and rule switches: a supervisor reads their region and below; the platform admin everything. */
export const poolScope = (actor: Actor): Scope => ({ ...scopeOf(actor), unitIds: [], companyIds: [] });
export const canReadPoolRegion = (actor: Actor, regionCode: string): boolean => inScope(poolScope(actor), { regionCode });

/** Who reads warnings at all (the warnings list's roles); which ones, warningScope. The vehicle page shows them to these only. */
export const WARNING_READERS = ['fleet_admin', 'supervisor', 'platform_admin'] as const;
export const mayReadWarnings = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.some((r) => (WARNING_READERS as readonly string[]).includes(r));
