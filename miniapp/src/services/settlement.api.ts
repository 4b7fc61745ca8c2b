import type { z } from 'zod';
import { pageOf } from '@shared/common/pagination';
import {
  statementSchema, statementSummarySchema, type AddCorrectionInput, type ReviewStatementInput, type Statement,
  type StatementStatus, type StatementSummary,
} from '@shared/settlement/settlement.schemas';
import { http } from './http';
import { downloadSpreadsheet } from './files';

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
 * → a download link (downloadSpreadsheet in files.ts: Taro.request cannot hand H5 a Blob).
 */
export async function downloadStatementExcel(s: Pick<Statement, 'id' | 'period'>): Promise<void> {
  await downloadSpreadsheet(`/api/settlement/statements/${s.id}/export.xlsx`, statementFileName(s), 'statement-download-link');
}
