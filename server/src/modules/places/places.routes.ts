import { ApiRouter } from '../../platform/http/api-router';
import { placeDefaultsSchema, placeSearchQuerySchema, placeSearchResultSchema } from '@shared/places/places.schemas';
import type { PlacesService } from './places.service';

export function placesRoutes(svc: PlacesService): ApiRouter {
  return new ApiRouter()
    .add({
      method: 'get', path: '/api/places/search', tag: 'places', summary: '搜索地点（地图服务的关键词提示，GCJ-02）', query: placeSearchQuerySchema,
      response: placeSearchResultSchema, handler: ({ actor, query }) => svc.search(actor, query),
    })
    .add({
      method: 'get', path: '/api/places/defaults', tag: 'places', summary: '行程表单的默认出发地（本单位地址）与最近、常用地点',
      response: placeDefaultsSchema, handler: ({ actor }) => svc.defaults(actor),
    });
}
