import { TravelErrorCode as E } from '@shared/travel/travel.errors';
import {
  legTransportLabel, travelStatusLabel,
  type LinkVehicleInput, type TravelRecord, type VehicleLinkKind,
} from '@shared/travel/travel.schemas';
import type { Rental } from '@shared/rental/rental.schemas';
import type { TripDetail } from '@shared/trips/trips.schemas';
import { shanghaiDate } from '@shared/common/time';
import { span } from './travel.rules';
import { ConflictError } from '../../platform/errors';
import { isDuplicateKey } from '../../platform/db/db-errors';
import type { RequestActor } from '../../platform/access';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import type { TravelRepository } from './travel.repository';
import type { TravelLegRow, TravelLinkRow } from './travel.entity';
import type { TravelService } from './travel.service';

/**
 * The official trips and time-share rentals, reached through their own services (each applies its access
 * policy: a trip or rental the actor cannot see is 404 from its owner). Wired by the composition root.
 */
export interface TravelVehicles {
  trip(actor: RequestActor, id: number): Promise<TripDetail>;
  rental(actor: RequestActor, id: number): Promise<Rental>;
}

const transportOf: Record<VehicleLinkKind, TravelLegRow['transport']> = { trip: 'official_car', rental: 'nev' };
const tripEnded = new Set(['returned', 'reviewed', 'confirmed', 'completed']);
const tripDead = new Set(['rejected', 'cancelled', 'expired', 'no_show', 'returned_for_edit', 'pending_approval']);
const rentalEnded = new Set(['returned', 'closed']);

/**
 * 出差 legs by car or NEV (#21 item 5): the approval authorises the official car or the NEV time-share for
 * the legs that name it; a trip or rental the traveller takes on such a leg is linked to the record (one
 * record each) and shows there with its cost beside the leg it was authorised by. A trip or rental on no
 * authorised leg is refused (409). Its cost and end come later from trips' and rental's events.
 */
export class TravelLinksService {
  constructor(private readonly d: { db: Database; repo: TravelRepository; clock: Clock; travel: TravelService; vehicles: () => TravelVehicles | null }) {}

  async link(actor: RequestActor, travelId: number, input: LinkVehicleInput): Promise<TravelRecord> {
    const vehicles = this.d.vehicles();
    if (!vehicles) throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, '用车与分时租赁暂不可关联');
    const t = await this.d.travel.party(actor, travelId);
    const label = `出差 ${travelId}「${t.row.purpose}」`;
    if (t.row.status !== 'approved') throw new ConflictError(E.TRAVEL_STATE_CONFLICT, `${label}${travelStatusLabel[t.row.status]}，批准后才能关联用车`);
    const s = input.kind === 'trip' ? await this.ofTrip(vehicles, actor, input.subjectId, t.travellerIds) : await this.ofRental(vehicles, actor, input.subjectId, t.travellerIds);
    const transport = transportOf[input.kind];
    const legs = t.legs.filter((l) => l.transport === transport);
    if (!legs.length) throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, `${label}未批准${legTransportLabel[transport]}，不能关联${s.title}`);
    const leg = legs.find((l) => s.startDate >= l.departOn && s.startDate <= l.arriveOn);
    if (!leg) {
      throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, `${s.title}（${s.startDate}）不在${label}批准的${legTransportLabel[transport]}行程内：${legs.map((l) => `第 ${l.seq} 段 ${l.fromPlace}—${l.toPlace} ${span(l)}`).join('；')}`);
    }
    const earlier = await this.d.repo.linkOf(input.kind, input.subjectId);
    if (earlier) throw new ConflictError(E.TRAVEL_LINK_DUPLICATE, `${s.title}已关联在出差记录 ${earlier.travelId} 中`, { travelId: earlier.travelId });
    const now = this.d.clock.now();
    try {
      await this.d.db.transaction(() => this.d.repo.insertLink({
        travelId, legSeq: leg.seq, kind: input.kind, subjectId: input.subjectId, title: s.title.slice(0, 200), startDate: s.startDate, endDate: s.endDate,
        state: s.state, costFen: s.costFen, linkedBy: actor.userId, createdAt: now, updatedAt: now,
      }));
    } catch (err) {
      if (isDuplicateKey(err)) throw new ConflictError(E.TRAVEL_LINK_DUPLICATE, `${s.title}刚被关联到出差记录，请刷新后查看`);
      throw err;
    }
    return this.d.travel.record(actor, travelId);
  }

  private async ofTrip(v: TravelVehicles, actor: RequestActor, id: number, travellerIds: number[]): Promise<Subject> {
    const trip = await v.trip(actor, id);
    const title = `公务用车行程 ${trip.id}「${trip.purpose}」`;
    if (!travellerIds.includes(trip.applicantId)) throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, `${title}的用车人不是本次出差人员，不能关联`);
    if (tripDead.has(trip.status)) throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, `${title}${trip.statusLabel}，不能关联`);
    const ended = tripEnded.has(trip.status);
    return {
      title: `${title}${trip.plates.length ? `（${trip.plates.join('、')}）` : ''}`, startDate: shanghaiDate(trip.startAt), endDate: shanghaiDate(trip.endAt),
      state: ended ? 'ended' : 'open', costFen: ended ? trip.costFen : null,
    };
  }

  private async ofRental(v: TravelVehicles, actor: RequestActor, id: number, travellerIds: number[]): Promise<Subject> {
    const r = await v.rental(actor, id);
    const title = `分时租赁订单 ${r.id}（${r.car.plate}）`;
    if (r.purpose !== 'official') throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, `${title}为个人用车，不能计入出差`);
    if (!travellerIds.includes(r.userId)) throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, `${title}的租车人不是本次出差人员，不能关联`);
    if (r.status === 'expired' || r.status === 'cancelled') throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, `${title}已取消或超时，不能关联`);
    const ended = rentalEnded.has(r.status);
    return {
      title, startDate: shanghaiDate(new Date(r.startedAt ?? r.reservedAt)), endDate: r.endedAt ? shanghaiDate(new Date(r.endedAt)) : null,
      state: ended ? 'ended' : 'open', costFen: ended ? r.amountFen : null,
    };
  }

  // ---- from trips' and rental's events (inside the delivery's transaction) ----

  async ended(kind: VehicleLinkKind, subjectId: number, costFen: number, endedAt: Date): Promise<void> {
    const l = await this.d.repo.linkOf(kind, subjectId);
    if (l) await this.d.repo.updateLink(l.id, { state: 'ended', costFen, endDate: shanghaiDate(endedAt), updatedAt: this.d.clock.now() });
  }

  /** A correction after review: applied to a link made before it (one made after read the corrected cost already). */
  async corrected(tripId: number, deltaFen: number, correctedAt: Date): Promise<void> {
    const l = await this.d.repo.linkOf('trip', tripId);
    if (!l || new Date(l.createdAt).getTime() >= correctedAt.getTime()) return;
    await this.d.repo.updateLink(l.id, { costFen: Math.max(0, (l.costFen ?? 0) + deltaFen), updatedAt: this.d.clock.now() });
  }

  /** `costFen`: 0 where the subject is known to have cost nothing (a rental never picked up), else null. */
  async cancelled(kind: VehicleLinkKind, subjectId: number, costFen: number | null): Promise<void> {
    const l = await this.d.repo.linkOf(kind, subjectId);
    if (l && l.state === 'open') await this.d.repo.updateLink(l.id, { state: 'cancelled', costFen, updatedAt: this.d.clock.now() });
  }
}

interface Subject { title: string; startDate: string; endDate: string | null; state: TravelLinkRow['state']; costFen: number | null }

