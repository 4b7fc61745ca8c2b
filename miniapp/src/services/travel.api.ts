import Taro from '@tarojs/taro';
import { z } from 'zod';
import {
  travelRecordSchema, travelSummarySchema,
  type ApplyTravelInput, type AttachInvoiceInput, type CardPaymentInput, type TravelRecord, type TravelSummary,
} from '@shared/travel/travel.schemas';
import { ApiError, http, toApiError } from './http';
import { getToken } from './session.store';

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
  const url = `${API_BASE}/api/travel/${id}/export.xlsx`;
  const header: Record<string, string> = {};
  const token = getToken();
  if (token) header.Authorization = `Bearer ${token}`;
  if (process.env.TARO_ENV === 'weapp') {
    const res = await Taro.downloadFile({ url, header }).catch(() => { throw new ApiError(0, 'NETWORK_ERROR', '下载失败，请检查网络后重试', false); });
    if (res.statusCode !== 200) throw new ApiError(res.statusCode, `HTTP_${res.statusCode}`, `下载失败（${res.statusCode}），请稍后重试`, false);
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true });
    return;
  }
  let res: Response;
  try {
    res = await fetch(url, { headers: header });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '下载失败，请检查网络后重试', false);
  }
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => undefined));
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = travelFileName(id);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
