import { reservationKindLabel, reservationStatusLabel, type Reservation } from '@shared/reservations/reservations.schemas';
import type { ReservationRow } from './reservations.entity';

export function toReservation(r: ReservationRow, names: { traveller: Map<number, string>; supplier: Map<number, string> }): Reservation {
  return {
    id: r.id, kind: r.kind, kindLabel: reservationKindLabel[r.kind], tripId: r.tripId, travelId: r.travelId, travellerId: r.travellerId, travellerName: names.traveller.get(r.travellerId) ?? '',
    supplierId: r.supplierId, supplierName: names.supplier.get(r.supplierId) ?? '', status: r.status, statusLabel: reservationStatusLabel[r.status],
    title: r.title, standardText: r.standardText, amountFen: r.amountFen, officialFen: r.officialFen, personalFen: r.personalFen,
    overStandardRule: r.overStandardRule, note: r.note, paymentOutTradeNo: r.paymentOutTradeNo, ticketNo: r.ticketNo, startDate: r.startDate,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}
