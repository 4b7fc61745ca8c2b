import type { Database } from '../../platform/db/database';
import { UserEntity } from '../identity';
import type { PayerDirectory } from './deposits.service';

/** Openids from identity's user table (every WeChat sign-in records the user's openid there). */
export function userTablePayers(db: Pick<Database, 'manager' | 'writeLock'>): PayerDirectory {
  return {
    async openidOf(userId: number): Promise<string | null> {
      const user = await db.manager.getRepository(UserEntity).findOne({ where: { id: userId }, select: { id: true, openid: true } });
      return user?.openid ?? null;
    },
    async lock(em, userId) {
      // SQLite runs one transaction at a time already; MariaDB locks the payer's user row.
      if (!db.writeLock) return;
      await em.getRepository(UserEntity).findOne({ where: { id: userId }, select: { id: true }, lock: db.writeLock });
    },
  };
}
