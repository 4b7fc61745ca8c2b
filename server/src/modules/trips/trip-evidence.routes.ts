import { ApiRouter, IMAGE_TYPES, sendImage } from '../../platform/http/api-router';
import { uploadOf } from '../../platform/http/request-middleware';
import { idParamSchema } from '@shared/identity/identity.schemas';
import { photoImageQuerySchema } from '@shared/common/handover';
import { tripEvidencePhotoSchema, tripEvidenceSchema, tripEvidenceUploadParamsSchema } from '@shared/trips/trip-evidence.schemas';
import type { TripEvidenceService } from './trip-evidence.service';

const tag = 'trips';

/** 出车 / 回场 photos over HTTP (#21 item 2): the upload body is the photo itself (image/jpeg, image/png or image/webp). */
export function tripEvidenceRoutes(evidence: TripEvidenceService): ApiRouter {
  return new ApiRouter()
    .add({ method: 'post', path: '/api/assignments/:id/evidence/:stage/:side', tag, auth: ['driver'], status: 201, upload: IMAGE_TYPES,
      summary: '出车（depart）或回场（return）时拍摄车头、车尾、左侧、右侧（请求体为图片），同时记录车载终端当时的状态',
      params: tripEvidenceUploadParamsSchema, response: tripEvidencePhotoSchema,
      handler: ({ actor, params, ctx }) => evidence.upload(actor, params.id, params.stage, params.side, uploadOf(ctx)) })
    .add({ method: 'get', path: '/api/trips/:id/evidence', tag, summary: '行程各车的出车、回场照片与拍摄时的车辆状态（里程、车门、位置）',
      params: idParamSchema, response: tripEvidenceSchema, handler: ({ actor, params }) => evidence.ofTrip(actor, params.id) })
    .add({ method: 'get', path: '/api/trip-evidence/:id/image', tag, auth: false, produces: IMAGE_TYPES, summary: '出车/回场照片（签名链接）',
      params: idParamSchema, query: photoImageQuerySchema,
      handler: async ({ params, query, ctx }) => sendImage(ctx, await evidence.image(params.id, query.exp, query.sig)) });
}
