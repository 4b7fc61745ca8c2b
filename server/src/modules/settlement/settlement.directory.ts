import type { UnitKind } from '@shared/identity/identity.schemas';
import type { IdentityService } from '../identity';

/** Where a unit sits: its kind (a finance user's own unit decides their scope) and region code. */
export interface DirectoryUnit {
  kind: UnitKind;
  regionCode: string;
}

/** What settlement needs of identity's units (companies are units of a supplier kind); identity provides the real one. */
export interface SettlementDirectory {
  names(unitIds: number[]): Promise<Map<number, string>>;
  /** Kind and region code of each unit found; a unit missing from the table is missing from the map. */
  units(unitIds: number[]): Promise<Map<number, DirectoryUnit>>;
}

/** Unit and company names, kinds and regions, asked of identity's service (one query per call). */
export function identityDirectory(identity: Pick<IdentityService, 'unitsByIds'>): SettlementDirectory {
  return {
    async names(ids: number[]): Promise<Map<number, string>> {
      return new Map((await identity.unitsByIds([...new Set(ids)])).map((u) => [u.id, u.name]));
    },
    async units(ids: number[]): Promise<Map<number, DirectoryUnit>> {
      return new Map((await identity.unitsByIds([...new Set(ids)])).map((u) => [u.id, { kind: u.kind, regionCode: u.regionCode }]));
    },
  };
}
