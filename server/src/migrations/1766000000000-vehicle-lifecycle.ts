import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { VEHICLE_STANDARDS } from '../seed/vehicle-standards';

const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };

/**
 * The vehicle's life (#17): how a vehicle was acquired, its Appendix B exemption, the renewal that
 * freed its quota place; the standards table (seeded, see seed/vehicle-standards.ts); renewal,
 * procurement, disposal and exemption applications; default two-level chains for their approval kinds
 * (the unit's approver, then the 主管部门 — found through the approval fallback to the region's office).
 */
export class VehicleLifecycle1766000000000 implements MigrationInterface {
  name = 'VehicleLifecycle1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('vehicle', [
      new TableColumn({ name: 'acquisition', type: 'varchar', length: '16', default: "'purchased'" }),
      new TableColumn({ name: 'exempted_on', type: 'varchar', length: '10', isNullable: true }),
      new TableColumn({ name: 'replaced_by_application_id', type: 'integer', isNullable: true }),
    ]);
    await q.createTable(new Table({
      name: 'vehicle_standard',
      columns: [
        { name: 'category', type: 'varchar', length: '32', isPrimary: true },
        { name: 'renewal_age_years', type: 'integer' },
        { name: 'renewal_mileage_km', type: 'integer' },
        { name: 'price_cap_fen', type: 'integer' },
        { name: 'displacement_cap_ml', type: 'integer', isNullable: true },
        { name: 'new_energy', type: 'varchar', length: '16' },
        { name: 'sources_json', type: 'text' },
        { name: 'updated_at', type: 'datetime' },
      ],
      checks: [{ name: 'ck_vehicle_standard_values', expression: 'renewal_age_years > 0 AND renewal_mileage_km > 0 AND price_cap_fen >= 0' }],
    }));
    await q.createTable(new Table({
      name: 'vehicle_application',
      columns: [
        id,
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'vehicle_id', type: 'integer', isNullable: true },
        { name: 'category', type: 'varchar', length: '32' },
        { name: 'details_json', type: 'text' },
        { name: 'summary', type: 'varchar', length: '500' },
        { name: 'applicant_id', type: 'integer' },
        { name: 'applicant_name', type: 'varchar', length: '64' },
        { name: 'submitted_at', type: 'datetime' },
        { name: 'decided_at', type: 'datetime', isNullable: true },
        { name: 'new_vehicle_id', type: 'integer', isNullable: true },
        { name: 'proceeds_fen', type: 'integer', isNullable: true },
      ],
      foreignKeys: [
        { columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['vehicle_id'], referencedTableName: 'vehicle', referencedColumnNames: ['id'] },
      ],
      checks: [
        { name: 'ck_vehicle_application_kind', expression: "kind IN ('renewal','procurement','disposal','exemption')" },
        { name: 'ck_vehicle_application_proceeds', expression: 'proceeds_fen IS NULL OR proceeds_fen >= 0' },
      ],
    }));
    await q.createIndex('vehicle_application', new TableIndex({ name: 'idx_vehicle_application_vehicle', columnNames: ['vehicle_id', 'kind', 'status'] }));
    await q.createIndex('vehicle_application', new TableIndex({ name: 'idx_vehicle_application_region', columnNames: ['region_code', 'kind', 'status'] }));
    // A datetime both drivers bind (SQLite binds no Date objects).
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    for (const s of VEHICLE_STANDARDS) {
      await q.query('INSERT INTO vehicle_standard (category, renewal_age_years, renewal_mileage_km, price_cap_fen, displacement_cap_ml, new_energy, sources_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [s.category, s.renewalAgeYears, s.renewalMileageKm, s.priceCapFen, s.displacementCapMl, s.newEnergy, JSON.stringify(s.sources), now]);
    }
    for (const kind of ['renewal', 'disposal', 'exemption']) {
      await q.query('INSERT INTO approval_chain (unit_id, kind, variant, level, approver_role, approver_user_id) VALUES (NULL, ?, ?, 1, ?, NULL)', [kind, 'default', 'approver']);
      await q.query('INSERT INTO approval_chain (unit_id, kind, variant, level, approver_role, approver_user_id) VALUES (NULL, ?, ?, 2, ?, NULL)', [kind, 'default', 'supervisor']);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM approval_chain WHERE kind IN ('renewal','disposal','exemption') AND unit_id IS NULL");
    await q.dropTable('vehicle_application');
    await q.dropTable('vehicle_standard');
    for (const c of ['replaced_by_application_id', 'exempted_on', 'acquisition']) await q.dropColumn('vehicle', c);
  }
}
