import { ApiRouter } from '../../platform/http/api-router';
import { pageOf } from '@shared/common/pagination';
import { idParamSchema } from '@shared/identity/identity.schemas';
import {
  assignmentSchema, createTripSchema, departSchema, rateSchema, reasonSchema, returnSchema, reviewSchema, tripDetailSchema,
  tripListItemSchema, tripListQuerySchema, noShowSchema, correctCostsSchema, assignmentParamsSchema,
} from '@shared/trips/trips.schemas';
import { driverTaskSchema } from '@shared/trips/dispatch.schemas';
import { z } from 'zod';
import type { TripsService } from './trips.service';
import type { TripExecutionService } from './trip-execution.service';
import type { TripCostsService } from './trip-costs.service';

export function tripsRoutes(svc: TripsService, exec: TripExecutionService, costs: TripCostsService): ApiRouter {
  const tag = 'trips';
  return new ApiRouter()
    .add({ method: 'post', path: '/api/trips', tag, summary: '提交用车申请（可代他人预约）', auth: ['applicant', 'approver', 'dispatcher'], status: 201,
      body: createTripSchema, response: tripDetailSchema, handler: ({ actor, body }) => svc.create(actor, body) })
    .add({ method: 'get', path: '/api/trips', tag, summary: '可见的行程（mine=true 仅我的）', query: tripListQuerySchema,
      response: pageOf(tripListItemSchema), handler: ({ actor, query }) => svc.list(actor, query) })
    .add({ method: 'get', path: '/api/trips/:id', tag, summary: '行程详情与全程记录', params: idParamSchema,
      response: tripDetailSchema, handler: ({ actor, params }) => svc.get(actor, params.id) })
    .add({ method: 'put', path: '/api/trips/:id', tag, summary: '修改被退回的申请并重新提交', params: idParamSchema, body: createTripSchema,
      response: tripDetailSchema, handler: ({ actor, params, body }) => svc.update(actor, params.id, body) })
    .add({ method: 'post', path: '/api/trips/:id/cancel', tag, summary: '取消行程（出车前）', params: idParamSchema, body: reasonSchema,
      response: tripDetailSchema, handler: ({ actor, params, body }) => svc.cancel(actor, params.id, body.reason) })
    .add({ method: 'post', path: '/api/trips/:id/no-show', tag, summary: '登记用车人未到（调度员或该行程的驾驶员，出发时间后等候期满）', params: idParamSchema, body: noShowSchema,
      response: tripDetailSchema, handler: ({ actor, params, body }) => svc.noShow(actor, params.id, body.note) })
    .add({ method: 'post', path: '/api/trips/:id/review', tag, summary: '交车审核（调度员）', auth: ['dispatcher'], params: idParamSchema, body: reviewSchema,
      response: tripDetailSchema, handler: ({ actor, params, body }) => svc.review(actor, params.id, body.comment) })
    .add({ method: 'post', path: '/api/trips/:id/assignments/:assignmentId/costs', tag, summary: '更正一辆车的行程费用（交车审核后，调度员）', auth: ['dispatcher'],
      params: assignmentParamsSchema, body: correctCostsSchema, response: tripDetailSchema,
      handler: ({ actor, params, body }) => costs.correct(actor, params.id, params.assignmentId, body) })
    .add({ method: 'post', path: '/api/trips/:id/confirm', tag, summary: '用车人确认行程与费用', params: idParamSchema,
      response: tripDetailSchema, handler: ({ actor, params }) => svc.confirm(actor, params.id) })
    .add({ method: 'post', path: '/api/trips/:id/rate', tag, summary: '评价', params: idParamSchema, body: rateSchema,
      response: tripDetailSchema, handler: ({ actor, params, body }) => svc.rate(actor, params.id, body) })
    .add({ method: 'get', path: '/api/driver/tasks', tag, summary: '我的出车任务（按时间）', auth: ['driver'],
      response: z.object({ items: z.array(driverTaskSchema) }), handler: async ({ actor }) => ({ items: await exec.tasks(actor) }) })
    .add({ method: 'post', path: '/api/assignments/:id/accept', tag, summary: '驾驶员确认任务', auth: ['driver'], params: idParamSchema,
      response: assignmentSchema, handler: ({ actor, params }) => exec.accept(actor, params.id) })
    .add({ method: 'post', path: '/api/assignments/:id/depart', tag, summary: '出车（里程、时间）', auth: ['driver'], params: idParamSchema, body: departSchema,
      response: assignmentSchema, handler: ({ actor, params, body }) => exec.depart(actor, params.id, body) })
    .add({ method: 'post', path: '/api/assignments/:id/return', tag, summary: '回场（里程、油/电费、过路过桥费、停车费、其他，单位分）', auth: ['driver'],
      params: idParamSchema, body: returnSchema, response: assignmentSchema, handler: ({ actor, params, body }) => exec.returnTrip(actor, params.id, body) });
}
