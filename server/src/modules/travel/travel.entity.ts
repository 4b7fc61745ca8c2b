import { EntitySchema } from 'typeorm';
import type { InvoiceCategory, LegTransport, TravelStatus } from '@shared/travel/travel.schemas';

export interface TravelRow {
  id: number; unitId: number; regionCode: string; applicantId: number; purpose: string; status: TravelStatus;
  startDate: string; endDate: string; hotel: boolean;
  letterFrom: string | null; letterNo: string | null; guests: number | null; hosts: number | null;
  createdAt: Date; updatedAt: Date;
}
export interface TravelLegRow { travelId: number; seq: number; departOn: string; arriveOn: string; fromPlace: string; toPlace: string; toRegionCode: string; transport: LegTransport }
export interface TravelTravellerRow { travelId: number; userId: number }
export interface TravelInvoiceRow {
  id: number; travelId: number; invoiceKey: string; category: InvoiceCategory; reservationId: number | null; nights: number;
  invoiceCode: string | null; invoiceNumber: string; issuedOn: string; sellerName: string; sellerTaxId: string | null; buyerTaxId: string;
  amountFen: number; taxFen: number; source: 'entered' | 'xml'; submittedBy: number; createdAt: Date;
}
export interface TravelCardPaymentRow {
  id: number; travelId: number; paymentKey: string; cardLast4: string; paidAt: Date; merchant: string; amountFen: number; bankRef: string;
  source: 'entered' | 'statement'; matchedCostKey: string | null; submittedBy: number; createdAt: Date;
}

/** An official trip or NEV rental linked to a leg; its cost learnt from trips' and rental's events. */
export interface TravelLinkRow {
  id: number; travelId: number; legSeq: number; kind: 'trip' | 'rental'; subjectId: number; title: string; startDate: string; endDate: string | null;
  state: 'open' | 'ended' | 'cancelled'; costFen: number | null; linkedBy: number; createdAt: Date; updatedAt: Date;
}

export const TravelEntity = new EntitySchema<TravelRow>({
  name: 'Travel', tableName: 'travel',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' }, unitId: { name: 'unit_id', type: 'integer' }, regionCode: { name: 'region_code', type: 'varchar', length: 9 },
    applicantId: { name: 'applicant_id', type: 'integer' }, purpose: { type: 'varchar', length: 200 }, status: { type: 'varchar', length: 12 },
    startDate: { name: 'start_date', type: 'varchar', length: 10 }, endDate: { name: 'end_date', type: 'varchar', length: 10 }, hotel: { type: 'boolean' },
    letterFrom: { name: 'letter_from', type: 'varchar', length: 60, nullable: true }, letterNo: { name: 'letter_no', type: 'varchar', length: 40, nullable: true },
    guests: { type: 'integer', nullable: true }, hosts: { type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime' }, updatedAt: { name: 'updated_at', type: 'datetime' },
  },
});
export const TravelLegEntity = new EntitySchema<TravelLegRow>({
  name: 'TravelLeg', tableName: 'travel_leg',
  columns: {
    travelId: { name: 'travel_id', type: 'integer', primary: true }, seq: { type: 'integer', primary: true },
    departOn: { name: 'depart_on', type: 'varchar', length: 10 }, arriveOn: { name: 'arrive_on', type: 'varchar', length: 10 },
    fromPlace: { name: 'from_place', type: 'varchar', length: 40 }, toPlace: { name: 'to_place', type: 'varchar', length: 40 },
    toRegionCode: { name: 'to_region_code', type: 'varchar', length: 9 }, transport: { type: 'varchar', length: 16 },
  },
});
export const TravelTravellerEntity = new EntitySchema<TravelTravellerRow>({
  name: 'TravelTraveller', tableName: 'travel_traveller',
  columns: { travelId: { name: 'travel_id', type: 'integer', primary: true }, userId: { name: 'user_id', type: 'integer', primary: true } },
});
export const TravelInvoiceEntity = new EntitySchema<TravelInvoiceRow>({
  name: 'TravelInvoice', tableName: 'travel_invoice',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' }, travelId: { name: 'travel_id', type: 'integer' }, invoiceKey: { name: 'invoice_key', type: 'varchar', length: 40 },
    category: { type: 'varchar', length: 12 }, reservationId: { name: 'reservation_id', type: 'integer', nullable: true }, nights: { type: 'integer' },
    invoiceCode: { name: 'invoice_code', type: 'varchar', length: 12, nullable: true }, invoiceNumber: { name: 'invoice_number', type: 'varchar', length: 20 },
    issuedOn: { name: 'issued_on', type: 'varchar', length: 10 }, sellerName: { name: 'seller_name', type: 'varchar', length: 100 },
    sellerTaxId: { name: 'seller_tax_id', type: 'varchar', length: 20, nullable: true }, buyerTaxId: { name: 'buyer_tax_id', type: 'varchar', length: 20 },
    amountFen: { name: 'amount_fen', type: 'integer' }, taxFen: { name: 'tax_fen', type: 'integer' }, source: { type: 'varchar', length: 8 },
    submittedBy: { name: 'submitted_by', type: 'integer' }, createdAt: { name: 'created_at', type: 'datetime' },
  },
});
export const TravelCardPaymentEntity = new EntitySchema<TravelCardPaymentRow>({
  name: 'TravelCardPayment', tableName: 'travel_card_payment',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' }, travelId: { name: 'travel_id', type: 'integer' }, paymentKey: { name: 'payment_key', type: 'varchar', length: 48 },
    cardLast4: { name: 'card_last4', type: 'varchar', length: 4 }, paidAt: { name: 'paid_at', type: 'datetime' }, merchant: { type: 'varchar', length: 100 },
    amountFen: { name: 'amount_fen', type: 'integer' }, bankRef: { name: 'bank_ref', type: 'varchar', length: 40 }, source: { type: 'varchar', length: 10 },
    matchedCostKey: { name: 'matched_cost_key', type: 'varchar', length: 40, nullable: true }, submittedBy: { name: 'submitted_by', type: 'integer' },
    createdAt: { name: 'created_at', type: 'datetime' },
  },
});

export const TravelLinkEntity = new EntitySchema<TravelLinkRow>({
  name: 'TravelLink', tableName: 'travel_link',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' }, travelId: { name: 'travel_id', type: 'integer' }, legSeq: { name: 'leg_seq', type: 'integer' },
    kind: { type: 'varchar', length: 8 }, subjectId: { name: 'subject_id', type: 'integer' }, title: { type: 'varchar', length: 200 },
    startDate: { name: 'start_date', type: 'varchar', length: 10 }, endDate: { name: 'end_date', type: 'varchar', length: 10, nullable: true },
    state: { type: 'varchar', length: 12 }, costFen: { name: 'cost_fen', type: 'integer', nullable: true }, linkedBy: { name: 'linked_by', type: 'integer' },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 }, updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});

export const TravelEntities = [TravelEntity, TravelLegEntity, TravelTravellerEntity, TravelInvoiceEntity, TravelCardPaymentEntity, TravelLinkEntity];
