import type { Database } from '../../platform/db/database';
import type { ApiRouter } from '../../platform/http/api-router';
import { auditRoutes } from './audit.routes';
import { AuditService } from './audit.service';

export interface AuditModule { audit: AuditService; router: ApiRouter }

/** The audit trail for the composition root: the platform's AuditSink and the auditors' routes. */
export function createAuditModule(deps: { db: Database }): AuditModule {
  const audit = new AuditService(deps.db);
  return { audit, router: auditRoutes(audit) };
}
