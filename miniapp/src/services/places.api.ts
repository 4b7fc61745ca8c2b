import { placeDefaultsSchema, placeSearchResultSchema, type PlaceDefaults, type PlaceSuggestion } from '@shared/places/places.schemas';
import { http } from './http';

/** 地点 (server/src/modules/places/places.routes.ts): search through the map provider, the form's start and recent places. */
export async function searchPlaces(keyword: string, region?: string): Promise<PlaceSuggestion[]> {
  return (await http.get('/api/places/search', placeSearchResultSchema, { silent: true, query: { keyword, region } })).items;
}

export function fetchPlaceDefaults(): Promise<PlaceDefaults> {
  return http.get('/api/places/defaults', placeDefaultsSchema, { silent: true });
}
