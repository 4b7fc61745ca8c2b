import type { RegionLevel, Role } from '@shared/identity/identity.schemas';

/**
 * Data scope (DOMAIN.md §2), decided in one place for every read and write:
 * - a supervisor (and a read-only 纪检/财政/审计 account) sees the region they sit at and everything below it, never a sibling region;
 * - a rental company or supplier operator sees only what is addressed to their company;
 * - every other role sees their own unit's records;
 * - the platform admin sees everything.
 * GB/T 2260 codes nest by prefix (13 → 1301 → 130102 → 130102001), so "region and below" is a prefix.
 * Anything outside the scope is answered as if it did not exist (404).
 */
export interface Actor {
  userId: number;
  unitId: number;
  regionCode: string;
  regionLevel: RegionLevel;
  roles: Role[];
}

export interface Scope {
  all: boolean;
  /** Region code prefixes the actor supervises. */
  regionPrefixes: string[];
  /** Units whose records the actor may see (their own unit). */
  unitIds: number[];
  /** Companies (rental, supplier units) whose orders the actor may see. */
  companyIds: number[];
}

const prefixLength: Record<RegionLevel, number> = { province: 2, city: 4, county: 6, township: 9 };

export function regionPrefix(code: string, level: RegionLevel): string {
  return code.slice(0, prefixLength[level]);
}

export function scopeOf(actor: Actor): Scope {
  const scope: Scope = { all: false, regionPrefixes: [], unitIds: [], companyIds: [] };
  for (const role of actor.roles) {
    if (role === 'platform_admin') scope.all = true;
    else if (role === 'supervisor' || role === 'discipline_inspector' || role === 'finance_bureau' || role === 'audit_bureau') {
      // A supervisor, and the read-only oversight bureaus (access/oversight.policy), see their region and below.
      scope.regionPrefixes.push(regionPrefix(actor.regionCode, actor.regionLevel));
    } else if (role === 'rental_operator' || role === 'supplier_operator') scope.companyIds.push(actor.unitId);
    else scope.unitIds.push(actor.unitId);
  }
  return scope;
}

/** How a kind of record is placed: which columns say its unit, region and addressed company. */
export interface ScopeColumns {
  unit?: string;
  region?: string;
  company?: string;
}

export interface ScopedRecord {
  unitId?: number | null;
  regionCode?: string | null;
  companyId?: number | null;
}

export function inScope(scope: Scope, rec: ScopedRecord): boolean {
  if (scope.all) return true;
  if (rec.regionCode && scope.regionPrefixes.some((p) => rec.regionCode!.startsWith(p))) return true;
  if (rec.unitId != null && scope.unitIds.includes(rec.unitId)) return true;
  if (rec.companyId != null && scope.companyIds.includes(rec.companyId)) return true;
  return false;
}
