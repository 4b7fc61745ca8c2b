import type { Role } from '@shared/identity/identity.schemas';
import type { Database } from '../../platform/db/database';
import { UnitEntity, UserEntity, UserRoleEntity, type UnitRow, type UserRow } from './identity.entity';

/** The platform admin's writes to the unit and user directory (the only ORM code of them). */
export class IdentityAdminRepository {
  constructor(private readonly db: Database) {}

  unitNamed(name: string, regionCode: string): Promise<UnitRow | null> {
    return this.db.manager.findOne(UnitEntity, { where: { name, regionCode } });
  }

  insertUnit(row: Omit<UnitRow, 'id' | 'createdAt'>): Promise<UnitRow> {
    const em = this.db.manager;
    return em.save(UnitEntity, em.create(UnitEntity, row));
  }

  insertUser(row: Omit<UserRow, 'id' | 'createdAt' | 'phoneHash'>): Promise<UserRow> {
    const em = this.db.manager;
    return em.save(UserEntity, em.create(UserEntity, row));
  }

  async setRoles(userId: number, roles: Role[]): Promise<void> {
    await this.db.manager.delete(UserRoleEntity, { userId });
    for (const role of new Set(roles)) await this.db.manager.insert(UserRoleEntity, { userId, role });
  }
}
