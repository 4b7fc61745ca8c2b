import { z } from 'zod';
import { ApiRouter, IMAGE_TYPES, sendImage } from '../../platform/http/api-router';
import { uploadOf } from '../../platform/http/request-middleware';
import { photoImageQuerySchema } from '@shared/common/handover';
import { idParamSchema } from '@shared/identity/identity.schemas';
import {
  bookDiningSchema, bookHotelSchema, bookTicketSchema, cancelSchema, diningOfferSchema, diningSearchSchema, fareSchema, fareSearchSchema, hotelOfferSchema,
  hotelSearchSchema, inventorySchema, lodgingStandardSchema, receptionStandardSchema, refuseSchema, reservationListQuerySchema, reservationPaymentSchema, reservationSchema,
  setRoomNightsSchema, setTablesSchema, standardsSchema,
} from '@shared/reservations/reservations.schemas';
import type { ReservationsService } from './reservations.service';
import type { SupplierService } from './supplier.service';
import type { StandardsService } from './standards.service';
import type { PriceRecordService } from './price-record.service';

const traveller = ['applicant', 'approver', 'dispatcher'] as const;

export function reservationsRoutes(svc: ReservationsService, supplier: SupplierService, standards: StandardsService, priceRecords: PriceRecordService): ApiRouter {
  const tag = 'reservations';
  const items = <T extends z.ZodTypeAny>(s: T) => z.object({ items: z.array(s) });
  return new ApiRouter()
    .add({ method: 'get', path: '/api/reservations/trips', tag, summary: '可预订服务的行程（已审批、未结束）', auth: [...traveller],
      response: items(z.object({ id: z.number().int(), purpose: z.string(), startAt: z.string(), endAt: z.string(), destinationNames: z.array(z.string()), kind: z.string() })),
      handler: ({ actor }) => svc.bookableTrips(actor) })
    .add({ method: 'get', path: '/api/reservations/hotels', tag, summary: '查询协议酒店房型（附差旅住宿费标准）', auth: [...traveller], query: hotelSearchSchema,
      response: items(hotelOfferSchema), handler: ({ actor, query }) => svc.searchHotels(actor, query) })
    .add({ method: 'get', path: '/api/reservations/dining', tag, summary: '查询公务接待餐饮（附人均标准）', auth: [...traveller], query: diningSearchSchema,
      response: items(diningOfferSchema), handler: ({ actor, query }) => svc.searchDining(actor, query) })
    .add({ method: 'get', path: '/api/reservations/fares', tag, summary: '查询车次/航班票价与余票（附乘坐等级标准）', auth: [...traveller], query: fareSearchSchema,
      response: items(fareSchema), handler: ({ actor, query }) => svc.searchFares(actor, query) })
    .add({ method: 'post', path: '/api/reservations/hotel', tag, summary: '预订酒店', auth: [...traveller], status: 201, body: bookHotelSchema,
      response: reservationSchema, handler: ({ actor, body }) => svc.bookHotel(actor, body) })
    .add({ method: 'post', path: '/api/reservations/dining', tag, summary: '预订公务接待用餐', auth: [...traveller], status: 201, body: bookDiningSchema,
      response: reservationSchema, handler: ({ actor, body }) => svc.bookDining(actor, body) })
    .add({ method: 'post', path: '/api/reservations/ticket', tag, summary: '预订车票/机票', auth: [...traveller], status: 201, body: bookTicketSchema,
      response: reservationSchema, handler: ({ actor, body }) => svc.bookTicket(actor, body) })
    .add({ method: 'post', path: '/api/reservations/:id/price-record/screenshot', tag, auth: [...traveller], upload: IMAGE_TYPES, params: idParamSchema,
      summary: '为市场价格机票的比价记录附截图（可选；请求体为图片，再传替换上一张）', response: reservationSchema,
      handler: ({ actor, params, ctx }) => priceRecords.upload(actor, params.id, uploadOf(ctx)) })
    .add({ method: 'get', path: '/api/reservations/price-records/:id/image', tag, auth: false, produces: IMAGE_TYPES, summary: '比价截图（签名链接）',
      params: idParamSchema, query: photoImageQuerySchema,
      handler: async ({ params, query, ctx }) => sendImage(ctx, await priceRecords.image(params.id, query.exp, query.sig)) })
    .add({ method: 'get', path: '/api/reservations/standards', tag, summary: '差旅住宿、公务接待、交通工具等级标准', response: standardsSchema,
      handler: () => standards.list() })
    .add({ method: 'put', path: '/api/reservations/standards/lodging', tag, summary: '设置差旅住宿费标准（平台管理员）', auth: ['platform_admin'], body: lodgingStandardSchema,
      response: standardsSchema, handler: ({ actor, body }) => standards.setLodging(actor, body) })
    .add({ method: 'put', path: '/api/reservations/standards/reception', tag, summary: '设置公务接待标准（平台管理员）', auth: ['platform_admin'], body: receptionStandardSchema,
      response: standardsSchema, handler: ({ actor, body }) => standards.setReception(actor, body) })
    .add({ method: 'get', path: '/api/reservations/inventory', tag, summary: '本单位库存（酒店房量/餐位）', auth: ['supplier_operator'], response: inventorySchema,
      handler: ({ actor }) => supplier.inventory(actor) })
    .add({ method: 'put', path: '/api/reservations/inventory/rooms', tag, summary: '设置房型每晚房量与房价', auth: ['supplier_operator'], body: setRoomNightsSchema,
      response: inventorySchema, handler: ({ actor, body }) => supplier.setRoomNights(actor, body) })
    .add({ method: 'put', path: '/api/reservations/inventory/tables', tag, summary: '设置餐段桌数', auth: ['supplier_operator'], body: setTablesSchema,
      response: inventorySchema, handler: ({ actor, body }) => supplier.setTables(actor, body) })
    .add({ method: 'get', path: '/api/reservations', tag, summary: '我的预订（box=supplier：发给本单位的预订）', query: reservationListQuerySchema,
      response: items(reservationSchema), handler: ({ actor, query }) => svc.list(actor, query.box, query.status) })
    .add({ method: 'get', path: '/api/reservations/:id', tag, summary: '预订详情', params: idParamSchema, response: reservationSchema,
      handler: ({ actor, params }) => svc.get(actor, params.id) })
    .add({ method: 'post', path: '/api/reservations/:id/cancel', tag, summary: '取消预订（按取消规则）', params: idParamSchema, body: cancelSchema,
      response: reservationSchema, handler: ({ actor, params, body }) => svc.cancel(actor, params.id, body.reason) })
    .add({ method: 'post', path: '/api/reservations/:id/pay', tag, summary: '微信支付超标准差额（本人自付）', params: idParamSchema,
      response: reservationPaymentSchema, handler: ({ actor, params }) => svc.pay(actor, params.id) })
    .add({ method: 'post', path: '/api/reservations/:id/confirm', tag, summary: '商家确认（票务：出票）', auth: ['supplier_operator'], params: idParamSchema,
      response: reservationSchema, handler: ({ actor, params }) => supplier.confirm(actor, params.id) })
    .add({ method: 'post', path: '/api/reservations/:id/refuse', tag, summary: '商家拒绝', auth: ['supplier_operator'], params: idParamSchema, body: refuseSchema,
      response: reservationSchema, handler: ({ actor, params, body }) => supplier.refuse(actor, params.id, body.reason) });
}
