import { In } from 'typeorm';
import type { Database } from '../../platform/db/database';
import type { Scope } from '../../platform/data-scope';
import { applyScope } from '../../platform/db/apply-scope';
import { piiCipher } from '../../platform/crypto/pii';
import type { PageQuery } from '@shared/common/pagination';
import type { Role } from '@shared/identity/identity.schemas';
import { RegionEntity, RegionRow, UnitEntity, UnitRow, UserEntity, UserRoleEntity, UserRow, UserTotpEntity, UserTotpRow } from './identity.entity';

export interface UserWithRoles extends UserRow { roles: Role[] }

/** The only ORM code of identity. */
export class IdentityRepository {
  constructor(private readonly db: Database) {}

  private get m() {
    return this.db.manager;
  }

  findRegion(code: string): Promise<RegionRow | null> {
    return this.m.findOne(RegionEntity, { where: { code } });
  }

  findRegions(codes: string[]): Promise<RegionRow[]> {
    return codes.length ? this.m.find(RegionEntity, { where: { code: In(codes) } }) : Promise.resolve([]);
  }

  /** A region and the regions directly under it (one query). */
  regionAndChildren(code: string): Promise<RegionRow[]> {
    return this.m.find(RegionEntity, { where: [{ code }, { parentCode: code }], order: { code: 'ASC' } });
  }

  async listRegions(scope: Scope, ownRegion: string): Promise<RegionRow[]> {
    const qb = this.m.createQueryBuilder(RegionEntity, 'r');
    if (!scope.all) {
      const ors = scope.regionPrefixes.map((_, i) => `r.code LIKE :p${i}`);
      ors.push('r.code = :own');
      const params: Record<string, string> = { own: ownRegion };
      scope.regionPrefixes.forEach((p, i) => { params[`p${i}`] = `${p}%`; });
      qb.where(`(${ors.join(' OR ')})`, params);
    }
    return qb.orderBy('r.code', 'ASC').getMany();
  }

  findUnit(id: number): Promise<UnitRow | null> {
    return this.m.findOne(UnitEntity, { where: { id } });
  }

  findUnits(ids: number[]): Promise<UnitRow[]> {
    return ids.length ? this.m.find(UnitEntity, { where: { id: In(ids) } }) : Promise.resolve([]);
  }

  async listUnits(scope: Scope, page: PageQuery): Promise<[UnitRow[], number]> {
    const qb = this.m.createQueryBuilder(UnitEntity, 'u');
    applyScope(qb, 'u', scope, { unit: 'id', region: 'regionCode', company: 'id' });
    return qb.orderBy('u.id', 'ASC').skip((page.page - 1) * page.pageSize).take(page.pageSize).getManyAndCount();
  }

  /** Units of a region and below without their personal data (name, kind, region, place), in id order: one raw read, nothing decrypted. */
  async unitPlacesUnder(regionPrefix: string): Promise<Array<Pick<UnitRow, 'id' | 'name' | 'kind' | 'regionCode' | 'lat' | 'lng'>>> {
    const rows = await this.m.createQueryBuilder(UnitEntity, 'u')
      .select('u.id', 'id').addSelect('u.name', 'name').addSelect('u.kind', 'kind').addSelect('u.regionCode', 'regionCode').addSelect('u.lat', 'lat').addSelect('u.lng', 'lng')
      .where('u.regionCode LIKE :prefix', { prefix: `${regionPrefix}%` }).orderBy('u.id', 'ASC').getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      id: Number(r.id), name: String(r.name), kind: r.kind as UnitRow['kind'], regionCode: String(r.regionCode),
      lat: r.lat == null ? null : (r.lat as string | number), lng: r.lng == null ? null : (r.lng as string | number),
    }));
  }

  /** The ids of every unit in a scope (by id, region and company), in id order. */
  async unitIdsInScope(scope: Scope): Promise<number[]> {
    const qb = this.m.createQueryBuilder(UnitEntity, 'u').select('u.id', 'id');
    applyScope(qb, 'u', scope, { unit: 'id', region: 'regionCode', company: 'id' });
    return (await qb.orderBy('u.id', 'ASC').getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
  }

  /** Designated companies are a directory every signed-in user may read (who can take my order). */
  listCompanies(kinds: readonly string[]): Promise<UnitRow[]> {
    return this.m.find(UnitEntity, { where: { kind: In([...kinds]) }, order: { regionCode: 'ASC', id: 'ASC' } }) as Promise<UnitRow[]>;
  }

  async findUser(id: number): Promise<UserWithRoles | null> {
    const user = await this.m.findOne(UserEntity, { where: { id } });
    return user ? this.withRoles(user) : null;
  }

  /** Users by id, without their roles (one query); inside a transaction it joins it. */
  findUsers(ids: number[]): Promise<UserRow[]> {
    return ids.length ? this.m.find(UserEntity, { where: { id: In([...new Set(ids)]) } }) : Promise.resolve([]);
  }

  /** The WeChat openids of users who have one (one query). */
  async openidsOf(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await this.m.find(UserEntity, { where: { id: In([...new Set(ids)]) }, select: { id: true, openid: true } });
    return new Map(rows.filter((u) => u.openid).map((u) => [u.id, u.openid!]));
  }

  /** Inside a transaction: the user's row locked FOR UPDATE on MariaDB (SQLite's queue already serialises). */
  async lockUser(id: number): Promise<void> {
    if (!this.db.writeLock) return;
    await this.m.findOne(UserEntity, { where: { id }, select: { id: true }, lock: this.db.writeLock });
  }

  async findUserByOpenid(openid: string): Promise<UserWithRoles | null> {
    const user = await this.m.findOne(UserEntity, { where: { openid } });
    return user ? this.withRoles(user) : null;
  }

  /** A user by phone, through the keyed hash beside the ciphertext (the phone itself is encrypted with a random IV). */
  async findUserByPhone(phone: string): Promise<UserWithRoles | null> {
    const user = await this.m.findOne(UserEntity, { where: { phoneHash: piiCipher().lookupHash(phone) }, order: { id: 'ASC' } });
    return user ? this.withRoles(user) : null;
  }

  async listUsers(scope: Scope, page: PageQuery): Promise<[UserWithRoles[], number]> {
    const qb = this.m.createQueryBuilder(UserEntity, 'u');
    applyScope(qb, 'u', scope, { unit: 'unitId', region: 'regionCode' });
    const [rows, total] = await qb.orderBy('u.id', 'ASC').skip((page.page - 1) * page.pageSize).take(page.pageSize).getManyAndCount();
    return [await this.withRolesMany(rows), total];
  }

  async listAllActiveUsers(): Promise<UserWithRoles[]> {
    const rows = await this.m.find(UserEntity, { where: { status: 'active' }, order: { id: 'ASC' } });
    return this.withRolesMany(rows);
  }

  /**
   * Active users of a unit holding a role, in id order, joining the caller's transaction: one query (the
   * unit's users joined to their role), not every holder of the role province-wide.
   */
  async usersWithRole(unitId: number, role: Role): Promise<number[]> {
    const rows = await this.m.createQueryBuilder(UserEntity, 'u').select('u.id', 'id')
      .innerJoin(UserRoleEntity.options.name, 'r', 'r.userId = u.id AND r.role = :role', { role })
      .where('u.unitId = :unitId AND u.status = :status', { unitId, status: 'active' })
      .orderBy('u.id', 'ASC')
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /** Runs `work` in one transaction (joining the caller's). */
  transactionally<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(() => work());
  }

  /** Replaces a user's roles (inside the caller's transaction). */
  async setRoles(userId: number, roles: Role[]): Promise<void> {
    await this.m.delete(UserRoleEntity, { userId });
    await this.m.insert(UserRoleEntity, roles.map((role) => ({ userId, role })));
  }

  /** The user's TOTP row; `lock`: held FOR UPDATE on MariaDB for the caller's transaction (a code is used once). */
  findTotp(userId: number, lock = false): Promise<UserTotpRow | null> {
    return this.m.findOne(UserTotpEntity, { where: { userId }, ...(lock && this.db.writeLock ? { lock: this.db.writeLock } : {}) });
  }

  async saveTotp(row: UserTotpRow): Promise<void> {
    await this.m.save(UserTotpEntity, row);
  }

  async updateTotp(userId: number, patch: Partial<Pick<UserTotpRow, 'confirmedAt' | 'lastStep'>>): Promise<void> {
    await this.m.update(UserTotpEntity, { userId }, patch);
  }

  private async withRoles(user: UserRow): Promise<UserWithRoles> {
    const roles = await this.m.find(UserRoleEntity, { where: { userId: user.id } });
    return { ...user, roles: roles.map((r) => r.role) };
  }

  private async withRolesMany(users: UserRow[]): Promise<UserWithRoles[]> {
    if (!users.length) return [];
    const roles = await this.m.find(UserRoleEntity, { where: { userId: In(users.map((u) => u.id)) } });
    return users.map((u) => ({ ...u, roles: roles.filter((r) => r.userId === u.id).map((r) => r.role) }));
  }
}
