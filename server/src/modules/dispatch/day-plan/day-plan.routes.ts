import { ApiRouter } from '../../../platform/http/api-router';
import { DAY_PLAN_READERS } from '../../../platform/access';
import { idParamSchema } from '@shared/identity/identity.schemas';
import {
  dayPlanCreateSchema, dayPlanListQuerySchema, dayPlanListSchema, dayPlanMoveOptionsSchema, dayPlanMoveQuerySchema, dayPlanMoveSchema, dayPlanSchema,
} from '@shared/trips/day-plan.schemas';
import type { DayPlanService } from './day-plan.service';

export function dayPlanRoutes(svc: DayPlanService): ApiRouter {
  const tag = 'dispatch';
  const dispatcher = ['dispatcher'] as const;
  return new ApiRouter()
    .add({ method: 'post', path: '/api/dispatch/day-plans', tag, summary: '生成某日排班方案（快速：约 1 秒即返回；精细：后台计算数分钟）', auth: dispatcher, status: 201,
      body: dayPlanCreateSchema, response: dayPlanSchema, handler: ({ actor, body }) => svc.create(actor, body) })
    .add({ method: 'get', path: '/api/dispatch/day-plans', tag, summary: '本单位（主管部门：辖区内各单位）的排班方案（可按日期），新的在前', auth: DAY_PLAN_READERS,
      query: dayPlanListQuerySchema, response: dayPlanListSchema, handler: async ({ actor, query }) => ({ items: await svc.list(actor, query.date) }) })
    .add({ method: 'get', path: '/api/dispatch/day-plans/:id', tag, summary: '排班方案详情（主管部门只读）', auth: DAY_PLAN_READERS,
      params: idParamSchema, response: dayPlanSchema, handler: ({ actor, params }) => svc.get(actor, params.id) })
    .add({ method: 'post', path: '/api/dispatch/day-plans/:id/apply', tag, summary: '按方案派车（每单独立提交，已变化的行程逐单说明）', auth: dispatcher,
      params: idParamSchema, response: dayPlanSchema, handler: ({ actor, params }) => svc.apply(actor, params.id) })
    .add({ method: 'get', path: '/api/dispatch/day-plans/:id/moves', tag, summary: '调整方案：某行程可改派到哪些车（可行的在前，注明不可行原因与空驶变化）', auth: dispatcher,
      params: idParamSchema, query: dayPlanMoveQuerySchema, response: dayPlanMoveOptionsSchema,
      handler: async ({ actor, params, query }) => ({ items: await svc.moveOptions(actor, params.id, query) }) })
    .add({ method: 'post', path: '/api/dispatch/day-plans/:id/moves', tag, summary: '调整方案：行程换车、移出方案或安排给某车（按方案规则核对）', auth: dispatcher,
      params: idParamSchema, body: dayPlanMoveSchema, response: dayPlanSchema, handler: ({ actor, params, body }) => svc.move(actor, params.id, body) });
}
