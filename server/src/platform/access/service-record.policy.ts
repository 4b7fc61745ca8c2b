import type { Role, UnitKind } from '@shared/identity/identity.schemas';
import type { ServiceKind } from '@shared/fleet/service-records.schemas';
import { inScope, scopeOf, type Actor, type Scope } from '../data-scope';

/**
 * 三定 records (#17 item 6): a designated enterprise's operator records against any registered vehicle
 * (the car comes to the shop, the station, the insurer) but sees only its own records; the vehicle's unit
 * sees those of its vehicles, supervisors those of their region, the platform admin all.
 */
export const SERVICE_RECORDERS = ['supplier_operator'] as const satisfies readonly Role[];

/** Which record a kind of enterprise keeps: a repair shop work orders, a fuel station fill-ups, an insurer policies. */
export const serviceKindOfUnit = (kind: UnitKind): ServiceKind | null =>
  kind === 'repair_shop' ? 'repair' : kind === 'fuel_station' ? 'fuel' : kind === 'insurer' ? 'insurance' : null;

export const serviceRecordScope = (actor: Actor): Scope => scopeOf(actor);
export const SERVICE_RECORD_SCOPE_COLUMNS = { unit: 'unitId', region: 'regionCode', company: 'enterpriseId' } as const;
export const canReadServiceRecord = (actor: Actor, r: { unitId: number; regionCode: string; enterpriseId: number }): boolean =>
  inScope(serviceRecordScope(actor), { unitId: r.unitId, regionCode: r.regionCode, companyId: r.enterpriseId });
