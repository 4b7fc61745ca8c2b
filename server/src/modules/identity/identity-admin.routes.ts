import { z } from 'zod';
import type { ApiRouter } from '../../platform/http/api-router';
import { createUnitSchema, createUserSchema, setUserRolesSchema, unitSchema, userSchema } from '@shared/identity/identity.schemas';
import type { Context } from 'koa';
import type { IdentityAdminService, RequestOrigin } from './identity-admin.service';

/** Who asked from where, for the role-change entries the service writes to the audit trail. */
const originOf = (ctx: Context): RequestOrigin => ({ ip: ctx.ip || '', requestId: String(ctx.state.requestId ?? '') });

const idParam = z.strictObject({ id: z.coerce.number().int().positive() });

/** 平台管理: the platform admin's writes to the directory, on identity's router. */
export function identityAdminRoutes(router: ApiRouter, svc: IdentityAdminService): ApiRouter {
  return router
    .add({
      method: 'post', path: '/api/units', tag: 'identity', summary: '新建单位（平台管理员）', status: 201, auth: ['platform_admin'],
      body: createUnitSchema, response: unitSchema, handler: ({ actor, body }) => svc.createUnit(actor, body),
    })
    .add({
      method: 'post', path: '/api/users', tag: 'identity', summary: '新建用户并授予角色（平台管理员）', status: 201, auth: ['platform_admin'],
      body: createUserSchema, response: userSchema, handler: ({ actor, body, ctx }) => svc.createUser(actor, body, originOf(ctx)),
    })
    .add({
      method: 'put', path: '/api/users/:id/roles', tag: 'identity', summary: '设置用户角色（平台管理员）', auth: ['platform_admin'],
      params: idParam, body: setUserRolesSchema, response: userSchema, handler: ({ actor, params, body, ctx }) => svc.setRoles(actor, params.id, body, originOf(ctx)),
    });
}
