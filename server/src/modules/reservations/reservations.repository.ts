import { In, LessThan } from 'typeorm';
import type { Database } from '../../platform/db/database';
import type { DiningSlot, ReservationStatus, TicketMode, TravellerRank } from '@shared/reservations/reservations.schemas';
import {
  LodgingStandardEntity, LodgingStandardRow, MenuEntity, MenuRow, ReceptionStandardEntity, ReceptionStandardRow, ReservationEntity, ReservationRow,
  PricePhotoEntity, PricePhotoRow, RoomNightEntity, RoomNightRow, RoomTypeEntity, RoomTypeRow, TableSlotEntity, TableSlotRow, TicketStandardEntity, TicketStandardRow, TravellerRankEntity,
} from './reservations.entity';

/** The only ORM code of reservations; inside a unit of work every call joins it. */
export class ReservationsRepository {
  constructor(private readonly db: Database) {}

  private get em() { return this.db.manager; }

  lodgingStandards(): Promise<LodgingStandardRow[]> { return this.em.find(LodgingStandardEntity, { order: { regionCode: 'ASC', rank: 'ASC' } }); }
  receptionStandards(): Promise<ReceptionStandardRow[]> { return this.em.find(ReceptionStandardEntity, { order: { regionCode: 'ASC' } }); }
  ticketStandards(): Promise<TicketStandardRow[]> { return this.em.find(TicketStandardEntity); }
  ticketStandard(rank: TravellerRank, mode: TicketMode): Promise<TicketStandardRow | null> { return this.em.findOne(TicketStandardEntity, { where: { rank, mode } }); }

  async upsertLodging(row: Omit<LodgingStandardRow, 'id'>): Promise<void> {
    const existing = await this.em.findOne(LodgingStandardEntity, { where: { regionCode: row.regionCode, rank: row.rank } });
    if (existing) await this.em.update(LodgingStandardEntity, { id: existing.id }, row);
    else await this.em.insert(LodgingStandardEntity, row);
  }

  async upsertReception(row: Omit<ReceptionStandardRow, 'id'>): Promise<void> {
    const existing = await this.em.findOne(ReceptionStandardEntity, { where: { regionCode: row.regionCode } });
    if (existing) await this.em.update(ReceptionStandardEntity, { id: existing.id }, row);
    else await this.em.insert(ReceptionStandardEntity, row);
  }

  async rankOf(userId: number): Promise<TravellerRank> {
    return (await this.em.findOne(TravellerRankEntity, { where: { userId } }))?.rank ?? 'other';
  }

  async setRank(userId: number, rank: TravellerRank): Promise<void> {
    await this.em.delete(TravellerRankEntity, { userId });
    await this.em.insert(TravellerRankEntity, { userId, rank });
  }

  roomTypes(hotelIds?: number[]): Promise<RoomTypeRow[]> {
    return this.em.find(RoomTypeEntity, { where: hotelIds ? { hotelId: In(hotelIds) } : {}, order: { id: 'ASC' } });
  }
  roomType(id: number): Promise<RoomTypeRow | null> { return this.em.findOne(RoomTypeEntity, { where: { id } }); }
  insertRoomType(hotelId: number, name: string): Promise<RoomTypeRow> { return this.em.save(RoomTypeEntity, this.em.create(RoomTypeEntity, { hotelId, name })); }

  roomNights(roomTypeIds: number[], nights: string[]): Promise<RoomNightRow[]> {
    if (!roomTypeIds.length || !nights.length) return Promise.resolve([]);
    return this.em.find(RoomNightEntity, { where: { roomTypeId: In(roomTypeIds), night: In(nights) }, order: { night: 'ASC' } });
  }

  roomNightsFrom(roomTypeIds: number[], from: string, limit: number): Promise<RoomNightRow[]> {
    if (!roomTypeIds.length) return Promise.resolve([]);
    return this.em.createQueryBuilder(RoomNightEntity, 'n').where('n.roomTypeId IN (:...ids)', { ids: roomTypeIds }).andWhere('n.night >= :from', { from })
      .orderBy('n.night', 'ASC').addOrderBy('n.roomTypeId', 'ASC').take(limit).getMany();
  }

  /** Sets a night's rooms: the total moves, what is held stays held (remaining never below 0). */
  async setRoomNight(roomTypeId: number, night: string, rooms: number, rateFen: number): Promise<void> {
    const existing = await this.em.findOne(RoomNightEntity, { where: { roomTypeId, night }, lock: this.db.writeLock });
    if (!existing) { await this.em.insert(RoomNightEntity, { roomTypeId, night, total: rooms, remaining: rooms, rateFen }); return; }
    const held = existing.total - existing.remaining;
    await this.em.update(RoomNightEntity, { roomTypeId, night }, { total: Math.max(rooms, held), remaining: Math.max(rooms - held, 0), rateFen });
  }

  /**
   * Takes `rooms` on every night in one conditional UPDATE (remaining >= rooms): concurrent bookings
   * serialise on the rows' locks and none reads a count it then trusts. Returns whether every night had them.
   */
  async takeRooms(roomTypeId: number, nights: string[], rooms: number): Promise<boolean> {
    const r = await this.em.createQueryBuilder().update(RoomNightEntity).set({ remaining: () => `remaining - ${rooms}` })
      .where('room_type_id = :roomTypeId', { roomTypeId }).andWhere('night IN (:...nights)', { nights }).andWhere('remaining >= :rooms', { rooms }).execute();
    return r.affected === nights.length;
  }

  async releaseRooms(roomTypeId: number, nights: string[], rooms: number): Promise<void> {
    await this.em.createQueryBuilder().update(RoomNightEntity).set({ remaining: () => `remaining + ${rooms}` })
      .where('room_type_id = :roomTypeId', { roomTypeId }).andWhere('night IN (:...nights)', { nights }).execute();
  }

  menus(restaurantIds?: number[]): Promise<MenuRow[]> {
    return this.em.find(MenuEntity, { where: restaurantIds ? { restaurantId: In(restaurantIds) } : {}, order: { perPersonFen: 'ASC', id: 'ASC' } });
  }
  menu(id: number): Promise<MenuRow | null> { return this.em.findOne(MenuEntity, { where: { id } }); }
  insertMenu(row: Omit<MenuRow, 'id'>): Promise<MenuRow> { return this.em.save(MenuEntity, this.em.create(MenuEntity, row)); }

  tableSlots(restaurantIds: number[], date: string, slot?: DiningSlot): Promise<TableSlotRow[]> {
    if (!restaurantIds.length) return Promise.resolve([]);
    return this.em.find(TableSlotEntity, { where: { restaurantId: In(restaurantIds), date, ...(slot ? { slot } : {}) } });
  }
  tableSlotsFrom(restaurantId: number, from: string, limit: number): Promise<TableSlotRow[]> {
    return this.em.createQueryBuilder(TableSlotEntity, 's').where('s.restaurantId = :restaurantId', { restaurantId }).andWhere('s.date >= :from', { from })
      .orderBy('s.date', 'ASC').addOrderBy('s.slot', 'ASC').take(limit).getMany();
  }

  async setTables(restaurantId: number, date: string, slot: DiningSlot, tables: number): Promise<void> {
    const existing = await this.em.findOne(TableSlotEntity, { where: { restaurantId, date, slot }, lock: this.db.writeLock });
    if (!existing) { await this.em.insert(TableSlotEntity, { restaurantId, date, slot, total: tables, remaining: tables }); return; }
    const held = existing.total - existing.remaining;
    await this.em.update(TableSlotEntity, { restaurantId, date, slot }, { total: Math.max(tables, held), remaining: Math.max(tables - held, 0) });
  }

  async takeTables(restaurantId: number, date: string, slot: string, tables: number): Promise<boolean> {
    const r = await this.em.createQueryBuilder().update(TableSlotEntity).set({ remaining: () => `remaining - ${tables}` })
      .where('restaurant_id = :restaurantId AND date = :date AND slot = :slot AND remaining >= :tables', { restaurantId, date, slot, tables }).execute();
    return r.affected === 1;
  }

  async releaseTables(restaurantId: number, date: string, slot: string, tables: number): Promise<void> {
    await this.em.createQueryBuilder().update(TableSlotEntity).set({ remaining: () => `remaining + ${tables}` })
      .where('restaurant_id = :restaurantId AND date = :date AND slot = :slot', { restaurantId, date, slot }).execute();
  }

  insert(row: Omit<ReservationRow, 'id'>): Promise<ReservationRow> { return this.em.save(ReservationEntity, this.em.create(ReservationEntity, row)); }

  /** One reservation; `lock`: FOR UPDATE on MariaDB before its state is checked. */
  find(id: number, lock = false): Promise<ReservationRow | null> {
    return this.em.findOne(ReservationEntity, { where: { id }, ...(lock ? { lock: this.db.writeLock } : {}) });
  }

  /** Moves a reservation only from the state it was read in: false when another request moved it first. */
  async move(id: number, from: ReservationStatus[], patch: Partial<ReservationRow>): Promise<boolean> {
    const r = await this.em.update(ReservationEntity, { id, status: In(from) }, patch);
    return r.affected === 1;
  }

  mine(userId: number, status?: ReservationStatus): Promise<ReservationRow[]> {
    const base = status ? { status } : {};
    return this.em.find(ReservationEntity, { where: [{ travellerId: userId, ...base }, { bookedById: userId, ...base }], order: { id: 'DESC' }, take: 200 });
  }

  ofTravel(travelId: number): Promise<ReservationRow[]> {
    return this.em.find(ReservationEntity, { where: { travelId }, order: { id: 'ASC' } });
  }

  ofSupplier(supplierId: number, status?: ReservationStatus): Promise<ReservationRow[]> {
    return this.em.find(ReservationEntity, { where: { supplierId, ...(status ? { status } : {}) }, order: { id: 'DESC' }, take: 200 });
  }

  dueToExpire(now: Date): Promise<ReservationRow[]> {
    return this.em.find(ReservationEntity, { where: { status: In(['pending_approval', 'awaiting_payment', 'awaiting_supplier']), holdExpiresAt: LessThan(now) }, take: 200 });
  }

  byPayment(outTradeNo: string): Promise<ReservationRow | null> { return this.em.findOne(ReservationEntity, { where: { paymentOutTradeNo: outTradeNo } }); }

  // ---- price record screenshots ----

  /** The screenshots of these bookings, without their bytes. */
  async pricePhotos(reservationIds: number[]): Promise<PricePhotoRow[]> {
    return reservationIds.length ? this.em.find(PricePhotoEntity, { where: { reservationId: In(reservationIds) } }) : [];
  }

  /** One screenshot per booking: a new one replaces the last (its old links stop working with its key). */
  async savePricePhoto(row: Omit<PricePhotoRow, 'id'>): Promise<PricePhotoRow> {
    const existing = await this.em.findOne(PricePhotoEntity, { where: { reservationId: row.reservationId } });
    if (existing) {
      await this.em.update(PricePhotoEntity, { id: existing.id }, row);
      return { ...row, id: existing.id };
    }
    const id = (await this.em.insert(PricePhotoEntity, row)).identifiers[0]!.id as number;
    return { ...row, id };
  }

  pricePhotoWithImage(id: number): Promise<PricePhotoRow | null> {
    return this.em.createQueryBuilder(PricePhotoEntity, 'p').addSelect('p.data').where('p.id = :id', { id }).getOne();
  }
}
