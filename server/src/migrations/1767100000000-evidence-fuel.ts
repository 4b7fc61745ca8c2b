import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Fuel level at a handover (#21 item 2 follow-up): the terminal's JT/T 808 item 0x02 (0.1 L), kept with
 * each evidence photo beside the charge, so a fuel car's 出车/回场 photos show 油量.
 */
export class EvidenceFuel1767100000000 implements MigrationInterface {
  name = 'EvidenceFuel1767100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['trip_evidence', 'rental_evidence']) {
      await q.addColumn(table, new TableColumn({ name: 'fuel_dl', type: 'integer', isNullable: true }));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['trip_evidence', 'rental_evidence']) await q.dropColumn(table, 'fuel_dl');
  }
}
