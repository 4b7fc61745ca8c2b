import { ReservationErrorCode as E } from '@shared/reservations/reservations.errors';
import type { LodgingStandardInput, ReceptionStandardInput, SeatClass } from '@shared/reservations/reservations.schemas';
import { ForbiddenError } from '../../platform/errors';
import { canSetStandards, type RequestActor } from '../../platform/access';
import type { Database } from '../../platform/db/database';
import type { ReservationsRepository } from './reservations.repository';

/** The standards tables: read by anyone signed in (the traveller sees the standard next to each price), set by the platform admin. */
export class StandardsService {
  constructor(private readonly db: Database, private readonly repo: ReservationsRepository) {}

  async list() {
    return {
      lodging: await this.repo.lodgingStandards(),
      reception: await this.repo.receptionStandards(),
      tickets: (await this.repo.ticketStandards()).map((t) => ({ ...t, classes: t.classes.split(',').filter(Boolean) as SeatClass[] })),
    };
  }

  async setLodging(actor: RequestActor, input: LodgingStandardInput) {
    if (!canSetStandards(actor)) throw new ForbiddenError(E.RESERVATION_STATE_CONFLICT, '只有平台管理员可以修改差旅住宿费标准');
    await this.db.transaction(() => this.repo.upsertLodging(input));
    return this.list();
  }

  async setReception(actor: RequestActor, input: ReceptionStandardInput) {
    if (!canSetStandards(actor)) throw new ForbiddenError(E.RESERVATION_STATE_CONFLICT, '只有平台管理员可以修改公务接待标准');
    await this.db.transaction(() => this.repo.upsertReception(input));
    return this.list();
  }
}
