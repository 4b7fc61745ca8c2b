import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 三定 statement import (#17 item 6): each record carries its key within the enterprise — the repair shop's
 * 工单号, the station's 交易流水号, the insurer's 保单号 — unique per enterprise and kind, so a statement
 * imported twice (or a record entered by hand, then imported) is billed once. Existing rows get their key
 * from their details; a key already taken by an earlier row is left empty rather than failing the migration.
 */
export class ServiceRecordKey1767000000500 implements MigrationInterface {
  name = 'ServiceRecordKey1767000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('vehicle_service_record', new TableColumn({ name: 'record_key', type: 'varchar', length: '40', isNullable: true }));
    const rows = await q.query('SELECT id, kind, enterprise_id, details_json FROM vehicle_service_record ORDER BY id') as Array<{ id: number; kind: string; enterprise_id: number; details_json: string }>;
    const taken = new Set<string>();
    for (const r of rows) {
      const d = JSON.parse(r.details_json) as { workOrderNo?: string; policyNo?: string; txnNo?: string | null };
      const key = (r.kind === 'repair' ? d.workOrderNo : r.kind === 'insurance' ? d.policyNo : d.txnNo)?.slice(0, 40);
      if (!key || taken.has(`${r.enterprise_id}/${r.kind}/${key}`)) continue;
      taken.add(`${r.enterprise_id}/${r.kind}/${key}`);
      await q.query('UPDATE vehicle_service_record SET record_key = ? WHERE id = ?', [key, r.id]);
    }
    await q.createIndex('vehicle_service_record', new TableIndex({ name: 'ux_service_record_key', columnNames: ['enterprise_id', 'kind', 'record_key'], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('vehicle_service_record', 'ux_service_record_key');
    await q.dropColumn('vehicle_service_record', 'record_key');
  }
}
