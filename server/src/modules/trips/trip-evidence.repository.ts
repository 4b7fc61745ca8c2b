import type { Database } from '../../platform/db/database';
import { TripEvidenceEntity, type TripEvidenceRow } from './trips.entity';

/** The ORM code of 出车 / 回场 photos; inside a unit of work it joins the transaction. */
export class TripEvidenceRepository {
  constructor(private readonly db: Database) {}

  /** The photo of one side at one stage of one car, replaced when taken again. */
  async save(row: Omit<TripEvidenceRow, 'id'>): Promise<TripEvidenceRow> {
    const m = this.db.manager;
    const existing = await m.findOne(TripEvidenceEntity, { where: { assignmentId: row.assignmentId, stage: row.stage, side: row.side } });
    if (existing) {
      await m.update(TripEvidenceEntity, { id: existing.id }, row);
      return { ...existing, ...row };
    }
    return m.getRepository(TripEvidenceEntity).save({ ...row });
  }

  ofTrip(tripId: number): Promise<TripEvidenceRow[]> {
    return this.db.manager.find(TripEvidenceEntity, { where: { tripId }, order: { assignmentId: 'ASC', stage: 'ASC', id: 'ASC' } });
  }

  /** The photo with its bytes (left out of every other read). */
  withImage(id: number): Promise<TripEvidenceRow | null> {
    return this.db.manager.createQueryBuilder(TripEvidenceEntity, 'e').where('e.id = :id', { id }).addSelect('e.data').getOne();
  }
}
