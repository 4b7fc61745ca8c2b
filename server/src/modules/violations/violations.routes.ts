import { pageOf } from '@shared/common/pagination';
import {
  assignViolationSchema, assignViolationToTripSchema, violationCandidatesSchema, violationIdParamsSchema, violationImportResultSchema, violationImportSchema, violationListQuerySchema, violationPullSchema, violationSchema,
} from '@shared/violations/violations.schemas';
import { ApiRouter, XLSX_TYPE } from '../../platform/http/api-router';
import { violationImportTemplate } from './violations.excel';
import { VIOLATION_IMPORTERS } from '../../platform/access';
import type { ViolationsService } from './violations.service';

const tag = 'violations';

export function violationsRoutes(svc: ViolationsService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/violations', tag, summary: '违章：本人的（mine=true），车管员看本单位的，监管看本地区的', query: violationListQuerySchema,
      response: pageOf(violationSchema), handler: ({ actor, query }) => svc.list(actor, query),
    })
    .add({
      method: 'get', path: '/api/violations/import-template.xlsx', tag, summary: '违章明细导入模板', auth: VIOLATION_IMPORTERS, produces: [XLSX_TYPE],
      handler: async ({ ctx }) => {
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('违章明细导入模板.xlsx')}`);
        ctx.type = XLSX_TYPE;
        return violationImportTemplate();
      },
    })
    .add({
      method: 'get', path: '/api/violations/:id', tag, summary: '违章详情与匹配依据', params: violationIdParamsSchema, response: violationSchema,
      handler: ({ actor, params }) => svc.get(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/violations/:id/assign', tag, summary: '将未匹配的违章指派给驾驶人（车辆所属单位车管员）', auth: ['fleet_admin'],
      params: violationIdParamsSchema, body: assignViolationSchema, response: violationSchema, handler: ({ actor, params, body }) => svc.assign(actor, params.id, body),
    })
    .add({
      method: 'get', path: '/api/violations/:id/candidates', tag, summary: '可指派的行程：该车在违法时间前后 12 小时内的派车任务（车辆所属单位车管员）', auth: ['fleet_admin'],
      params: violationIdParamsSchema, response: violationCandidatesSchema, handler: async ({ actor, params }) => ({ items: await svc.candidates(actor, params.id) }),
    })
    .add({
      method: 'post', path: '/api/violations/:id/assign-trip', tag, summary: '将未匹配的违章指派到该车的一个行程（其驾驶员与单位承担；已匹配或已指派为 409）', auth: ['fleet_admin'],
      params: violationIdParamsSchema, body: assignViolationToTripSchema, response: violationSchema, handler: ({ actor, params, body }) => svc.assignToTrip(actor, params.id, body),
    })
    .add({
      method: 'post', path: '/api/violations/import', tag, summary: '从 Excel 导入违章（逐行报告错误；车管员只导本单位车辆）', auth: VIOLATION_IMPORTERS,
      body: violationImportSchema, response: violationImportResultSchema, handler: ({ actor, body }) => svc.importSheet(actor, body.fileBase64),
    })
    .add({
      method: 'post', path: '/api/violations/pull', tag, summary: '从违章数据接口拉取一段时间的违章（平台管理员）', auth: ['platform_admin'],
      body: violationPullSchema, response: violationImportResultSchema, handler: ({ body }) => svc.pull(new Date(body.since), new Date(body.until)),
    });
}
