import { EntitySchema } from 'typeorm';
import { PII_COLUMN_LENGTH, piiColumn } from '../../platform/crypto/pii';
import type { RegionLevel, Role, UnitKind } from '@shared/identity/identity.schemas';

export interface RegionRow { code: string; name: string; level: RegionLevel; parentCode: string | null }
export interface UnitRow {
  id: number; name: string; kind: UnitKind; regionCode: string; parentId: number | null; phone: string | null;
  /** Where the unit is (GCJ-02); decimals come back as strings from MariaDB. */
  address: string | null; lat: string | number | null; lng: string | number | null; createdAt: Date;
}
export interface UserRow {
  id: number; name: string;
  /** Clear in the program, SM4-encrypted in the table (piiColumn); `phoneHash` is its SM3-HMAC for lookups. */
  phone: string; phoneHash?: string | null; unitId: number; regionCode: string; openid: string | null; status: 'active' | 'disabled'; createdAt: Date;
}
export interface UserRoleRow { userId: number; role: Role }
/** A user's TOTP second factor (#19 item 5): the secret SM4-encrypted like personal data; the last time step used, so a code works once. */
export interface UserTotpRow { userId: number; secret: string; confirmedAt: Date | null; lastStep: number | null; createdAt: Date }

export const RegionEntity = new EntitySchema<RegionRow>({
  name: 'Region', tableName: 'region',
  columns: {
    code: { type: 'varchar', length: 9, primary: true },
    name: { type: 'varchar', length: 64 },
    level: { type: 'varchar', length: 16 },
    parentCode: { name: 'parent_code', type: 'varchar', length: 9, nullable: true },
  },
});

export const UnitEntity = new EntitySchema<UnitRow>({
  name: 'Unit', tableName: 'unit',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 128 },
    kind: { type: 'varchar', length: 32 },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    parentId: { name: 'parent_id', type: 'integer', nullable: true },
    phone: { type: 'varchar', length: PII_COLUMN_LENGTH, nullable: true, transformer: piiColumn },
    address: { type: 'varchar', length: 100, nullable: true },
    lat: { type: 'decimal', precision: 9, scale: 6, nullable: true },
    lng: { type: 'decimal', precision: 9, scale: 6, nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', createDate: true },
  },
});

export const UserEntity = new EntitySchema<UserRow>({
  name: 'User', tableName: 'app_user',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 64 },
    phone: { type: 'varchar', length: PII_COLUMN_LENGTH, transformer: piiColumn },
    phoneHash: { name: 'phone_hash', type: 'varchar', length: 64, nullable: true },
    unitId: { name: 'unit_id', type: 'integer' },
    regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    openid: { type: 'varchar', length: 64, nullable: true },
    status: { type: 'varchar', length: 16, default: 'active' },
    createdAt: { name: 'created_at', type: 'datetime', createDate: true },
  },
});

export const UserRoleEntity = new EntitySchema<UserRoleRow>({
  name: 'UserRole', tableName: 'user_role',
  columns: {
    userId: { name: 'user_id', type: 'integer', primary: true },
    role: { type: 'varchar', length: 32, primary: true },
  },
});

export const UserTotpEntity = new EntitySchema<UserTotpRow>({
  name: 'UserTotp', tableName: 'user_totp',
  columns: {
    userId: { name: 'user_id', type: 'integer', primary: true },
    secret: { type: 'varchar', length: PII_COLUMN_LENGTH, transformer: piiColumn },
    confirmedAt: { name: 'confirmed_at', type: 'datetime', nullable: true },
    lastStep: { name: 'last_step', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime' },
  },
});
