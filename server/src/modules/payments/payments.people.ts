import type { IdentityService } from '../identity';
import type { PaymentPeople } from './payments.access';

/** Payers' units and regions, and units' kinds, asked of identity's service. */
export function identityPeople(identity: Pick<IdentityService, 'usersByIds' | 'unitById'>): PaymentPeople {
  return {
    async placeOf(userId) {
      const [u] = await identity.usersByIds([userId]);
      return u ? { unitId: u.unitId, regionCode: u.regionCode } : null;
    },
    async unitOf(unitId) {
      const unit = await identity.unitById(unitId);
      return unit ? { kind: unit.kind } : null;
    },
  };
}
