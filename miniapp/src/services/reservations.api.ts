import { z } from 'zod';
import {
  diningOfferSchema, fareSchema, hotelOfferSchema, inventorySchema, reservationPaymentSchema, reservationSchema,
  type BookDiningInput, type BookHotelInput, type BookTicketInput, type DiningSlot, type Reservation, type ReservationStatus, type TicketMode,
} from '@shared/reservations/reservations.schemas';
import { http, uploadImage } from './http';

/** 酒店/餐饮/票务 (server/src/modules/reservations): the traveller's search, booking and bookings; the supplier's side. */
const items = <T extends z.ZodTypeAny>(s: T) => z.object({ items: z.array(s) });

export const bookableTripSchema = z.object({
  id: z.number().int(), purpose: z.string(), startAt: z.string(), endAt: z.string(), destinationNames: z.array(z.string()), kind: z.string(),
});
export type BookableTrip = z.infer<typeof bookableTripSchema>;
export type HotelOffer = z.infer<typeof hotelOfferSchema>;
export type DiningOffer = z.infer<typeof diningOfferSchema>;
export type Fare = z.infer<typeof fareSchema>;
export type Inventory = z.infer<typeof inventorySchema>;

export async function fetchBookableTrips(): Promise<BookableTrip[]> {
  return (await http.get('/api/reservations/trips', items(bookableTripSchema), { silent: true })).items;
}

export async function searchHotels(q: { tripId?: number; travelId?: number; checkIn: string; nights: number }): Promise<HotelOffer[]> {
  return (await http.get('/api/reservations/hotels', items(hotelOfferSchema), { query: q, silent: true })).items;
}

export async function searchDining(q: { tripId?: number; travelId?: number; date: string; slot: DiningSlot }): Promise<DiningOffer[]> {
  return (await http.get('/api/reservations/dining', items(diningOfferSchema), { query: q, silent: true })).items;
}

export async function searchFares(q: { tripId?: number; travelId?: number; mode: TicketMode; from: string; to: string; date: string }): Promise<Fare[]> {
  return (await http.get('/api/reservations/fares', items(fareSchema), { query: q, silent: true })).items;
}

/** The booking forms show the server's refusal in the page (the rule it names), so these do not toast. */
export function bookHotel(input: BookHotelInput): Promise<Reservation> {
  return http.post('/api/reservations/hotel', input, reservationSchema, { silent: true });
}
export function bookDining(input: BookDiningInput): Promise<Reservation> {
  return http.post('/api/reservations/dining', input, reservationSchema, { silent: true });
}
export function bookTicket(input: BookTicketInput): Promise<Reservation> {
  return http.post('/api/reservations/ticket', input, reservationSchema, { silent: true });
}

/** The screenshot of a market fare's price record, attached to the booking (optional; a new one replaces the last). */
export function attachPriceScreenshot(reservationId: number, filePath: string): Promise<Reservation> {
  return uploadImage(`/api/reservations/${reservationId}/price-record/screenshot`, {}, filePath, reservationSchema);
}

export async function fetchReservations(box: 'mine' | 'supplier', status?: ReservationStatus): Promise<Reservation[]> {
  return (await http.get('/api/reservations', items(reservationSchema), { query: { box, status }, silent: true })).items;
}

export function fetchReservation(id: number): Promise<Reservation> {
  return http.get(`/api/reservations/${id}`, reservationSchema, { silent: true });
}

export function cancelReservation(id: number, reason: string): Promise<Reservation> {
  return http.post(`/api/reservations/${id}/cancel`, { reason }, reservationSchema);
}

/** 支付差额: starts the WeChat Pay order of the personal part. */
export function payReservation(id: number) {
  return http.post(`/api/reservations/${id}/pay`, {}, reservationPaymentSchema);
}

export function confirmReservation(id: number): Promise<Reservation> {
  return http.post(`/api/reservations/${id}/confirm`, {}, reservationSchema);
}

export function refuseReservation(id: number, reason: string): Promise<Reservation> {
  return http.post(`/api/reservations/${id}/refuse`, { reason }, reservationSchema);
}

export function fetchInventory(): Promise<Inventory> {
  return http.get('/api/reservations/inventory', inventorySchema, { silent: true });
}

export function setRoomNights(input: { roomTypeId: number; from: string; to: string; rooms: number; rateFen: number }): Promise<Inventory> {
  return http.put('/api/reservations/inventory/rooms', input, inventorySchema);
}

export function setTables(input: { date: string; slot: DiningSlot; tables: number }): Promise<Inventory> {
  return http.put('/api/reservations/inventory/tables', input, inventorySchema);
}
