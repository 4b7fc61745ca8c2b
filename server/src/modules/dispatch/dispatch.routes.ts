import { z } from 'zod';
import { ApiRouter } from '../../platform/http/api-router';
import { idParamSchema } from '@shared/identity/identity.schemas';
import { assignmentSchema, emergencyTripSchema, reasonSchema, tripDetailSchema } from '@shared/trips/trips.schemas';
import {
  candidateQuerySchema, candidatesSchema, emergencyResultSchema, manualDispatchSchema, oneClickResultSchema, oneClickSchema, reassignSchema,
  rentalAcceptSchema, rentalOrderSchema,
} from '@shared/trips/dispatch.schemas';
import type { DispatchService } from './dispatch.service';
import type { EmergencyService } from './emergency.service';
import type { RentalOrdersService } from './rental-orders.service';

export function dispatchRoutes(svc: DispatchService, emergency: EmergencyService, rental: RentalOrdersService): ApiRouter {
  const tag = 'dispatch';
  const dispatcher = ['dispatcher'] as const;
  return new ApiRouter()
    .add({ method: 'get', path: '/api/dispatch/candidates', tag, summary: '某行程时段内可派的车辆与驾驶员（含不可派原因）', auth: dispatcher,
      query: candidateQuerySchema, response: candidatesSchema, handler: ({ actor, query }) => svc.candidates(actor, query) })
    .add({ method: 'post', path: '/api/dispatch/trips/:id', tag, summary: '手动派车（多车同派须一次选齐）或转租赁企业', auth: dispatcher,
      params: idParamSchema, body: manualDispatchSchema, response: tripDetailSchema, handler: ({ actor, params, body }) => svc.manual(actor, params.id, body) })
    .add({ method: 'post', path: '/api/dispatch/one-click', tag, summary: '一键派车（指定行程或本调度池全部待派车行程），附派车理由', auth: dispatcher,
      body: oneClickSchema, response: oneClickResultSchema, handler: ({ actor, body }) => svc.oneClick(actor, body.tripIds) })
    .add({ method: 'post', path: '/api/dispatch/emergency', tag, summary: '紧急调度：先派车后补单，必要时抢占低优先级行程', auth: dispatcher, status: 201,
      body: emergencyTripSchema, response: emergencyResultSchema, handler: ({ actor, body }) => emergency.emergency(actor, body) })
    .add({ method: 'post', path: '/api/dispatch/assignments/:id/reassign', tag, summary: '改派（附原因）', auth: dispatcher,
      params: idParamSchema, body: reassignSchema, response: assignmentSchema, handler: ({ actor, params, body }) => svc.reassign(actor, params.id, body) })
    .add({ method: 'get', path: '/api/rental-orders', tag, summary: '发给本租赁企业的订单', auth: ['rental_operator'],
      response: z.object({ items: z.array(rentalOrderSchema) }), handler: async ({ actor }) => ({ items: await rental.list(actor) }) })
    .add({ method: 'post', path: '/api/rental-orders/:id/accept', tag, summary: '接单并指派本企业车辆与驾驶员', auth: ['rental_operator'],
      params: idParamSchema, body: rentalAcceptSchema, response: rentalOrderSchema, handler: ({ actor, params, body }) => rental.accept(actor, params.id, body) })
    .add({ method: 'post', path: '/api/rental-orders/:id/decline', tag, summary: '拒单（附原因）', auth: ['rental_operator'],
      params: idParamSchema, body: reasonSchema, response: rentalOrderSchema, handler: ({ actor, params, body }) => rental.decline(actor, params.id, body.reason) });
}
