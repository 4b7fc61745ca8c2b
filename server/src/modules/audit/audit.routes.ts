import { ApiRouter } from '../../platform/http/api-router';
import { auditEntrySchema, auditSearchSchema, auditVerifySchema } from '@shared/audit/audit.schemas';
import { pageOf } from '@shared/common/pagination';
import type { AuditService } from './audit.service';

export function auditRoutes(svc: AuditService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/audit/entries', tag: 'audit', summary: '查询审计日志（平台管理员全部，监管人员本辖区）', auth: ['platform_admin', 'supervisor'],
      query: auditSearchSchema, response: pageOf(auditEntrySchema), handler: ({ actor, query }) => svc.search(actor, query),
    })
    .add({
      method: 'get', path: '/api/audit/verify', tag: 'audit', summary: '校验审计日志的 SM3 摘要链', auth: ['platform_admin'],
      response: auditVerifySchema, handler: ({ actor }) => svc.verifyAs(actor),
    });
}
