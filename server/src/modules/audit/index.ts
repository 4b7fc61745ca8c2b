export { AuditService } from './audit.service';
export { createAuditModule } from './audit.module';
export type { AuditModule } from './audit.module';
