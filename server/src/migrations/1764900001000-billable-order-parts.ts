import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

const parts = ['rental_fen', 'fuel_fen', 'toll_fen', 'parking_fen', 'other_fen'];

/** A billable order keeps its amount by kind (rental, fuel/charging, tolls, parking, other), as entered. */
export class BillableOrderParts1764900001000 implements MigrationInterface {
  name = 'BillableOrderParts1764900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('billable_order', parts.map((name) => new TableColumn({ name, type: 'integer', default: 0 })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('billable_order', parts);
  }
}
