import type { Database } from '../../platform/db/database';
import type { RedisClient } from '../../platform/redis';
import type { Clock } from '../../platform/clock';
import type { EventBus } from '../../platform/events';
import type { ApiRouter } from '../../platform/http/api-router';
import { IdentityRepository } from './identity.repository';
import { IdentityService } from './identity.service';
import { loadIdentitySecuritySettings, TotpService } from './totp.service';
import type { AuditSink } from '../../platform/audit';
import { identityRoutes } from './identity.routes';
import { IdentityAdminRepository } from './identity-admin.repository';
import { IdentityAdminService } from './identity-admin.service';
import { identityAdminRoutes } from './identity-admin.routes';
import { SessionStore } from './session.store';
import type { WechatAuthGateway } from './wechat-auth.gateway';

export interface IdentityModule {
  identity: IdentityService;
  router: ApiRouter;
}

/** Identity for the composition root: sessions in Redis, sign-in through the WeChat gateway it is given. */
export function createIdentityModule(deps: {
  db: Database;
  redis: RedisClient;
  clock: Clock;
  wechatAuth: WechatAuthGateway;
  sessionTtlSeconds: number;
  /** Sessions one user may hold at once (0: uncapped). */
  maxSessionsPerUser?: number;
  demoLogin: boolean;
  /** Units created are told through the outbox (unit.created). */
  events: Pick<EventBus, 'record'>;
  /** Role changes are recorded here (the audit module's service). */
  audit: AuditSink;
  /** PRIVILEGED_IDLE_MINUTES, TOTP_ISSUER, TOTP_CHALLENGE_SECONDS. */
  env: Readonly<Record<string, string | undefined>>;
}): IdentityModule {
  const repository = new IdentityRepository(deps.db);
  const sessions = new SessionStore(deps.redis, deps.clock, deps.sessionTtlSeconds, deps.maxSessionsPerUser ?? 0);
  const totp = new TotpService(repository, deps.redis, deps.clock, loadIdentitySecuritySettings(deps.env, { demoLogin: deps.demoLogin }));
  const identity = new IdentityService(repository, sessions, deps.wechatAuth, { demoLogin: deps.demoLogin }, { totp });
  const admin = new IdentityAdminService(deps.db, repository, new IdentityAdminRepository(deps.db), { audit: deps.audit, sessions, clock: deps.clock, events: deps.events });
  return { identity, router: identityAdminRoutes(identityRoutes(identity), admin) };
}
