import {
  fareKindLabel, reservationKindLabel, reservationStatusLabel, ticketPaymentMethodLabel, type PriceRecord, type Reservation, type TicketMode,
} from '@shared/reservations/reservations.schemas';
import { signedPhotoUrl } from '../../platform/photos';
import type { PricePhotoRow, ReservationRow } from './reservations.entity';

/** Signed-link scope of price record screenshots. */
export const PRICE_PHOTO_SCOPE = 'price-record';

/** The signed view link of a price record's screenshot (an <Image> cannot send a token). */
export const pricePhotoUrl = (p: Pick<PricePhotoRow, 'id' | 'accessKey'>, nowMs: number): string =>
  signedPhotoUrl(`/api/reservations/price-records/${p.id}/image`, PRICE_PHOTO_SCOPE, p.accessKey, p.id, nowMs);

/** `screenshots`: the signed link of each booking's price record screenshot, where one was uploaded. */
export function toReservation(r: ReservationRow, names: { traveller: Map<number, string>; supplier: Map<number, string> }, screenshots: Map<number, string> = new Map()): Reservation {
  return {
    id: r.id, kind: r.kind, kindLabel: reservationKindLabel[r.kind], tripId: r.tripId, travelId: r.travelId, travellerId: r.travellerId, travellerName: names.traveller.get(r.travellerId) ?? '',
    supplierId: r.supplierId, supplierName: names.supplier.get(r.supplierId) ?? '', status: r.status, statusLabel: reservationStatusLabel[r.status],
    title: r.title, standardText: r.standardText, amountFen: r.amountFen, officialFen: r.officialFen, personalFen: r.personalFen,
    overStandardRule: r.overStandardRule, note: r.note, paymentOutTradeNo: r.paymentOutTradeNo, ticketNo: r.ticketNo, startDate: r.startDate,
    createdAt: new Date(r.createdAt).toISOString(), fare: fareOf(r, screenshots.get(r.id) ?? null),
  };
}

/** A ticket's fare and payment; tickets booked before the air-fare rules read as procurement fare on the statement. */
function fareOf(r: ReservationRow, screenshotUrl: string | null): Reservation['fare'] {
  if (r.kind !== 'ticket') return null;
  const fareKind = r.fareKind ?? 'procurement';
  const paymentMethod = r.paymentMethod ?? 'unit_statement';
  return {
    mode: (r.slot === 'air' ? 'air' : 'train') as TicketMode, fareKind, fareKindLabel: fareKindLabel[fareKind], paymentMethod, paymentMethodLabel: ticketPaymentMethodLabel[paymentMethod],
    procurementFen: r.procurementFen, priceRecord: r.priceRecord ? { ...JSON.parse(r.priceRecord) as PriceRecord, screenshotUrl } : null,
  };
}
