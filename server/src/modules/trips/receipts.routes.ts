import { z } from 'zod';
import { ApiRouter, IMAGE_TYPES, sendImage } from '../../platform/http/api-router';
import { uploadOf } from '../../platform/http/request-middleware';
import { idParamSchema } from '@shared/identity/identity.schemas';
import { receiptImageQuerySchema, receiptSchema, receiptUploadQuerySchema } from '@shared/trips/receipts.schemas';
import type { ReceiptsService } from './receipts.service';

const tag = 'trips';

/** 票据 over HTTP: the upload body is the photo itself (Content-Type: image/jpeg, image/png or image/webp). */
export function receiptsRoutes(receipts: ReceiptsService): ApiRouter {
  return new ApiRouter()
    .add({ method: 'post', path: '/api/assignments/:id/receipts', tag, auth: ['driver'], status: 201, upload: IMAGE_TYPES,
      summary: '上传票据照片（请求体为图片；?kind=fuel|toll|parking|other；出车后、交车审核前）', params: idParamSchema, query: receiptUploadQuerySchema,
      response: receiptSchema, handler: ({ actor, params, query, ctx }) => receipts.upload(actor, params.id, query.kind, uploadOf(ctx)) })
    .add({ method: 'get', path: '/api/assignments/:id/receipts', tag, summary: '任务的票据（带一小时有效的查看链接）', params: idParamSchema,
      response: z.object({ items: z.array(receiptSchema) }), handler: async ({ actor, params }) => ({ items: await receipts.list(actor, params.id) }) })
    .add({ method: 'delete', path: '/api/receipts/:id', tag, auth: ['driver'], summary: '删除自己上传的票据（交车审核前）', params: idParamSchema,
      handler: ({ actor, params }) => receipts.remove(actor, params.id) })
    .add({ method: 'get', path: '/api/receipts/:id/image', tag, auth: false, produces: IMAGE_TYPES, summary: '票据图片（签名链接）', params: idParamSchema, query: receiptImageQuerySchema,
      handler: async ({ params, query, ctx }) => sendImage(ctx, await receipts.image(params.id, query.exp, query.sig)) });
}
