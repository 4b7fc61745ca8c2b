import { z } from 'zod';
import {
  travelRecordSchema, travelSummarySchema,
  type ApplyTravelInput, type AttachInvoiceInput, type CardPaymentInput, type LinkVehicleInput, type TravelRecord, type TravelSummary,
} from '@shared/travel/travel.schemas';
import { http } from './http';
import { downloadSpreadsheet } from './files';

/** 出差记录 (server/src/modules/travel): apply, read the one record, attach invoices and 公务卡 payments; finance exports it. */
const list = z.object({ items: z.array(travelSummarySchema) });

export async function fetchTravels(box: 'mine' | 'finance' = 'mine'): Promise<TravelSummary[]> {
  return (await http.get('/api/travel', list, { query: { box }, silent: true })).items;
}
export function fetchTravel(id: number): Promise<TravelRecord> {
  return http.get(`/api/travel/${id}`, travelRecordSchema, { silent: true });
}
/** The forms show the server's refusal in the page (a duplicate invoice names the earlier record), so these do not toast. */
export function applyTravel(input: ApplyTravelInput): Promise<TravelRecord> {
  return http.post('/api/travel', input, travelRecordSchema, { silent: true });
}
export function attachInvoice(id: number, input: Partial<AttachInvoiceInput> & Pick<AttachInvoiceInput, 'category'>): Promise<TravelRecord> {
  return http.post(`/api/travel/${id}/invoices`, input, travelRecordSchema, { silent: true });
}
export function attachCardPayment(id: number, input: CardPaymentInput): Promise<TravelRecord> {
  return http.post(`/api/travel/${id}/card-payments`, input, travelRecordSchema, { silent: true });
}
export function importCardStatement(id: number, csv: string): Promise<{ imported: number; skipped: number; record: TravelRecord }> {
  return http.post(`/api/travel/${id}/card-statement`, { csv }, z.object({ imported: z.number(), skipped: z.number(), record: travelRecordSchema }), { silent: true });
}

export const travelFileName = (id: number) => `差旅费报销单-${id}.xlsx`;

/** The 报销单 (Excel): fetched with the bearer token (WeChat: downloadFile + openDocument; the browser: a Blob link). */
export async function downloadTravelExcel(id: number): Promise<void> {
  await downloadSpreadsheet(`/api/travel/${id}/export.xlsx`, travelFileName(id));
}

/** Links an official trip or an NEV rental to the leg of the record that authorised it (409 when none does). */
export function linkVehicle(id: number, input: LinkVehicleInput): Promise<TravelRecord> {
  return http.post(`/api/travel/${id}/vehicles`, input, travelRecordSchema, { silent: true });
}
