import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fleetKindCategories } from '@shared/fleet/unit-kind-rules';
import type { VehicleCategory } from '@shared/fleet/fleet.schemas';
import { KIND_STANDARD_PREFIX, SOE_BUSINESS_STANDARD } from '../seed/vehicle-standards';

interface StandardRow {
  category: string; renewal_age_years: number; renewal_mileage_km: number; price_cap_fen: number; displacement_cap_ml: number | null;
  new_energy: string; sources_json: string; updated_at: Date | string;
}

const bindable = (d: Date | string): string => (d instanceof Date ? d.toISOString().slice(0, 19).replace('T', ' ') : d);

const columns = [
  { name: 'fleet_kind', type: 'varchar', length: '16', isPrimary: true },
  { name: 'category', type: 'varchar', length: '32', isPrimary: true },
  { name: 'renewal_age_years', type: 'integer' },
  { name: 'renewal_mileage_km', type: 'integer' },
  { name: 'price_cap_fen', type: 'integer' },
  { name: 'displacement_cap_ml', type: 'integer', isNullable: true },
  { name: 'new_energy', type: 'varchar', length: '16' },
  { name: 'sources_json', type: 'text' },
  { name: 'updated_at', type: 'datetime' },
];

/**
 * Standards per unit kind (#17 item 1): the standards table gets a fleet kind beside the category — 党政机关
 * and 人民团体 (organ), 事业单位 (institution), 国有企业 (enterprise) — so each kind's renewals and procurements
 * are checked against its own rows. The existing rows become the organ rows (the platform admin's edits
 * kept); the other kinds' rows start as copies of them for the categories the kind holds, their sources
 * saying so, plus the SOE's 业务用车 row.
 */
export class StandardsPerUnitKind1767000001000 implements MigrationInterface {
  name = 'StandardsPerUnitKind1767000001000';

  async up(q: QueryRunner): Promise<void> {
    const rows = await q.query('SELECT * FROM vehicle_standard') as StandardRow[];
    await q.dropTable('vehicle_standard');
    await q.createTable(new Table({
      name: 'vehicle_standard', columns,
      checks: [
        { name: 'ck_vehicle_standard_values', expression: 'renewal_age_years > 0 AND renewal_mileage_km > 0 AND price_cap_fen >= 0' },
        { name: 'ck_vehicle_standard_fleet_kind', expression: "fleet_kind IN ('organ','institution','enterprise')" },
      ],
    }));
    const insert = (kind: string, r: Omit<StandardRow, 'updated_at'>, at: Date | string) => q.query(
      'INSERT INTO vehicle_standard (fleet_kind, category, renewal_age_years, renewal_mileage_km, price_cap_fen, displacement_cap_ml, new_energy, sources_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [kind, r.category, r.renewal_age_years, r.renewal_mileage_km, r.price_cap_fen, r.displacement_cap_ml, r.new_energy, r.sources_json, at]);
    // A datetime both drivers bind (SQLite binds no Date objects); MariaDB's rows come back as Dates.
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    for (const r of rows) {
      await insert('organ', r, bindable(r.updated_at));
      for (const kind of ['institution', 'enterprise'] as const) {
        if (!fleetKindCategories[kind].includes(r.category as VehicleCategory)) continue;
        const sources = JSON.parse(r.sources_json) as Record<string, string>;
        const prefixed = Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, `${KIND_STANDARD_PREFIX[kind]}${v}`]));
        await insert(kind, { ...r, sources_json: JSON.stringify(prefixed) }, now);
      }
    }
    const b = SOE_BUSINESS_STANDARD;
    await insert('enterprise', {
      category: b.category, renewal_age_years: b.renewalAgeYears, renewal_mileage_km: b.renewalMileageKm, price_cap_fen: b.priceCapFen,
      displacement_cap_ml: b.displacementCapMl, new_energy: b.newEnergy, sources_json: JSON.stringify(b.sources),
    }, now);
  }

  async down(q: QueryRunner): Promise<void> {
    const rows = await q.query("SELECT * FROM vehicle_standard WHERE fleet_kind = 'organ'") as StandardRow[];
    await q.dropTable('vehicle_standard');
    await q.createTable(new Table({
      name: 'vehicle_standard', columns: columns.slice(1).map((c) => (c.name === 'category' ? { ...c, isPrimary: true } : c)),
      checks: [{ name: 'ck_vehicle_standard_values', expression: 'renewal_age_years > 0 AND renewal_mileage_km > 0 AND price_cap_fen >= 0' }],
    }));
    for (const r of rows) {
      await q.query('INSERT INTO vehicle_standard (category, renewal_age_years, renewal_mileage_km, price_cap_fen, displacement_cap_ml, new_energy, sources_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [r.category, r.renewal_age_years, r.renewal_mileage_km, r.price_cap_fen, r.displacement_cap_ml, r.new_energy, r.sources_json, bindable(r.updated_at)]);
    }
  }
}
