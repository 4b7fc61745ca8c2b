import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * #18 item 1: a unit's geofences (电子围栏, circle or polygon, with a time window) and each vehicle's
 * designated overnight spot (定点停放), both supervision's own tables. The warning table needs no
 * change: a warning about a unit and not a car (超编制配备) has no vehicle, which it already allows.
 * An index on (unit_id, kind, raised_at) lets repetition be counted per unit for such warnings.
 */
export class SupervisionGeofences1767018000000 implements MigrationInterface {
  name = 'SupervisionGeofences1767018000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'supervision_geofence',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'name', type: 'varchar', length: '64' },
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'center_lat', type: 'double', isNullable: true },
        { name: 'center_lng', type: 'double', isNullable: true },
        { name: 'radius_m', type: 'integer', isNullable: true },
        { name: 'polygon_json', type: 'text', isNullable: true },
        { name: 'days', type: 'varchar', length: '16', isNullable: true },
        { name: 'from_min', type: 'integer', isNullable: true },
        { name: 'to_min', type: 'integer', isNullable: true },
        { name: 'created_by', type: 'integer' },
        { name: 'created_at', type: 'datetime' },
      ],
      indices: [
        { name: 'ix_supervision_geofence_unit', columnNames: ['unit_id'] },
        { name: 'ix_supervision_geofence_region', columnNames: ['region_code'] },
      ],
      checks: [
        { name: 'ck_supervision_geofence_kind', expression: "kind IN ('permitted', 'forbidden')" },
        { name: 'ck_supervision_geofence_shape', expression: '(radius_m IS NOT NULL AND radius_m > 0 AND center_lat IS NOT NULL AND center_lng IS NOT NULL AND polygon_json IS NULL) OR (radius_m IS NULL AND polygon_json IS NOT NULL)' },
      ],
    }));
    await q.createTable(new Table({
      name: 'supervision_parking_spot',
      columns: [
        { name: 'vehicle_id', type: 'integer', isPrimary: true },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'name', type: 'varchar', length: '64' },
        { name: 'lat', type: 'double' },
        { name: 'lng', type: 'double' },
        { name: 'radius_m', type: 'integer' },
        { name: 'set_by', type: 'integer' },
        { name: 'updated_at', type: 'datetime' },
      ],
      checks: [{ name: 'ck_supervision_parking_spot_radius', expression: 'radius_m > 0' }],
    }));
    await q.createIndex('supervision_warning', new TableIndex({ name: 'ix_supervision_warning_unit_kind', columnNames: ['unit_id', 'kind', 'raised_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('supervision_warning', 'ix_supervision_warning_unit_kind');
    await q.dropTable('supervision_parking_spot');
    await q.dropTable('supervision_geofence');
  }
}
