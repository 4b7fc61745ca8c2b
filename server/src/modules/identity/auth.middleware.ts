import { CommonErrorCode } from '@shared/common/errors';
import type { Context, Next } from 'koa';
import { UnauthenticatedError } from '../../platform/errors';
import type { IdentityService } from './identity.service';

/**
 * Reads `Authorization: Bearer <token>` and puts the actor (with its data scope) on ctx.state.
 * A bad token does not fail here: routes that need a user throw the stored reason; public routes ignore it.
 */
export function authMiddleware(identity: IdentityService) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const header = ctx.get('authorization');
    const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (header && !m) ctx.state.authError = new UnauthenticatedError(CommonErrorCode.UNAUTHENTICATED, 'Authorization 头格式应为 Bearer <token>');
    if (m) {
      try {
        ctx.state.actor = await identity.resolveActor(m[1]);
      } catch (e) {
        if (!(e instanceof UnauthenticatedError)) throw e;
        ctx.state.authError = e;
      }
    }
    await next();
  };
}
