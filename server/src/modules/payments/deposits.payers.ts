import type { IdentityService } from '../identity';
import type { PayerDirectory } from './deposits.service';

/** Openids and the payer's lock, asked of identity's service (every WeChat sign-in records the user's openid). */
export function identityPayers(identity: Pick<IdentityService, 'openidsOf' | 'lockUser'>): PayerDirectory {
  return {
    async openidOf(userId: number): Promise<string | null> {
      return (await identity.openidsOf([userId])).get(userId) ?? null;
    },
    // SQLite runs one transaction at a time already; on MariaDB identity locks the payer's user row.
    lock: (userId) => identity.lockUser(userId),
  };
}
