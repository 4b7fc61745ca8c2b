import { UnitEntity, UserEntity } from '../../server/src/modules/identity/identity.entity';
import { VehicleEntity } from '../../server/src/modules/fleet/fleet.entity';
import type { TestApp } from './test-deps';

export async function seedUserId(t: TestApp, name: string): Promise<number> {
  const u = await t.deps.db.manager.findOne(UserEntity, { where: { name } });
  if (!u) throw new Error(`no seeded user ${name}`);
  return u.id;
}

export async function seedUnitId(t: TestApp, name: string): Promise<number> {
  const u = await t.deps.db.manager.findOne(UnitEntity, { where: { name } });
  if (!u) throw new Error(`no seeded unit ${name}`);
  return u.id;
}

export async function seedVehicleId(t: TestApp, plate: string): Promise<number> {
  const v = await t.deps.db.manager.findOne(VehicleEntity, { where: { plate } });
  if (!v) throw new Error(`no seeded vehicle ${plate}`);
  return v.id;
}
