import { In } from 'typeorm';
import type { Database } from '../../platform/db/database';
import { UnitEntity } from '../identity';
import type { SettlementDirectory } from './settlement.service';

/** Unit and company names from identity's unit table (companies are units of a supplier kind). */
export function unitTableDirectory(db: Pick<Database, 'manager'>): SettlementDirectory {
  return {
    async names(ids: number[]): Promise<Map<number, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.manager.getRepository(UnitEntity).find({ where: { id: In(ids) }, select: { id: true, name: true } });
      return new Map(rows.map((u) => [u.id, u.name]));
    },
  };
}
