import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * 三定 enterprises' records (#17 item 6): repair work orders, fill-ups and charges, insurance policies,
 * each against a vehicle, with the enterprise, the owner unit (billed when monthly) and the amount.
 */
export class ServiceRecords1766000001000 implements MigrationInterface {
  name = 'ServiceRecords1766000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'vehicle_service_record',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'kind', type: 'varchar', length: '16' },
        { name: 'enterprise_id', type: 'integer' },
        { name: 'vehicle_id', type: 'integer' },
        { name: 'unit_id', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'occurred_on', type: 'varchar', length: '10' },
        { name: 'amount_fen', type: 'integer' },
        { name: 'billing', type: 'varchar', length: '16' },
        { name: 'details_json', type: 'text' },
        { name: 'recorded_by', type: 'integer' },
        { name: 'recorded_by_name', type: 'varchar', length: '64' },
        { name: 'recorded_at', type: 'datetime' },
      ],
      foreignKeys: [
        { columnNames: ['vehicle_id'], referencedTableName: 'vehicle', referencedColumnNames: ['id'] },
        { columnNames: ['enterprise_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
        { columnNames: ['unit_id'], referencedTableName: 'unit', referencedColumnNames: ['id'] },
      ],
      checks: [
        { name: 'ck_service_record_kind', expression: "kind IN ('repair','fuel','insurance')" },
        { name: 'ck_service_record_billing', expression: "billing IN ('monthly','paid')" },
        { name: 'ck_service_record_amount', expression: 'amount_fen >= 0' },
      ],
    }));
    await q.createIndex('vehicle_service_record', new TableIndex({ name: 'idx_service_record_vehicle', columnNames: ['vehicle_id', 'occurred_on'] }));
    await q.createIndex('vehicle_service_record', new TableIndex({ name: 'idx_service_record_enterprise', columnNames: ['enterprise_id', 'occurred_on'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('vehicle_service_record');
  }
}
