import { randomUUID } from 'node:crypto';
import { ReservationErrorCode as E } from '@shared/reservations/reservations.errors';
import {
  AIR_FARE_RULES, holdingStatuses, reservationKindLabel, seatClassLabel, ticketModeLabel, ticketPaymentMethodLabel, travellerRankLabel, diningSlotLabel,
  type TicketPaymentMethod, type BookDiningInput, type BookHotelInput, type BookTicketInput, type Fare, type HotelOffer, type Reservation, type ReservationKind, type ReservationStatus, type SeatClass,
} from '@shared/reservations/reservations.schemas';
import { formatYuan } from '@shared/common/money';
import { shanghaiDate } from '@shared/common/time';
import type { TripDetail } from '@shared/trips/trips.schemas';
import { ConflictError, ForbiddenError, NotFoundError, UpstreamError, ValidationError } from '../../platform/errors';
import { canReadReservation, isReservationOwner, type RequestActor } from '../../platform/access';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import type { EventBus } from '../../platform/events';
import type { ApprovalsService } from '../approvals';
import type { IdentityService } from '../identity';
import type { Notice, NotificationsService } from '../notifications';
import type { PaymentsService, RefundsService } from '../payments';
import type { TripsService } from '../trips';
import type { ReservationRow } from './reservations.entity';
import type { ReservationsRepository } from './reservations.repository';
import { cancellationFee, checkAirFare, checkLodging, checkReception, checkTicketClass, nightlyCap, nightsOf, standardFor, type FareRefusal, type Verdict } from './reservations.rules';
import { pricePhotoUrl, toReservation } from './reservations.presenter';
import type { TicketSupplierGateway } from './ticket-supplier.gateway';

/** Trips a booking may hang on: approved and not over. */
const bookableTripStatuses = ['approved', 'awaiting_rental', 'dispatched', 'in_progress'];
/** How long the personal part may wait for its payment before the hold is released. */
const PAYMENT_HOLD_MINUTES = 30;
export const RESERVATION_PAYMENT_SOURCE = 'reservation';

/** What a booking hangs on: an approved official trip, or an approved 出差 record that authorises the service. */
export interface BookingContext { tripId: number | null; travelId: number | null; applicantId: number; unitId: number }

/**
 * The 出差 record (travel module) a booking may hang on, reached through this port (wired by the composition
 * root; reservations does not import travel, which reads bookings back through ReservationsService.forTravel).
 * authorise: readable by the actor (else 404), the actor its applicant or a traveller, approved, and
 * authorising the service (and the diners, for a reception), else the record's own refusal.
 */
export interface TravelAuthority {
  authorise(actor: RequestActor, travelId: number, service: 'hotel' | 'dining' | 'ticket', opts: { diners?: number }): Promise<{ id: number; applicantId: number; unitId: number; startDate: string; endDate: string }>;
}

export interface ReservationsDeps {
  db: Database; repo: ReservationsRepository; clock: Clock; events: EventBus; approvals: ApprovalsService; identity: IdentityService;
  notifications: NotificationsService; trips: TripsService; payments: PaymentsService; refunds: RefundsService; tickets: TicketSupplierGateway;
  /** Where the browser build pays when the server runs the project's fake WeChat Pay (null with the real one). */
  fakeWechatPayBaseUrl: string | null;
  /** The 出差 records bookings may hang on (null until the travel module is wired). */
  travel: () => TravelAuthority | null;
}

/** A supplier call tried `attempts` times (timeouts and errors both retried): the supplier is slow or fails now and then. */
export async function withRetry<T>(attempts: number, fn: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try { return await fn(); } catch (err) { last = err; }
  }
  throw last;
}

/**
 * Booking hotel nights, a reception table and tickets on an approved official trip (#16), each checked
 * against the standards tables: within → to the supplier; above → refused naming the rule, or sent to
 * the approval center (kind over_standard), per the table row; a hotel's excess may instead be paid by
 * the traveller (WeChat Pay). Inventory is taken in the booking's transaction by a conditional update.
 */
export class ReservationsService {
  constructor(private readonly d: ReservationsDeps) {}

  // ---- reads ----

  async get(actor: RequestActor, id: number): Promise<Reservation> {
    return (await this.present([await this.visible(actor, id)]))[0]!;
  }

  async list(actor: RequestActor, box: 'mine' | 'supplier', status?: ReservationStatus): Promise<{ items: Reservation[] }> {
    if (box === 'supplier') {
      if (!actor.roles.includes('supplier_operator')) throw new ForbiddenError(E.RESERVATION_NOT_FOUND, '只有服务商可以查看商家预订');
      return { items: await this.present(await this.d.repo.ofSupplier(actor.unitId, status)) };
    }
    return { items: await this.present(await this.d.repo.mine(actor.userId, status)) };
  }

  async visible(actor: RequestActor, id: number): Promise<ReservationRow> {
    const r = await this.d.repo.find(id);
    if (!r || !canReadReservation(actor, r)) throw new NotFoundError(E.RESERVATION_NOT_FOUND, `预订 ${id} 不存在`);
    return r;
  }

  async present(rows: ReservationRow[]): Promise<Reservation[]> {
    const users = await this.d.identity.usersByIds([...new Set(rows.map((r) => r.travellerId))]);
    const units = await this.d.identity.unitsByIds([...new Set(rows.map((r) => r.supplierId))]);
    const names = { traveller: new Map(users.map((u) => [u.id, u.name])), supplier: new Map(units.map((u) => [u.id, u.name])) };
    const photos = await this.d.repo.pricePhotos(rows.filter((r) => r.priceRecord != null).map((r) => r.id));
    const now = this.d.clock.now().getTime();
    const screenshots = new Map(photos.map((p) => [p.reservationId, pricePhotoUrl(p, now)]));
    return rows.map((r) => toReservation(r, names, screenshots));
  }

  /** My trips that services can be booked on (approved, not over). */
  async bookableTrips(actor: RequestActor): Promise<{ items: Array<{ id: number; purpose: string; startAt: string; endAt: string; destinationNames: string[]; kind: string }> }> {
    const page = await this.d.trips.list(actor, { page: 1, pageSize: 50, mine: true });
    return { items: page.items.filter((t) => bookableTripStatuses.includes(t.status)).map((t) => ({ id: t.id, purpose: t.purpose, startAt: t.startAt, endAt: t.endAt, destinationNames: t.destinationNames, kind: t.kind })) };
  }

  /** The bookings made under a 出差 record (the record checks who may read it). */
  async forTravel(travelId: number): Promise<Reservation[]> {
    return this.present(await this.d.repo.ofTravel(travelId));
  }

  /**
   * What a booking hangs on: an official trip (tripId) or a 出差 record (travelId), exactly one; a 出差 record
   * must authorise the service; the first date within its days (a trip: a day either side).
   */
  private async eligible(actor: RequestActor, target: { tripId?: number; travelId?: number }, firstDate: string, service: 'hotel' | 'dining' | 'ticket', diners?: number): Promise<BookingContext> {
    if ((target.tripId == null) === (target.travelId == null)) throw new ValidationError(E.RESERVATION_INVALID, '请选择预订所属的行程或出差申请（二选一）');
    if (target.tripId != null) {
      const trip = await this.eligibleTrip(actor, target.tripId, firstDate);
      return { tripId: trip.id, travelId: null, applicantId: trip.applicantId, unitId: trip.unitId };
    }
    const authority = this.d.travel();
    if (!authority) throw new ConflictError(E.RESERVATION_TRIP_NOT_ELIGIBLE, '出差申请暂不可用');
    const t = await authority.authorise(actor, target.travelId!, service, { diners });
    const today = shanghaiDate(this.d.clock.now());
    if (firstDate < today) throw new ValidationError(E.RESERVATION_INVALID, `日期 ${firstDate} 已过`);
    if (firstDate < t.startDate || firstDate > t.endDate) throw new ValidationError(E.RESERVATION_INVALID, `日期 ${firstDate} 不在出差 ${t.id} 的日期（${t.startDate} 至 ${t.endDate}）内`);
    return { tripId: null, travelId: t.id, applicantId: t.applicantId, unitId: t.unitId };
  }

  /** The trip a booking hangs on: readable (else 404 from trips), approved and not over, and the caller its applicant or booker. */
  private async eligibleTrip(actor: RequestActor, tripId: number, firstDate: string): Promise<TripDetail> {
    const trip = await this.d.trips.get(actor, tripId);
    if (trip.applicantId !== actor.userId && trip.bookedById !== actor.userId) {
      throw new ForbiddenError(E.RESERVATION_TRIP_NOT_ELIGIBLE, `行程 ${tripId} 不是您申请或代订的行程，不能为其预订`);
    }
    if (trip.approvalStatus !== 'approved' || !bookableTripStatuses.includes(trip.status)) {
      throw new ConflictError(E.RESERVATION_TRIP_NOT_ELIGIBLE, `行程 ${tripId}（${trip.statusLabel}）未审批通过或已结束，不能预订`);
    }
    const today = shanghaiDate(this.d.clock.now());
    const from = shanghaiDate(new Date(Date.parse(trip.startAt) - 86_400_000));
    const to = shanghaiDate(new Date(Date.parse(trip.endAt) + 86_400_000));
    if (firstDate < today) throw new ValidationError(E.RESERVATION_INVALID, `日期 ${firstDate} 已过`);
    if (firstDate < from || firstDate > to) throw new ValidationError(E.RESERVATION_INVALID, `日期 ${firstDate} 不在行程 ${tripId} 的出行日期（${shanghaiDate(trip.startAt)} 至 ${shanghaiDate(trip.endAt)}）内`);
    return trip;
  }

  // ---- search ----

  async searchHotels(actor: RequestActor, q: { tripId?: number; travelId?: number; checkIn: string; nights: number }): Promise<{ items: HotelOffer[] }> {
    const trip = await this.eligible(actor, q, q.checkIn, 'hotel');
    const rank = await this.d.repo.rankOf(trip.applicantId);
    const hotels = await this.d.identity.listCompanies('hotel');
    const types = await this.d.repo.roomTypes(hotels.map((h) => h.id));
    const nights = nightsOf(q.checkIn, q.nights);
    const rows = await this.d.repo.roomNights(types.map((t) => t.id), nights);
    const standards = await this.d.repo.lodgingStandards();
    const items: HotelOffer[] = [];
    for (const t of types) {
      const hotel = hotels.find((h) => h.id === t.hotelId)!;
      const own = rows.filter((r) => r.roomTypeId === t.id);
      const std = standardFor(standards.filter((s) => s.rank === rank), hotel.regionCode);
      if (own.length !== nights.length || !std) continue;
      const v = checkLodging(std, rank, own);
      items.push({
        roomTypeId: t.id, hotelId: hotel.id, hotelName: hotel.name, name: t.name,
        nightlyFen: own.map((n) => ({ night: n.night, rateFen: n.rateFen, remaining: n.remaining, standardFen: nightlyCap(std, n.night).capFen, peak: nightlyCap(std, n.night).peak })),
        totalFen: own.reduce((s, n) => s + n.rateFen, 0), standardTotalFen: v.capTotalFen, remaining: Math.min(...own.map((n) => n.remaining)),
        withinStandard: v.within, standardText: v.standardText, overStandard: std.overStandard, peakUpliftPct: std.peakUpliftPct,
      });
    }
    return { items };
  }

  async searchDining(actor: RequestActor, q: { tripId?: number; travelId?: number; date: string; slot: 'lunch' | 'dinner' }) {
    const trip = await this.eligible(actor, q, q.date, 'dining');
    const restaurants = await this.d.identity.listCompanies('restaurant');
    const menus = await this.d.repo.menus(restaurants.map((r) => r.id));
    const slots = await this.d.repo.tableSlots(restaurants.map((r) => r.id), q.date, q.slot);
    const standards = await this.d.repo.receptionStandards();
    const items = [];
    for (const m of menus) {
      const r = restaurants.find((x) => x.id === m.restaurantId)!;
      const std = standardFor(standards, r.regionCode);
      const slot = slots.find((s) => s.restaurantId === r.id);
      if (!std || !slot) continue;
      items.push({
        menuId: m.id, restaurantId: r.id, restaurantName: r.name, name: m.name, perPersonFen: m.perPersonFen, tablesLeft: slot.remaining, seatsPerTable: m.seatsPerTable,
        standardFen: std.perPersonCapFen, withinStandard: m.perPersonFen <= std.perPersonCapFen, standardText: `标准 ${formatYuan(std.perPersonCapFen)}/人`,
        maxHostsSmall: std.maxHostsSmall, overStandard: std.overStandard,
      });
    }
    void trip;
    return { items };
  }

  async searchFares(actor: RequestActor, q: { tripId?: number; travelId?: number; mode: 'train' | 'air'; from: string; to: string; date: string }): Promise<{ items: Fare[] }> {
    const trip = await this.eligible(actor, q, q.date, 'ticket');
    const rank = await this.d.repo.rankOf(trip.applicantId);
    const std = await this.d.repo.ticketStandard(rank, q.mode);
    if (!std) throw new ConflictError(E.RESERVATION_NO_STANDARD, `未配置${travellerRankLabel[rank]}的${ticketModeLabel[q.mode]}乘坐标准`);
    const agents = await this.d.identity.listCompanies('ticket_agent');
    if (!agents.length) return { items: [] };
    const fares = await withRetry(2, () => this.d.tickets.fares({ mode: q.mode, from: q.from, to: q.to, date: q.date }));
    const agent = agents[0]!;
    return {
      items: fares.flatMap((f) => f.cabins.map((c) => {
        const v = checkTicketClass(std, rank, c.seatClass as SeatClass);
        return {
          agentId: agent.id, agentName: agent.name, mode: q.mode, serviceNo: f.serviceNo, from: q.from, to: q.to, date: q.date, departAt: f.departAt,
          seatClass: c.seatClass as SeatClass, seatClassLabel: seatClassLabel[c.seatClass as SeatClass] ?? c.seatClass, priceFen: c.priceFen, seats: c.seats, allowed: v.within, standardText: v.standardText, overStandard: std.overStandard,
          marketPriceFen: q.mode === 'air' ? c.marketPriceFen : null,
        };
      })),
    };
  }

  // ---- booking ----

  async bookHotel(actor: RequestActor, input: BookHotelInput): Promise<Reservation> {
    const trip = await this.eligible(actor, input, input.checkIn, 'hotel');
    const type = await this.d.repo.roomType(input.roomTypeId);
    const hotel = type ? await this.d.identity.unitById(type.hotelId) : null;
    if (!type || !hotel) throw new NotFoundError(E.RESERVATION_OFFER_NOT_FOUND, `房型 ${input.roomTypeId} 不存在`);
    const rank = await this.d.repo.rankOf(trip.applicantId);
    const std = standardFor((await this.d.repo.lodgingStandards()).filter((s) => s.rank === rank), hotel.regionCode);
    if (!std) throw new ConflictError(E.RESERVATION_NO_STANDARD, `${hotel.name} 所在地区未配置${travellerRankLabel[rank]}的差旅住宿费标准`);
    const nights = nightsOf(input.checkIn, input.nights);
    const rows = await this.d.repo.roomNights([type.id], nights);
    if (rows.length !== nights.length) throw new ConflictError(E.RESERVATION_SOLD_OUT, `${hotel.name}「${type.name}」${input.checkIn} 起 ${input.nights} 晚未全部开放预订`);
    const v = checkLodging(std, rank, rows);
    const amountFen = rows.reduce((s, n) => s + n.rateFen, 0) * input.rooms;
    let officialFen = amountFen;
    let status: ReservationStatus = 'awaiting_supplier';
    if (!v.within) {
      if (input.payDifference) { officialFen = v.capTotalFen * input.rooms; status = 'awaiting_payment'; }
      else status = this.overStandard(std.overStandard, v);
    }
    const title = `${hotel.name}「${type.name}」${input.checkIn} 入住 ${input.nights} 晚 × ${input.rooms} 间`;
    const now = this.d.clock.now();
    const saved = await this.d.db.transaction(async () => {
      if (!(await this.d.repo.takeRooms(type.id, nights, input.rooms))) {
        throw new ConflictError(E.RESERVATION_SOLD_OUT, `${hotel.name}「${type.name}」${input.checkIn} 起 ${input.nights} 晚已无 ${input.rooms} 间空房`);
      }
      return this.save(actor, trip, {
        kind: 'hotel', supplierId: hotel.id, status, rank, title, standardText: v.standardText, amountFen, officialFen, personalFen: amountFen - officialFen,
        overStandardRule: v.rule, offerId: type.id, startDate: input.checkIn, quantity: input.rooms, span: input.nights, slot: null,
        holdExpiresAt: status === 'awaiting_payment' ? new Date(now.getTime() + PAYMENT_HOLD_MINUTES * 60_000) : this.startOf(input.checkIn),
      }, input.reason);
    });
    return this.get(actor, saved.id);
  }

  async bookDining(actor: RequestActor, input: BookDiningInput): Promise<Reservation> {
    const trip = await this.eligible(actor, input, input.date, 'dining', input.guests + input.hosts);
    const menu = await this.d.repo.menu(input.menuId);
    const restaurant = menu ? await this.d.identity.unitById(menu.restaurantId) : null;
    if (!menu || !restaurant) throw new NotFoundError(E.RESERVATION_OFFER_NOT_FOUND, `菜单 ${input.menuId} 不存在`);
    const std = standardFor(await this.d.repo.receptionStandards(), restaurant.regionCode);
    if (!std) throw new ConflictError(E.RESERVATION_NO_STANDARD, `${restaurant.name} 所在地区未配置公务接待标准`);
    const heads = input.guests + input.hosts;
    const tables = Math.ceil(heads / menu.seatsPerTable);
    const v = checkReception(std, menu.perPersonFen, input.guests, input.hosts);
    const status: ReservationStatus = v.within ? 'awaiting_supplier' : this.overStandard(std.overStandard, v);
    const amountFen = menu.perPersonFen * heads;
    const title = `${restaurant.name}「${menu.name}」${input.date} ${diningSlotLabel[input.slot]} ${heads} 人（接待 ${input.guests}、陪餐 ${input.hosts}）${tables} 桌`;
    const saved = await this.d.db.transaction(async () => {
      if (!(await this.d.repo.takeTables(restaurant.id, input.date, input.slot, tables))) {
        throw new ConflictError(E.RESERVATION_SOLD_OUT, `${restaurant.name} ${input.date} ${diningSlotLabel[input.slot]}已无 ${tables} 桌空位`);
      }
      return this.save(actor, trip, {
        kind: 'dining', supplierId: restaurant.id, status, rank: await this.d.repo.rankOf(trip.applicantId), title, standardText: v.standardText, amountFen, officialFen: amountFen, personalFen: 0,
        overStandardRule: v.rule, offerId: menu.id, startDate: input.date, quantity: tables, span: heads, slot: input.slot, holdExpiresAt: this.startOf(input.date),
      }, input.reason);
    });
    return this.get(actor, saved.id);
  }

  /**
   * The supplier holds the seat (its order, idempotent by our reference) before anything is written here;
   * if our record then cannot be written, the supplier's order is refunded, so nothing is left half-booked.
   */
  async bookTicket(actor: RequestActor, input: BookTicketInput): Promise<Reservation> {
    const trip = await this.eligible(actor, input, input.date, 'ticket');
    const agent = await this.d.identity.unitById(input.agentId);
    if (!agent || agent.kind !== 'ticket_agent') throw new NotFoundError(E.RESERVATION_OFFER_NOT_FOUND, `票务代理 ${input.agentId} 不存在`);
    const rank = await this.d.repo.rankOf(trip.applicantId);
    const std = await this.d.repo.ticketStandard(rank, input.mode);
    if (!std) throw new ConflictError(E.RESERVATION_NO_STANDARD, `未配置${travellerRankLabel[rank]}的${ticketModeLabel[input.mode]}乘坐标准`);
    // Air: the government air-fare rules, checked against the supplier's quote of both fares for this flight and cabin.
    if (input.mode !== 'air' && input.fareKind === 'market') throw new ValidationError(E.RESERVATION_INVALID, '市场价格比价仅适用于机票');
    const paymentMethod: TicketPaymentMethod = input.paymentMethod ?? 'unit_statement';
    const now = this.d.clock.now();
    let procurementFen: number | null = null;
    if (input.mode === 'air') {
      // What needs no quote first (payment, the record itself): nothing is asked of the supplier for a purchase refused anyway.
      const early = checkAirFare({ ...input, paymentMethod: input.paymentMethod ?? null }, { procurementFen: Number.MAX_SAFE_INTEGER, marketFen: 0 }, now);
      if (early) throw this.fareRefused(early);
      const fares = await withRetry(2, () => this.d.tickets.fares({ mode: input.mode, from: input.from, to: input.to, date: input.date })).catch(() => {
        throw new UpstreamError(E.RESERVATION_SUPPLIER_UNAVAILABLE, '票务供应商暂不可用，无法核对政府采购机票价格，请稍后再试');
      });
      const cabin = fares.find((f) => f.serviceNo === input.serviceNo)?.cabins.find((c) => c.seatClass === input.seatClass);
      if (!cabin) throw new NotFoundError(E.RESERVATION_OFFER_NOT_FOUND, `航班 ${input.serviceNo} ${input.date} 无${seatClassLabel[input.seatClass]}报价`);
      const refused = checkAirFare({ ...input, paymentMethod }, { procurementFen: cabin.priceFen, marketFen: cabin.marketPriceFen }, now);
      if (refused) throw this.fareRefused(refused);
      procurementFen = cabin.priceFen;
    }
    const v = checkTicketClass(std, rank, input.seatClass);
    const status: ReservationStatus = v.within ? 'awaiting_supplier' : this.overStandard(std.overStandard, v);
    const traveller = await this.d.identity.userById(trip.applicantId);
    const order = await withRetry(3, () => this.d.tickets.book({
      ref: randomUUID(), mode: input.mode, serviceNo: input.serviceNo, date: input.date, from: input.from, to: input.to, seatClass: input.seatClass, passenger: traveller?.name ?? '',
      fareType: input.fareKind === 'market' ? 'market' : 'gov',
    })).catch((err: unknown) => {
      throw err instanceof UpstreamError ? err : new UpstreamError(E.RESERVATION_SUPPLIER_UNAVAILABLE, '票务供应商暂不可用，未预订，请稍后再试');
    });
    // The price booked must still keep the rule (a fare that moved between quote and order is not bought).
    if (input.mode === 'air' && input.fareKind === 'market' && (order.priceFen >= procurementFen! || order.priceFen > input.priceRecord!.priceFen)) {
      await withRetry(3, () => this.d.tickets.refund(order.orderNo)).catch(() => undefined);
      throw this.fareRefused({ rule: 'market_fare_record', message: `供应商出票价格 ${formatYuan(order.priceFen)} 已变化，高于比价记录或不低于政府采购机票价格，未预订：不符合「${AIR_FARE_RULES.market_fare_record.title}」（${AIR_FARE_RULES.market_fare_record.source}）` });
    }
    const fareText = input.mode === 'air' ? `（${input.fareKind === 'market' ? '市场价' : '政府采购价'}，${ticketPaymentMethodLabel[paymentMethod]}）` : '';
    const title = `${ticketModeLabel[input.mode]} ${input.serviceNo} ${input.from}—${input.to} ${input.date} ${seatClassLabel[input.seatClass]}${fareText}`;
    try {
      const saved = await this.d.db.transaction(() => this.save(actor, trip, {
        kind: 'ticket', supplierId: agent.id, status, rank, title, standardText: v.standardText, amountFen: order.priceFen, officialFen: order.priceFen, personalFen: 0,
        overStandardRule: v.rule, offerId: null, startDate: input.date, quantity: 1, span: 1, slot: input.mode, holdExpiresAt: this.startOf(input.date), supplierOrderNo: order.orderNo,
        fareKind: input.fareKind, paymentMethod, procurementFen, priceRecord: input.fareKind === 'market' ? JSON.stringify(input.priceRecord) : null,
      }, input.reason));
      return await this.get(actor, saved.id);
    } catch (err) {
      await withRetry(3, () => this.d.tickets.refund(order.orderNo)).catch(() => undefined);
      throw err;
    }
  }

  private fareRefused(r: FareRefusal): ConflictError {
    return new ConflictError(E.RESERVATION_AIR_FARE_RULE, r.message, { rule: r.rule, source: AIR_FARE_RULES[r.rule].source });
  }

  /** Above the standard: refused naming the rule, or (approval) the booking goes to the approval center. */
  private overStandard(rule: 'refuse' | 'approval', v: Verdict): ReservationStatus {
    if (rule === 'refuse') throw new ConflictError(E.RESERVATION_OVER_STANDARD, `${v.rule}，不予预订`, { rule: v.rule });
    return 'pending_approval';
  }

  /** Start of a day in Shanghai: a hold not confirmed by then expires. */
  private startOf(date: string): Date { return new Date(`${date}T00:00:00+08:00`); }

  private async save(actor: RequestActor, trip: BookingContext, fields: Partial<ReservationRow> & Pick<ReservationRow, 'kind' | 'supplierId' | 'status' | 'title' | 'amountFen'>, reason: string): Promise<ReservationRow> {
    const now = this.d.clock.now();
    const traveller = (await this.d.identity.userById(trip.applicantId))!;
    const row = await this.d.repo.insert({
      tripId: trip.tripId, travelId: trip.travelId, unitId: trip.unitId, regionCode: traveller.regionCode, travellerId: trip.applicantId, bookedById: actor.userId,
      rank: 'other', standardText: '', officialFen: fields.amountFen, personalFen: 0, overStandardRule: null, offerId: null, startDate: '', quantity: 1, span: 1, slot: null,
      supplierOrderNo: null, ticketNo: null, paymentOutTradeNo: null, note: '', holdExpiresAt: null, createdAt: now, updatedAt: now,
      fareKind: null, paymentMethod: null, procurementFen: null, priceRecord: null, ...fields,
    } as Omit<ReservationRow, 'id'>);
    const notices: Notice[] = [];
    if (row.status === 'pending_approval') {
      await this.d.approvals.submit({
        kind: 'over_standard', variant: row.kind, subjectId: row.id, unitId: row.unitId, regionCode: row.regionCode, applicantId: actor.userId, applicantName: actor.name,
        title: `超标准${reservationKindLabel[row.kind]}：${row.title}`.slice(0, 200), summary: `${row.overStandardRule ?? ''}${reason ? `；事由：${reason}` : ''}`.slice(0, 500), amountFen: row.amountFen,
      }, { userId: actor.userId, name: actor.name }, { newSubject: true });
      notices.push(...await this.d.approvals.approverNotices('over_standard', row.id));
    } else if (row.status === 'awaiting_supplier') {
      notices.push(await this.supplierNotice(row));
    }
    await this.d.notifications.record(notices);
    return row;
  }

  async supplierNotice(r: ReservationRow): Promise<Notice> {
    return { userIds: await this.d.identity.usersWithRole(r.supplierId, 'supplier_operator'), family: 'tripStatus', title: `新${reservationKindLabel[r.kind]}预订待确认`, body: r.title, page: `/reservations/supplier` };
  }

  // ---- payment of the personal part ----

  async pay(actor: RequestActor, id: number) {
    const r = await this.visible(actor, id);
    if (!isReservationOwner(actor, r)) throw new ForbiddenError(E.RESERVATION_STATE_CONFLICT, `只有出行人或预订人可以支付预订 ${id} 的差额`);
    if (r.status !== 'awaiting_payment') throw new ConflictError(E.RESERVATION_STATE_CONFLICT, `预订 ${id} 当前为「${(await this.present([r]))[0]!.statusLabel}」，无需支付`);
    const payer = await this.d.identity.userById(actor.userId);
    const result = await this.d.payments.startPayment({
      payerUserId: actor.userId, payerOpenid: payer?.openid ?? `user-${actor.userId}`, amountFen: r.personalFen,
      description: `超标准差额自付：${r.title}`, sourceKind: RESERVATION_PAYMENT_SOURCE, sourceId: String(r.id),
      lockSource: async () => { await this.d.repo.find(r.id, true); },
    });
    await this.d.repo.move(r.id, ['awaiting_payment'], { paymentOutTradeNo: result.payment.outTradeNo, updatedAt: this.d.clock.now() });
    return { ...result, fakeWechatPayBaseUrl: this.d.fakeWechatPayBaseUrl };
  }

  /** payment.paid for a reservation (inside the delivery's transaction): the hold goes to the supplier. */
  async paid(reservationId: number, outTradeNo: string): Promise<void> {
    const r = await this.d.repo.find(reservationId, true);
    if (!r || r.status !== 'awaiting_payment') return;
    await this.d.repo.move(r.id, ['awaiting_payment'], { status: 'awaiting_supplier', paymentOutTradeNo: outTradeNo, holdExpiresAt: this.startOf(r.startDate), updatedAt: this.d.clock.now() });
    await this.d.notifications.record([await this.supplierNotice(r)]);
  }

  // ---- cancel, release ----

  async cancel(actor: RequestActor, id: number, reason: string): Promise<Reservation> {
    const r = await this.visible(actor, id);
    if (!isReservationOwner(actor, r)) throw new ForbiddenError(E.RESERVATION_STATE_CONFLICT, `只有出行人或预订人可以取消预订 ${id}`);
    if (!holdingStatuses.includes(r.status)) throw new ConflictError(E.RESERVATION_STATE_CONFLICT, `预订 ${id} 已${(await this.present([r]))[0]!.statusLabel}，不能取消`);
    if (r.kind === 'ticket' && r.supplierOrderNo) {
      // The seat goes back to the supplier first: a refund it does not confirm leaves the booking as it was.
      await withRetry(3, () => this.d.tickets.refund(r.supplierOrderNo!)).catch(() => {
        throw new UpstreamError(E.RESERVATION_SUPPLIER_UNAVAILABLE, `票务供应商暂不可用，预订 ${id} 未能退票，请稍后再试`);
      });
    }
    const now = this.d.clock.now();
    const firstNight = r.kind === 'hotel' ? Math.round(r.officialFen / Math.max(1, r.span)) : 0;
    const fee = r.status === 'confirmed' ? cancellationFee(r.kind, r.startDate, now, firstNight, r.officialFen) : 0;
    await this.d.db.transaction(async () => {
      const locked = (await this.d.repo.find(id, true))!;
      if (!(await this.d.repo.move(id, [locked.status].filter((s) => holdingStatuses.includes(s)), {
        status: 'cancelled', note: `已取消${reason ? `：${reason}` : ''}${fee ? `（取消费 ${formatYuan(fee)}）` : ''}`.slice(0, 300), ticketNo: null, updatedAt: now,
      }))) throw new ConflictError(E.RESERVATION_STATE_CONFLICT, `预订 ${id} 状态已变化，请刷新`);
      await this.release(locked);
      if (locked.status === 'pending_approval') await this.d.approvals.withdraw('over_standard', id);
      if (locked.status === 'confirmed') {
        await this.d.events.record('reservation.cancelled', locked.id, {
          reservationId: locked.id, kind: locked.kind, supplierId: locked.supplierId, unitId: locked.unitId, wasConfirmed: true, feeFen: fee, reason, at: now.toISOString(),
        });
      }
      await this.d.notifications.record([{ ...(await this.supplierNotice(locked)), title: `${reservationKindLabel[locked.kind]}预订已取消`, body: locked.title }]);
    });
    await this.refundPersonal(r, '预订取消');
    return this.get(actor, id);
  }

  /** Gives the held rooms / tables back (inside the caller's transaction). */
  async release(r: ReservationRow): Promise<void> {
    if (r.kind === 'hotel' && r.offerId != null) await this.d.repo.releaseRooms(r.offerId, nightsOf(r.startDate, r.span), r.quantity);
    if (r.kind === 'dining' && r.slot) await this.d.repo.releaseTables(r.supplierId, r.startDate, r.slot, r.quantity);
  }

  /** The personal part back to the payer, when it was paid. */
  async refundPersonal(r: ReservationRow, why: string): Promise<void> {
    const fresh = await this.d.repo.find(r.id);
    if (!fresh?.paymentOutTradeNo || fresh.personalFen <= 0) return;
    // Refunds only what was paid: an order still pending (never paid) is refused by payments and closes on its own.
    await this.d.refunds.refundOnBehalf(fresh.paymentOutTradeNo, { amountFen: fresh.personalFen, reason: why, refundNo: `RSV-${fresh.id}-personal` }, fresh.bookedById)
      .catch((err: unknown) => { if (!(err instanceof ConflictError)) throw err; });
  }

  /** Holds not confirmed (or paid, or approved) in time give their inventory back. */
  async expireDue(): Promise<number> {
    const now = this.d.clock.now();
    let n = 0;
    for (const r of await this.d.repo.dueToExpire(now)) {
      const done = await this.d.db.transaction(async () => {
        const locked = await this.d.repo.find(r.id, true);
        if (!locked || !(await this.d.repo.move(r.id, [locked.status].filter((s) => ['pending_approval', 'awaiting_payment', 'awaiting_supplier'].includes(s)), { status: 'expired', note: '超时未确认，已释放', updatedAt: now }))) return false;
        await this.release(locked);
        if (locked.status === 'pending_approval') await this.d.approvals.withdraw('over_standard', locked.id);
        await this.d.notifications.record([{ userIds: [locked.travellerId, locked.bookedById], family: 'tripStatus', title: `${reservationKindLabel[locked.kind]}预订已过期`, body: locked.title, page: `/reservations/detail?id=${locked.id}` }]);
        return true;
      });
      if (done && r.kind === 'ticket' && r.supplierOrderNo) await withRetry(3, () => this.d.tickets.refund(r.supplierOrderNo!)).catch(() => undefined);
      if (done) { n++; await this.refundPersonal(r, '预订过期').catch(() => undefined); }
    }
    return n;
  }
}
