import { ReservationErrorCode as E } from '@shared/reservations/reservations.errors';
import { diningSlotLabel, reservationKindLabel, type Reservation } from '@shared/reservations/reservations.schemas';
import { shanghaiDate } from '@shared/common/time';
import { ConflictError, ForbiddenError, NotFoundError, UpstreamError, ValidationError } from '../../platform/errors';
import { canManageSupplierInventory, isReservationSupplier, type RequestActor } from '../../platform/access';
import type { ReservationRow } from './reservations.entity';
import { nightsOf } from './reservations.rules';
import { withRetry, type ReservationsDeps, type ReservationsService } from './reservations.service';

/** Tries of a ticket issue before the order is refunded (the supplier is slow or fails now and then). */
export const ISSUE_ATTEMPTS = 3;

/**
 * The supplier operator's side: confirm or refuse what is addressed to their company, and manage their
 * inventory (a hotel's rooms per night, a restaurant's tables per slot). A ticket is issued on confirm;
 * if the supplier keeps timing out, the order is refunded with the supplier, nothing stays issued, and
 * the traveller is told.
 */
export class SupplierService {
  constructor(private readonly d: ReservationsDeps, private readonly reservations: ReservationsService) {}

  private async addressed(actor: RequestActor, id: number): Promise<ReservationRow> {
    const r = await this.reservations.visible(actor, id);
    if (!isReservationSupplier(actor, r)) throw new ForbiddenError(E.RESERVATION_STATE_CONFLICT, `预订 ${id} 不是发给贵单位的，不能处理`);
    if (r.status !== 'awaiting_supplier') throw new ConflictError(E.RESERVATION_STATE_CONFLICT, `预订 ${id} 当前为「${(await this.reservations.present([r]))[0]!.statusLabel}」，不能确认或拒绝`);
    return r;
  }

  async confirm(actor: RequestActor, id: number): Promise<Reservation> {
    const r = await this.addressed(actor, id);
    let ticketNo: string | null = null;
    if (r.kind === 'ticket') {
      const issued = await withRetry(ISSUE_ATTEMPTS, () => this.d.tickets.issue(r.supplierOrderNo!)).catch(() => null);
      if (!issued || issued.state !== 'ISSUED') return this.issueFailed(actor, r);
      ticketNo = issued.ticketNo;
    }
    const now = this.d.clock.now();
    await this.d.db.transaction(async () => {
      if (!(await this.d.repo.move(id, ['awaiting_supplier'], { status: 'confirmed', ticketNo, note: r.kind === 'ticket' ? `已出票 ${ticketNo}` : '商家已确认', updatedAt: now }))) {
        throw new ConflictError(E.RESERVATION_STATE_CONFLICT, `预订 ${id} 状态已变化，请刷新`);
      }
      await this.d.events.record('reservation.confirmed', r.id, {
        reservationId: r.id, kind: r.kind, supplierId: r.supplierId, unitId: r.unitId, officialFen: r.officialFen, description: `${reservationKindLabel[r.kind]}预订 ${r.id}：${r.title}`, at: now.toISOString(),
        paidWith: r.paymentMethod === 'official_card' ? 'official_card' : 'statement',
      });
      await this.d.notifications.record([{ userIds: [r.travellerId, r.bookedById], family: 'tripStatus', title: `${reservationKindLabel[r.kind]}预订已确认`, body: r.title, page: `/reservations/detail?id=${r.id}` }]);
    });
    return this.reservations.get(actor, id);
  }

  /** Issue failed after every try: refund with the supplier (never a paid-but-unissued ticket), release, tell the traveller. */
  private async issueFailed(actor: RequestActor, r: ReservationRow): Promise<Reservation> {
    const refunded = await withRetry(ISSUE_ATTEMPTS, () => this.d.tickets.refund(r.supplierOrderNo!)).catch(() => null);
    if (!refunded || refunded.state !== 'REFUNDED') {
      throw new UpstreamError(E.RESERVATION_SUPPLIER_UNAVAILABLE, `票务供应商多次未响应，预订 ${r.id} 出票与退票均未完成，请稍后重试`);
    }
    const now = this.d.clock.now();
    await this.d.db.transaction(async () => {
      if (!(await this.d.repo.move(r.id, ['awaiting_supplier'], { status: 'failed', ticketNo: null, note: '票务供应商多次超时未出票，已向供应商退票，费用不计入单位账单，请重新预订', updatedAt: now }))) {
        throw new ConflictError(E.RESERVATION_STATE_CONFLICT, `预订 ${r.id} 状态已变化，请刷新`);
      }
      await this.d.notifications.record([{ userIds: [r.travellerId, r.bookedById], family: 'tripStatus', title: '出票失败，已退款', body: `${r.title}：供应商超时未出票，已退票退款，请重新预订`, page: `/reservations/detail?id=${r.id}` }]);
    });
    await this.reservations.refundPersonal(r, '出票失败');
    return this.reservations.get(actor, r.id);
  }

  async refuse(actor: RequestActor, id: number, reason: string): Promise<Reservation> {
    const r = await this.addressed(actor, id);
    if (r.kind === 'ticket' && r.supplierOrderNo) {
      await withRetry(ISSUE_ATTEMPTS, () => this.d.tickets.refund(r.supplierOrderNo!)).catch(() => {
        throw new UpstreamError(E.RESERVATION_SUPPLIER_UNAVAILABLE, `票务供应商暂不可用，预订 ${id} 未能退订，请稍后再试`);
      });
    }
    const now = this.d.clock.now();
    await this.d.db.transaction(async () => {
      if (!(await this.d.repo.move(id, ['awaiting_supplier'], { status: 'refused', note: `商家拒绝：${reason}`.slice(0, 300), updatedAt: now }))) {
        throw new ConflictError(E.RESERVATION_STATE_CONFLICT, `预订 ${id} 状态已变化，请刷新`);
      }
      await this.reservations.release(r);
      await this.d.notifications.record([{ userIds: [r.travellerId, r.bookedById], family: 'tripStatus', title: `${reservationKindLabel[r.kind]}预订被拒绝`, body: `${r.title}：${reason}`, page: `/reservations/detail?id=${r.id}` }]);
    });
    await this.reservations.refundPersonal(r, '商家拒绝');
    return this.reservations.get(actor, id);
  }

  // ---- inventory ----

  private async ownUnit(actor: RequestActor) {
    if (!canManageSupplierInventory(actor, actor.unitId)) throw new ForbiddenError(E.RESERVATION_STATE_CONFLICT, '只有服务商可以管理库存');
    const unit = await this.d.identity.unitById(actor.unitId);
    if (!unit) throw new NotFoundError(E.RESERVATION_NOT_FOUND, `单位 ${actor.unitId} 不存在`);
    return unit;
  }

  async inventory(actor: RequestActor) {
    const unit = await this.ownUnit(actor);
    const today = shanghaiDate(this.d.clock.now());
    if (unit.kind === 'hotel') {
      const types = await this.d.repo.roomTypes([unit.id]);
      const nights = await this.d.repo.roomNightsFrom(types.map((t) => t.id), today, 120);
      return {
        kind: 'hotel' as const, roomTypes: types.map((t) => ({ id: t.id, name: t.name })),
        rows: nights.map((n) => ({ key: `${n.roomTypeId}:${n.night}`, label: types.find((t) => t.id === n.roomTypeId)?.name ?? '', date: n.night, total: n.total, remaining: n.remaining, rateFen: n.rateFen })),
      };
    }
    if (unit.kind === 'restaurant') {
      const slots = await this.d.repo.tableSlotsFrom(unit.id, today, 60);
      return { kind: 'dining' as const, roomTypes: [], rows: slots.map((s) => ({ key: `${s.date}:${s.slot}`, label: diningSlotLabel[s.slot], date: s.date, total: s.total, remaining: s.remaining, rateFen: null })) };
    }
    // A ticket agent's seats are the supplier system's (fares and seats come from it).
    return { kind: 'ticket' as const, roomTypes: [], rows: [] };
  }

  async setRoomNights(actor: RequestActor, input: { roomTypeId: number; from: string; to: string; rooms: number; rateFen: number }) {
    const unit = await this.ownUnit(actor);
    const type = await this.d.repo.roomType(input.roomTypeId);
    if (!type || type.hotelId !== unit.id) throw new NotFoundError(E.RESERVATION_OFFER_NOT_FOUND, `房型 ${input.roomTypeId} 不存在`);
    const span = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000 + 1;
    if (!(span >= 1 && span <= 92)) throw new ValidationError(E.RESERVATION_INVALID, `日期范围 ${input.from} 至 ${input.to} 无效（1 至 92 天）`);
    await this.d.db.transaction(async () => {
      for (const night of nightsOf(input.from, span)) await this.d.repo.setRoomNight(type.id, night, input.rooms, input.rateFen);
    });
    return this.inventory(actor);
  }

  async setTables(actor: RequestActor, input: { date: string; slot: 'lunch' | 'dinner'; tables: number }) {
    const unit = await this.ownUnit(actor);
    if (unit.kind !== 'restaurant') throw new ForbiddenError(E.RESERVATION_STATE_CONFLICT, `${unit.name} 不是餐饮服务商`);
    await this.d.db.transaction(() => this.d.repo.setTables(unit.id, input.date, input.slot, input.tables));
    return this.inventory(actor);
  }
}
