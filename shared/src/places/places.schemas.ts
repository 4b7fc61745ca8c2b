import { z } from 'zod';

/**
 * Places (#14 item 1): any address a trip starts or ends at. Coordinates are GCJ-02, as the map
 * provider answers and WeChat's map draws; a source in WGS-84 (a terminal, a phone's GPS) is converted
 * at its edge. A typed free address keeps its text and has no coordinates.
 */
export { PlacesErrorCode } from './places.errors';

export const placeSearchQuerySchema = z.object({
  keyword: z.string().trim().min(1, '请输入要搜索的地点').max(60, '搜索词最多 60 个字'),
  /** A city or county name (石家庄市, 保定市); the user's own city when absent. */
  region: z.string().trim().max(30, '地区名称最多 30 个字').optional(),
});
export type PlaceSearchQuery = z.infer<typeof placeSearchQuerySchema>;

export const placeSuggestionSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
});
export type PlaceSuggestion = z.infer<typeof placeSuggestionSchema>;

export const placeSearchResultSchema = z.object({ items: z.array(placeSuggestionSchema) });
export type PlaceSearchResult = z.infer<typeof placeSearchResultSchema>;

/** A place the user went before, with how often (frequent) and when last (recent). */
export const usedPlaceSchema = z.object({
  name: z.string(),
  address: z.string().optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  times: z.number().int(),
  lastAt: z.string(),
});
export type UsedPlace = z.infer<typeof usedPlaceSchema>;

export const placeDefaultsSchema = z.object({
  /** The user's own unit at its address: the form's start. Null when the unit has no address on record. */
  start: z.object({ name: z.string(), address: z.string(), lat: z.number(), lng: z.number() }).nullable(),
  /** The unit's city, the search's default region. */
  region: z.string(),
  recent: z.array(usedPlaceSchema),
  frequent: z.array(usedPlaceSchema),
});
export type PlaceDefaults = z.infer<typeof placeDefaultsSchema>;
