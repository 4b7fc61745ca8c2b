import { ReservationErrorCode as E } from '@shared/reservations/reservations.errors';
import { seatClassLabel, ticketModeLabel, travellerRankLabel, type LodgingStandardInput, type ReceptionStandardInput, type SeatClass, type TravellerRank } from '@shared/reservations/reservations.schemas';
import { formatYuan } from '@shared/common/money';
import { standardFor } from './reservations.rules';
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

  /**
   * The standards that apply to one traveller (their rank) at a place, as another module shows them beside
   * its costs (the 出差 record): the lodging cap per night, the reception cap per person, the ticket classes.
   */
  async forTraveller(userId: number, regionCode: string): Promise<{
    rank: TravellerRank; rankLabel: string;
    lodging: { capFen: number; text: string; source: string } | null;
    reception: { perPersonCapFen: number; text: string; source: string } | null;
    tickets: string;
  }> {
    const rank = await this.repo.rankOf(userId);
    const lodging = standardFor((await this.repo.lodgingStandards()).filter((s) => s.rank === rank), regionCode);
    const reception = standardFor(await this.repo.receptionStandards(), regionCode);
    const tickets = (await this.repo.ticketStandards()).filter((t) => t.rank === rank)
      .map((t) => `${ticketModeLabel[t.mode]}${t.classes.split(',').filter(Boolean).map((c) => seatClassLabel[c as SeatClass]).join('/')}`).join('，');
    return {
      rank, rankLabel: travellerRankLabel[rank],
      lodging: lodging ? { capFen: lodging.capFen, text: `${travellerRankLabel[rank]} ${formatYuan(lodging.capFen)}/晚`, source: `${lodging.source}，${lodging.year}年` } : null,
      reception: reception ? { perPersonCapFen: reception.perPersonCapFen, text: `${formatYuan(reception.perPersonCapFen)}/人`, source: `${reception.source}，${reception.year}年` } : null,
      tickets: tickets ? `${travellerRankLabel[rank]}：${tickets}` : '未配置乘坐标准',
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
