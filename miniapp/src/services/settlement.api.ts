import Taro from '@tarojs/taro';
import type { z } from 'zod';
import { pageOf } from '@shared/common/pagination';
import {
  statementSchema, statementSummarySchema, type AddCorrectionInput, type ReviewStatementInput, type Statement,
  type StatementStatus, type StatementSummary,
} from '@shared/settlement/settlement.schemas';
import { ApiError, http, toApiError } from './http';
import { getToken } from './session.store';

/**
 * 月度结算 (server/src/modules/settlement/settlement.routes.ts): one statement per company and billed
 * unit; finance sees the units it settles, a company its own statements.
 */
const statementPageSchema = pageOf(statementSummarySchema);
export type StatementPage = z.infer<typeof statementPageSchema>;

export function listStatements(q: { page: number; period?: string; status?: StatementStatus; unitId?: number; pageSize?: number }): Promise<StatementPage> {
  return http.get('/api/settlement/statements', statementPageSchema, {
    silent: true, query: { page: q.page, pageSize: q.pageSize ?? 20, period: q.period, status: q.status, unitId: q.unitId },
  });
}

export function getStatement(id: number): Promise<Statement> {
  return http.get(`/api/settlement/statements/${id}`, statementSchema, { silent: true });
}

export function generateStatements(period: string): Promise<StatementSummary[]> {
  return http.post('/api/settlement/statements/generate', { period }, statementSummarySchema.array());
}

export function reviewStatement(id: number, input: ReviewStatementInput): Promise<Statement> {
  return http.post(`/api/settlement/statements/${id}/review`, input, statementSchema);
}

export function addCorrection(id: number, input: AddCorrectionInput): Promise<Statement> {
  return http.post(`/api/settlement/statements/${id}/corrections`, input, statementSchema);
}

export function resubmitStatement(id: number): Promise<Statement> {
  return http.post(`/api/settlement/statements/${id}/resubmit`, {}, statementSchema);
}

export function approveStatement(id: number): Promise<Statement> {
  return http.post(`/api/settlement/statements/${id}/approve`, {}, statementSchema);
}

export function markStatementPaid(id: number, paymentReference: string): Promise<Statement> {
  return http.post(`/api/settlement/statements/${id}/pay`, { paymentReference }, statementSchema);
}

export function statementFileName(s: Pick<Statement, 'id' | 'period'>): string {
  return `结算单-${s.period}-${s.id}.xlsx`;
}

/**
 * The Excel statement. The export needs the bearer token, so it is fetched, not linked: in WeChat
 * downloadFile + openDocument (the phone's viewer, with its share menu); in the browser fetch → Blob
 * → a download link. Taro.request cannot hand H5 a Blob, hence the fetch here, beside the http client.
 */
export async function downloadStatementExcel(s: Pick<Statement, 'id' | 'period'>): Promise<void> {
  const url = `${API_BASE}/api/settlement/statements/${s.id}/export.xlsx`;
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
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => undefined);
    throw toApiError(res.status, body);
  }
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = statementFileName(s);
  a.className = 'statement-download-link';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
