import type { Database } from '../../platform/db/database';
import type { RedisClient } from '../../platform/redis';
import type { Clock } from '../../platform/clock';
import type { ApiRouter } from '../../platform/http/api-router';
import { IdentityRepository } from './identity.repository';
import { IdentityService } from './identity.service';
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
}): IdentityModule {
  const repository = new IdentityRepository(deps.db);
  const sessions = new SessionStore(deps.redis, deps.clock, deps.sessionTtlSeconds, deps.maxSessionsPerUser ?? 0);
  const identity = new IdentityService(repository, sessions, deps.wechatAuth, { demoLogin: deps.demoLogin });
  const admin = new IdentityAdminService(deps.db, repository, new IdentityAdminRepository(deps.db));
  return { identity, router: identityAdminRoutes(identityRoutes(identity), admin) };
}
