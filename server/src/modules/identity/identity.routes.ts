import { z } from 'zod';
import { ApiRouter } from '../../platform/http/api-router';
import { pageOf, pageQuerySchema } from '@shared/common/pagination';
import {
  companyListQuerySchema, currentUserSchema, demoLoginSchema, demoUsersSchema, regionSchema, sessionSchema, signInResultSchema,
  totpConfirmSchema, totpEnrolmentSchema, totpStatusSchema, totpVerifySchema, unitSchema, userSchema, wxLoginSchema,
} from '@shared/identity/identity.schemas';
import { privilegedRoles } from '@shared/identity/identity.schemas';
import type { IdentityService } from './identity.service';

const PRIVILEGED = [...privilegedRoles];
const idParam = z.strictObject({ id: z.coerce.number().int().positive() });
const regionParam = z.strictObject({ code: z.string().regex(/^\d{6}(\d{3})?$/, '区划代码为 6 位或 9 位数字') });

export function identityRoutes(svc: IdentityService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'post', path: '/api/auth/wx-login', tag: 'auth', auth: false, summary: '小程序登录：wx.login 的 code 换取会话',
      body: wxLoginSchema, response: signInResultSchema, handler: ({ body }) => svc.wxLogin(body.code),
    })
    .add({
      method: 'get', path: '/api/auth/demo-users', tag: 'auth', auth: false, summary: '演示账号列表（仅演示环境）',
      response: demoUsersSchema, handler: async () => ({ items: await svc.listDemoUsers() }),
    })
    .add({
      method: 'post', path: '/api/auth/demo-login', tag: 'auth', auth: false, summary: '以演示账号登录（仅演示环境）',
      body: demoLoginSchema, response: signInResultSchema, handler: ({ body }) => svc.demoLogin(body.userId),
    })
    .add({
      method: 'post', path: '/api/auth/totp/verify', tag: 'auth', auth: false, summary: '登录第二步：输入动态口令（已绑定的平台管理员与主管部门）',
      body: totpVerifySchema, response: sessionSchema, handler: ({ body }) => svc.verifyTotp(body.challenge, body.code),
    })
    .add({
      method: 'post', path: '/api/auth/totp/enrol-verify', tag: 'auth', auth: false, summary: '登录时绑定动态口令：输入身份验证器上的第一个口令（须开启两步验证而未绑定的账号）',
      body: totpVerifySchema, response: sessionSchema, handler: ({ body }) => svc.verifyTotpEnrolment(body.challenge, body.code),
    })
    .add({
      method: 'get', path: '/api/auth/totp', tag: 'auth', summary: '本人的动态口令状态（是否须绑定、是否已绑定、闲置超时）',
      response: totpStatusSchema, handler: ({ actor }) => svc.totpStatus(actor),
    })
    .add({
      method: 'post', path: '/api/auth/totp/enrol', tag: 'auth', auth: PRIVILEGED, summary: '开始绑定动态口令：生成密钥（otpauth 链接）',
      response: totpEnrolmentSchema, handler: ({ actor }) => svc.enrolTotp(actor),
    })
    .add({
      method: 'post', path: '/api/auth/totp/confirm', tag: 'auth', auth: PRIVILEGED, summary: '确认绑定动态口令：输入身份验证器上的第一个口令',
      body: totpConfirmSchema, response: totpStatusSchema, handler: ({ actor, body }) => svc.confirmTotp(actor, body.code),
    })
    .add({
      method: 'post', path: '/api/auth/logout', tag: 'auth', summary: '注销当前会话',
      handler: async ({ actor }) => { await svc.logout(actor); },
    })
    .add({
      method: 'post', path: '/api/auth/logout-all', tag: 'auth', summary: '注销本人的全部会话',
      response: z.object({ revoked: z.number().int() }),
      handler: async ({ actor }) => ({ revoked: await svc.logoutEverywhere(actor) }),
    })
    .add({ method: 'get', path: '/api/me', tag: 'auth', summary: '当前用户', response: currentUserSchema, handler: ({ actor }) => svc.me(actor) })
    .add({
      method: 'get', path: '/api/regions', tag: 'identity', summary: '可见的行政区划',
      response: z.object({ items: z.array(regionSchema) }), handler: async ({ actor }) => ({ items: await svc.listRegions(actor) }),
    })
    .add({
      method: 'get', path: '/api/regions/:code', tag: 'identity', summary: '行政区划详情',
      params: regionParam, response: regionSchema, handler: ({ actor, params }) => svc.getRegion(actor, params.code),
    })
    .add({
      method: 'get', path: '/api/units', tag: 'identity', summary: '可见的单位', query: pageQuerySchema,
      response: pageOf(unitSchema), handler: ({ actor, query }) => svc.listUnits(actor, query),
    })
    .add({
      method: 'get', path: '/api/companies', tag: 'identity', summary: '定点企业名录（租赁、酒店、餐饮、票务、三定）', query: companyListQuerySchema,
      response: z.object({ items: z.array(unitSchema) }), handler: async ({ query }) => ({ items: await svc.listCompanies(query.kind) }),
    })
    .add({
      method: 'get', path: '/api/units/:id', tag: 'identity', summary: '单位详情',
      params: idParam, response: unitSchema, handler: ({ actor, params }) => svc.getUnit(actor, params.id),
    })
    .add({
      method: 'get', path: '/api/users', tag: 'identity', summary: '可见的用户', query: pageQuerySchema,
      response: pageOf(userSchema), handler: ({ actor, query }) => svc.listUsers(actor, query),
    })
    .add({
      method: 'get', path: '/api/users/:id', tag: 'identity', summary: '用户详情',
      params: idParam, response: userSchema, handler: ({ actor, params }) => svc.getUser(actor, params.id),
    });
}
