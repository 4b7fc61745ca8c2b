import { z } from 'zod';
import { ApiRouter } from '../../platform/http/api-router';
import { pageOf } from '@shared/common/pagination';
import { idParamSchema } from '@shared/identity/identity.schemas';
import {
  approvalBySubjectQuerySchema, approvalDetailSchema, approvalInboxQuerySchema, approvalItemSchema, chainListQuerySchema, chainSchema, decideSchema, setChainSchema,
} from '@shared/approvals/approvals.schemas';
import type { ApprovalsService } from './approvals.service';

export function approvalsRoutes(svc: ApprovalsService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/approvals', tag: 'approvals', summary: '审批待办（waiting）或我审批过的（decided），各类审批一个收件箱',
      query: approvalInboxQuerySchema, response: pageOf(approvalItemSchema), handler: ({ actor, query }) => svc.inbox(actor, query),
    })
    .add({
      method: 'get', path: '/api/approvals/by-subject', tag: 'approvals', summary: '某事项（如行程）的审批：进度、当前由谁审批与历史',
      query: approvalBySubjectQuerySchema, response: approvalDetailSchema, handler: ({ actor, query }) => svc.getBySubject(actor, query.kind, query.subjectId),
    })
    .add({
      method: 'get', path: '/api/approvals/:id', tag: 'approvals', summary: '审批详情与历史', params: idParamSchema,
      response: approvalDetailSchema, handler: ({ actor, params }) => svc.get(actor, params.id),
    })
    .add({
      method: 'post', path: '/api/approvals/:id/decide', tag: 'approvals', summary: '同意、驳回或退回修改（附意见）；由当前一级的审批人（含兜底的上级单位或主管部门）',
      params: idParamSchema, body: decideSchema, response: approvalDetailSchema, handler: ({ actor, params, body }) => svc.decide(actor, params.id, body),
    })
    .add({
      method: 'get', path: '/api/approval-chains', tag: 'approvals', summary: '单位的审批流程（含平台默认）', auth: ['fleet_admin', 'platform_admin', 'approver'],
      query: chainListQuerySchema, response: z.object({ items: z.array(chainSchema) }),
      handler: async ({ actor, query }) => ({ items: await svc.listChains(actor, query.unitId) }),
    })
    .add({
      method: 'put', path: '/api/approval-chains', tag: 'approvals', summary: '设置单位某类审批的流程（逐级审批人）', auth: ['fleet_admin', 'platform_admin'],
      body: setChainSchema, response: z.object({ items: z.array(chainSchema) }),
      handler: async ({ actor, body }) => ({ items: await svc.setChain(actor, body) }),
    });
}
