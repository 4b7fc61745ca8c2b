import { In } from 'typeorm';
import type { UnitKind } from '@shared/identity/identity.schemas';
import type { Database } from '../../platform/db/database';
import { UnitEntity } from '../identity';

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

/** Unit and company names, kinds and regions from identity's unit table. */
export function unitTableDirectory(db: Pick<Database, 'manager'>): SettlementDirectory {
  return {
    async names(ids: number[]): Promise<Map<number, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.manager.getRepository(UnitEntity).find({ where: { id: In(ids) }, select: { id: true, name: true } });
      return new Map(rows.map((u) => [u.id, u.name]));
    },
    async units(ids: number[]): Promise<Map<number, DirectoryUnit>> {
      if (ids.length === 0) return new Map();
      const rows = await db.manager.getRepository(UnitEntity).find({ where: { id: In(ids) }, select: { id: true, kind: true, regionCode: true } });
      return new Map(rows.map((u) => [u.id, { kind: u.kind, regionCode: u.regionCode }]));
    },
  };
}
