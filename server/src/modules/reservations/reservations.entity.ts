import { EntitySchema } from 'typeorm';
import type { DiningSlot, FareKind, OverStandardRule, TicketPaymentMethod, ReservationKind, ReservationStatus, TicketMode, TravellerRank } from '@shared/reservations/reservations.schemas';

export interface LodgingStandardRow { id: number; regionCode: string; rank: TravellerRank; capFen: number; peakFrom: string | null; peakTo: string | null; peakUpliftPct: number; overStandard: OverStandardRule; source: string; year: number }
export interface ReceptionStandardRow { id: number; regionCode: string; perPersonCapFen: number; maxHostsSmall: number; overStandard: OverStandardRule; source: string; year: number }
export interface TicketStandardRow { rank: TravellerRank; mode: TicketMode; classes: string; overStandard: OverStandardRule; source: string; year: number }
export interface TravellerRankRow { userId: number; rank: TravellerRank }
export interface RoomTypeRow { id: number; hotelId: number; name: string }
export interface RoomNightRow { roomTypeId: number; night: string; total: number; remaining: number; rateFen: number }
export interface MenuRow { id: number; restaurantId: number; name: string; perPersonFen: number; seatsPerTable: number }
export interface TableSlotRow { restaurantId: number; date: string; slot: DiningSlot; total: number; remaining: number }
export interface ReservationRow {
  id: number; kind: ReservationKind; tripId: number | null; travelId: number | null; unitId: number; regionCode: string; travellerId: number; bookedById: number; supplierId: number;
  status: ReservationStatus; rank: TravellerRank; title: string; standardText: string; amountFen: number; officialFen: number; personalFen: number;
  overStandardRule: string | null; offerId: number | null; startDate: string; quantity: number; span: number; slot: string | null;
  supplierOrderNo: string | null; ticketNo: string | null; paymentOutTradeNo: string | null; note: string; holdExpiresAt: Date | null; createdAt: Date; updatedAt: Date;
  /** Tickets only: the fare kind, how it is paid, the procurement fare when booked, the price record (JSON) of a market fare. */
  fareKind: FareKind | null; paymentMethod: TicketPaymentMethod | null; procurementFen: number | null; priceRecord: string | null;
}

const src = { source: { type: 'varchar' as const, length: 200 }, year: { type: 'integer' as const }, overStandard: { name: 'over_standard', type: 'varchar' as const, length: 16 } };

export const LodgingStandardEntity = new EntitySchema<LodgingStandardRow>({
  name: 'LodgingStandard', tableName: 'reservation_lodging_standard',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' }, regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    rank: { type: 'varchar', length: 16 }, capFen: { name: 'cap_fen', type: 'integer' }, peakFrom: { name: 'peak_from', type: 'varchar', length: 5, nullable: true },
    peakTo: { name: 'peak_to', type: 'varchar', length: 5, nullable: true }, peakUpliftPct: { name: 'peak_uplift_pct', type: 'integer' }, ...src,
  },
});
export const ReceptionStandardEntity = new EntitySchema<ReceptionStandardRow>({
  name: 'ReceptionStandard', tableName: 'reservation_reception_standard',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' }, regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    perPersonCapFen: { name: 'per_person_cap_fen', type: 'integer' }, maxHostsSmall: { name: 'max_hosts_small', type: 'integer' }, ...src,
  },
});
export const TicketStandardEntity = new EntitySchema<TicketStandardRow>({
  name: 'TicketStandard', tableName: 'reservation_ticket_standard',
  columns: { rank: { type: 'varchar', length: 16, primary: true }, mode: { type: 'varchar', length: 8, primary: true }, classes: { type: 'varchar', length: 200 }, ...src },
});
export const TravellerRankEntity = new EntitySchema<TravellerRankRow>({
  name: 'TravellerRank', tableName: 'reservation_traveller_rank',
  columns: { userId: { name: 'user_id', type: 'integer', primary: true }, rank: { type: 'varchar', length: 16 } },
});
export const RoomTypeEntity = new EntitySchema<RoomTypeRow>({
  name: 'HotelRoomType', tableName: 'hotel_room_type',
  columns: { id: { type: 'integer', primary: true, generated: 'increment' }, hotelId: { name: 'hotel_id', type: 'integer' }, name: { type: 'varchar', length: 64 } },
});
export const RoomNightEntity = new EntitySchema<RoomNightRow>({
  name: 'HotelRoomNight', tableName: 'hotel_room_night',
  columns: {
    roomTypeId: { name: 'room_type_id', type: 'integer', primary: true }, night: { type: 'varchar', length: 10, primary: true },
    total: { type: 'integer' }, remaining: { type: 'integer' }, rateFen: { name: 'rate_fen', type: 'integer' },
  },
});
export const MenuEntity = new EntitySchema<MenuRow>({
  name: 'RestaurantMenu', tableName: 'restaurant_menu',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' }, restaurantId: { name: 'restaurant_id', type: 'integer' }, name: { type: 'varchar', length: 64 },
    perPersonFen: { name: 'per_person_fen', type: 'integer' }, seatsPerTable: { name: 'seats_per_table', type: 'integer' },
  },
});
export const TableSlotEntity = new EntitySchema<TableSlotRow>({
  name: 'RestaurantTableSlot', tableName: 'restaurant_table_slot',
  columns: {
    restaurantId: { name: 'restaurant_id', type: 'integer', primary: true }, date: { type: 'varchar', length: 10, primary: true },
    slot: { type: 'varchar', length: 8, primary: true }, total: { type: 'integer' }, remaining: { type: 'integer' },
  },
});
export const ReservationEntity = new EntitySchema<ReservationRow>({
  name: 'Reservation', tableName: 'reservation',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' }, kind: { type: 'varchar', length: 8 }, tripId: { name: 'trip_id', type: 'integer', nullable: true }, travelId: { name: 'travel_id', type: 'integer', nullable: true },
    unitId: { name: 'unit_id', type: 'integer' }, regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    travellerId: { name: 'traveller_id', type: 'integer' }, bookedById: { name: 'booked_by_id', type: 'integer' }, supplierId: { name: 'supplier_id', type: 'integer' },
    status: { type: 'varchar', length: 20 }, rank: { type: 'varchar', length: 16 }, title: { type: 'varchar', length: 200 },
    standardText: { name: 'standard_text', type: 'varchar', length: 100 }, amountFen: { name: 'amount_fen', type: 'integer' },
    officialFen: { name: 'official_fen', type: 'integer' }, personalFen: { name: 'personal_fen', type: 'integer' },
    overStandardRule: { name: 'over_standard_rule', type: 'varchar', length: 300, nullable: true }, offerId: { name: 'offer_id', type: 'integer', nullable: true },
    startDate: { name: 'start_date', type: 'varchar', length: 10 }, quantity: { type: 'integer' }, span: { type: 'integer' }, slot: { type: 'varchar', length: 8, nullable: true },
    supplierOrderNo: { name: 'supplier_order_no', type: 'varchar', length: 40, nullable: true }, ticketNo: { name: 'ticket_no', type: 'varchar', length: 40, nullable: true },
    paymentOutTradeNo: { name: 'payment_out_trade_no', type: 'varchar', length: 32, nullable: true }, note: { type: 'varchar', length: 300 },
    holdExpiresAt: { name: 'hold_expires_at', type: 'datetime', nullable: true }, createdAt: { name: 'created_at', type: 'datetime' }, updatedAt: { name: 'updated_at', type: 'datetime' },
    fareKind: { name: 'fare_kind', type: 'varchar', length: 12, nullable: true }, paymentMethod: { name: 'payment_method', type: 'varchar', length: 16, nullable: true },
    procurementFen: { name: 'procurement_fen', type: 'integer', nullable: true }, priceRecord: { name: 'price_record', type: 'varchar', length: 600, nullable: true },
  },
});

/** The screenshot of a market fare's price record, one per ticket booking (the bytes selected only for the image route). */
export interface PricePhotoRow { id: number; reservationId: number; contentType: string; sizeBytes: number; accessKey: string; data: Buffer; uploadedBy: number; uploadedAt: Date }
export const PricePhotoEntity = new EntitySchema<PricePhotoRow>({
  name: 'ReservationPricePhoto', tableName: 'reservation_price_photo',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' }, reservationId: { name: 'reservation_id', type: 'integer' },
    contentType: { name: 'content_type', type: 'varchar', length: 32 }, sizeBytes: { name: 'size_bytes', type: 'integer' },
    accessKey: { name: 'access_key', type: 'varchar', length: 64 }, data: { name: 'data', type: 'blob', select: false },
    uploadedBy: { name: 'uploaded_by', type: 'integer' }, uploadedAt: { name: 'uploaded_at', type: 'datetime', precision: 3 },
  },
});

export const ReservationEntities = [PricePhotoEntity, LodgingStandardEntity, ReceptionStandardEntity, TicketStandardEntity, TravellerRankEntity, RoomTypeEntity, RoomNightEntity, MenuEntity, TableSlotEntity, ReservationEntity];
