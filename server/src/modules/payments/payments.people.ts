import type { Database } from '../../platform/db/database';
import { UnitEntity, UserEntity } from '../identity';
import type { PaymentPeople } from './payments.access';

/** Payers' units and regions, and units' kinds, from identity's user and unit tables. */
export function userTablePeople(db: Pick<Database, 'manager'>): PaymentPeople {
  return {
    async placeOf(userId) {
      const u = await db.manager.getRepository(UserEntity).findOne({ where: { id: userId }, select: { id: true, unitId: true, regionCode: true } });
      return u ? { unitId: u.unitId, regionCode: u.regionCode } : null;
    },
    async unitOf(unitId) {
      const unit = await db.manager.getRepository(UnitEntity).findOne({ where: { id: unitId }, select: { id: true, kind: true } });
      return unit ? { kind: unit.kind } : null;
    },
  };
}
