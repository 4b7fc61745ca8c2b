import {
  addCorrectionSchema, generateStatementsSchema, markPaidSchema, reviewStatementSchema, statementIdParamsSchema,
  statementListQuerySchema, statementSchema, statementSummarySchema,
} from '@shared/settlement/settlement.schemas';
import { pageOf } from '@shared/common/pagination';
import { z } from 'zod';
import { ApiRouter } from '../../platform/http/api-router';
import { COMPANY_ROLES as COMPANY, FINANCE_ROLES as FINANCE } from '../../platform/access';
import type { SettlementService } from './settlement.service';
import { buildStatementWorkbook } from './settlement.excel';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function settlementRoutes(svc: SettlementService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'post', path: '/api/settlement/statements/generate', tag: 'settlement', auth: FINANCE, status: 201,
      summary: '生成某月结算单（每个企业、每个结算单位一张；财务只生成本级及以下或本单位的）', body: generateStatementsSchema, response: z.array(statementSummarySchema),
      handler: ({ actor, body }) => svc.generate(actor, body.period),
    })
    .add({
      method: 'get', path: '/api/settlement/statements', tag: 'settlement', auth: [...FINANCE, ...COMPANY],
      summary: '结算单列表（机关事务管理局财务看本级及以下，其他财务看本单位，企业看本企业）', query: statementListQuerySchema, response: pageOf(statementSummarySchema),
      handler: ({ actor, query }) => svc.list(actor, query),
    })
    .add({
      method: 'get', path: '/api/settlement/statements/:id', tag: 'settlement', auth: [...FINANCE, ...COMPANY],
      summary: '结算单（按单位小计与明细）', params: statementIdParamsSchema, response: statementSchema,
      handler: ({ actor, params }) => svc.get(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/settlement/statements/:id/review', tag: 'settlement', auth: COMPANY,
      summary: '企业逐条确认或提出异议', params: statementIdParamsSchema, body: reviewStatementSchema, response: statementSchema,
      handler: ({ actor, params, body }) => svc.review(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/settlement/statements/:id/corrections', tag: 'settlement', auth: FINANCE, status: 201,
      summary: '补录调整明细（不修改原明细）', params: statementIdParamsSchema, body: addCorrectionSchema, response: statementSchema,
      handler: ({ actor, params, body }) => svc.addCorrection(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/settlement/statements/:id/resubmit', tag: 'settlement', auth: FINANCE,
      summary: '调整后重新提交企业确认', params: statementIdParamsSchema, response: statementSchema,
      handler: ({ actor, params }) => svc.resubmit(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/settlement/statements/:id/approve', tag: 'settlement', auth: FINANCE,
      summary: '财务审核', params: statementIdParamsSchema, response: statementSchema,
      handler: ({ actor, params }) => svc.approve(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/settlement/statements/:id/pay', tag: 'settlement', auth: FINANCE,
      summary: '登记付款（付款凭证号）', params: statementIdParamsSchema, body: markPaidSchema, response: statementSchema,
      handler: ({ actor, params, body }) => svc.markPaid(actor, params.id, body),
    })
    .add({
      method: 'get', path: '/api/settlement/statements/:id/export.xlsx', tag: 'settlement', auth: [...FINANCE, ...COMPANY], produces: [XLSX],
      summary: '导出 Excel 结算单', params: statementIdParamsSchema,
      handler: async ({ actor, params, ctx }) => {
        const statement = await svc.get(actor, params.id);
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`结算单-${statement.period}-${statement.id}.xlsx`)}`);
        ctx.type = XLSX;
        return buildStatementWorkbook(statement);
      },
    });
}
