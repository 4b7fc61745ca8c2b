import { z } from 'zod';
import { ApiRouter } from '../../platform/http/api-router';
import { idParamSchema } from '@shared/identity/identity.schemas';
import { applyTravelSchema, attachInvoiceSchema, cardPaymentSchema, cardStatementSchema, linkVehicleSchema, travelListQuerySchema, travelRecordSchema, travelSummarySchema } from '@shared/travel/travel.schemas';
import type { TravelService } from './travel.service';
import type { TravelLinksService } from './travel-links.service';
import { buildTravelWorkbook } from './travel.excel';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function travelRoutes(svc: TravelService, links: TravelLinksService): ApiRouter {
  const tag = 'travel';
  return new ApiRouter()
    .add({ method: 'post', path: '/api/travel', tag, summary: '出差申请（行程、同行人员、住宿、公务接待公函）', auth: ['applicant', 'approver', 'dispatcher'], status: 201,
      body: applyTravelSchema, response: travelRecordSchema, handler: ({ actor, body }) => svc.apply(actor, body) })
    .add({ method: 'get', path: '/api/travel', tag, summary: '我的出差记录（box=finance：待报销的出差记录）', query: travelListQuerySchema,
      response: z.object({ items: z.array(travelSummarySchema) }), handler: ({ actor, query }) => svc.list(actor, query.box) })
    .add({ method: 'get', path: '/api/travel/:id', tag, summary: '出差记录：行程、预订、发票、公务卡支付，每项费用附差旅标准', params: idParamSchema,
      response: travelRecordSchema, handler: ({ actor, params }) => svc.record(actor, params.id) })
    .add({ method: 'post', path: '/api/travel/:id/invoices', tag, summary: '提交发票（录入或电子发票 XML；同一发票只能报销一次）', params: idParamSchema, status: 201,
      body: attachInvoiceSchema, response: travelRecordSchema, handler: ({ actor, params, body }) => svc.attachInvoice(actor, params.id, body) })
    .add({ method: 'post', path: '/api/travel/:id/card-payments', tag, summary: '登记公务卡支付', params: idParamSchema, status: 201,
      body: cardPaymentSchema, response: travelRecordSchema, handler: ({ actor, params, body }) => svc.attachCardPayment(actor, params.id, body) })
    .add({ method: 'post', path: '/api/travel/:id/card-statement', tag, summary: '导入公务卡银行对账单（CSV）', params: idParamSchema,
      body: cardStatementSchema, response: z.object({ imported: z.number().int(), skipped: z.number().int(), record: travelRecordSchema }),
      handler: ({ actor, params, body }) => svc.importCardStatement(actor, params.id, body.csv) })
    .add({ method: 'post', path: '/api/travel/:id/vehicles', tag, summary: '关联出差行程的公务用车或新能源分时租赁（须在批准的该方式行程段内）', params: idParamSchema, status: 201,
      body: linkVehicleSchema, response: travelRecordSchema, handler: ({ actor, params, body }) => links.link(actor, params.id, body) })
    .add({ method: 'get', path: '/api/travel/:id/export.xlsx', tag, summary: '导出差旅费报销单（Excel，财务）', params: idParamSchema, produces: [XLSX],
      handler: async ({ actor, params, ctx }) => {
        const record = await svc.exportable(actor, params.id);
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`差旅费报销单-${record.id}.xlsx`)}`);
        ctx.type = XLSX;
        return buildTravelWorkbook(record);
      } });
}
