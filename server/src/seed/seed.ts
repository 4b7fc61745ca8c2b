import type { Database } from '../platform/db/database';
import { RegionEntity, UnitEntity, UserEntity, UserRoleEntity } from '../modules/identity/identity.entity';
import { DriverEntity, VehicleEntity, VehicleQuotaEntity } from '../modules/fleet/fleet.entity';
import * as data from './seed-data';
import { seedRental } from './rental-seed';
import { seedReservations } from './reservation-seed';

export interface SeedSummary { regions: number; units: number; users: number; vehicles: number; drivers: number }

/** Seeds the demo Hebei slice into an empty database (no regions yet); returns null when it had data. */
export async function seedIfEmpty(db: Database): Promise<SeedSummary | null> {
  if ((await db.manager.count(RegionEntity)) > 0) return null;
  return seed(db);
}

export async function seed(db: Database): Promise<SeedSummary> {
  return db.transaction(async (em) => {
    for (const [code, name, level, parentCode] of data.regions) await em.insert(RegionEntity, { code, name, level, parentCode });
    const unitIds = new Map<string, number>();
    const unitRegion = new Map<string, string>();
    for (const u of data.units) {
      const row = await em.save(UnitEntity, em.create(UnitEntity, {
        name: u.name, kind: u.kind, regionCode: u.region, parentId: u.parent ? unitIds.get(u.parent)! : null, phone: u.phone ?? null,
        address: data.unitAddresses[u.key]?.[0] ?? null, lat: data.unitAddresses[u.key]?.[1] ?? null, lng: data.unitAddresses[u.key]?.[2] ?? null,
      }));
      unitIds.set(u.key, row.id);
      unitRegion.set(u.key, u.region);
    }
    const userIds = new Map<string, number>();
    for (const [i, u] of data.users.entries()) {
      const row = await em.save(UserEntity, em.create(UserEntity, {
        name: u.name, phone: u.phone, unitId: unitIds.get(u.unit)!, regionCode: unitRegion.get(u.unit)!,
        openid: `demo-openid-${i + 1}`, status: 'active',
      }));
      userIds.set(u.name, row.id);
      for (const role of u.roles) await em.insert(UserRoleEntity, { userId: row.id, role });
    }
    for (const [unit, category, quota] of data.quotas) await em.insert(VehicleQuotaEntity, { unitId: unitIds.get(unit)!, category, quota });
    for (const [i, x] of data.vehicles.entries()) {
      await em.save(VehicleEntity, em.create(VehicleEntity, {
        plate: x.plate, vin: vinFor(i), brandModel: x.brandModel, energyType: x.energy, displacementMl: x.displacementMl,
        priceFen: x.priceYuan * 100, seats: x.seats, category: x.category, source: x.source, ownerUnitId: unitIds.get(x.unit)!,
        regionCode: unitRegion.get(x.unit)!, registeredOn: x.registeredOn, odometerHm: x.odometerKm * 10,
        terminalPhone: x.terminal, deviceModel: x.deviceModel, insuranceDue: x.insuranceDue, inspectionDue: x.inspectionDue,
        maintenanceDue: '2027-03-31', status: 'in_use',
      }));
    }
    for (const d of data.drivers) {
      await em.save(DriverEntity, em.create(DriverEntity, {
        userId: d.user ? userIds.get(d.user)! : null, name: d.name, phone: d.phone, unitId: unitIds.get(d.unit)!,
        regionCode: unitRegion.get(d.unit)!, licenceClass: d.licenceClass, licenceExpires: d.licenceExpires, status: 'active',
      }));
    }
    await seedRental(em, unitIds.get('rental')!);
    await seedReservations(em, unitIds, userIds);
    return { regions: data.regions.length, units: data.units.length, users: data.users.length, vehicles: data.vehicles.length, drivers: data.drivers.length };
  });
}

/** Deterministic, well-formed 17-character VINs for demo vehicles (no I, O, Q). */
function vinFor(i: number): string {
  return `LFV2A21K${String(100000000 + i * 7919).slice(-9)}`;
}
