import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Scope, ScopeColumns } from '../data-scope';

/** Adds the scope as a WHERE clause to a query over `alias` (columns are entity property paths). */
export function applyScope<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>, alias: string, scope: Scope, cols: ScopeColumns,
): SelectQueryBuilder<T> {
  if (scope.all) return qb;
  const ors: string[] = [];
  const params: Record<string, unknown> = {};
  if (cols.region) {
    scope.regionPrefixes.forEach((p, i) => {
      ors.push(`${alias}.${cols.region} LIKE :scopeRegion${i}`);
      params[`scopeRegion${i}`] = `${p}%`;
    });
  }
  if (cols.unit && scope.unitIds.length) {
    ors.push(`${alias}.${cols.unit} IN (:...scopeUnits)`);
    params.scopeUnits = scope.unitIds;
  }
  if (cols.company && scope.companyIds.length) {
    ors.push(`${alias}.${cols.company} IN (:...scopeCompanies)`);
    params.scopeCompanies = scope.companyIds;
  }
  if (!ors.length) return qb.andWhere('1 = 0');
  return qb.andWhere(`(${ors.join(' OR ')})`, params);
}
