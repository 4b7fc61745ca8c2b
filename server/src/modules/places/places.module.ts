import type { Logger } from '../../platform/logger';
import type { ApiRouter } from '../../platform/http/api-router';
import type { IdentityService } from '../identity';
import type { PlaceSearchGateway } from './place-search.gateway';
import { placesRoutes } from './places.routes';
import { PlacesService, type TripPlaceHistory } from './places.service';

export interface PlacesModule { places: PlacesService; router: ApiRouter }

/** Places: search through the map provider, the form's start and the user's recent places. */
export function createPlacesModule(deps: {
  identity: Pick<IdentityService, 'unitById'>;
  search: PlaceSearchGateway;
  history: TripPlaceHistory;
  logger: Logger;
}): PlacesModule {
  const places = new PlacesService(deps.identity, deps.search, deps.history, deps.logger);
  return { places, router: placesRoutes(places) };
}

/** The map provider: Tencent Location Service with TENCENT_MAP_KEY (and TENCENT_MAP_API_BASE), else the project's fake. */
export interface PlacesSettings { key: string | null; apiBase: string }
export function loadPlacesSettings(env: Readonly<Record<string, string | undefined>>): PlacesSettings {
  return { key: env.TENCENT_MAP_KEY?.trim() || null, apiBase: env.TENCENT_MAP_API_BASE?.trim() || 'https://apis.map.qq.com' };
}
