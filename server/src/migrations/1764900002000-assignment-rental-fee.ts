import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A rental company's car records its rental fee (租车费) on return, beside fuel, tolls, parking and other. */
export class AssignmentRentalFee1764900002000 implements MigrationInterface {
  name = 'AssignmentRentalFee1764900002000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('trip_assignment', new TableColumn({ name: 'rental_fen', type: 'integer', default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('trip_assignment', 'rental_fen');
  }
}
