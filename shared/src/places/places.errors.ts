/** Error codes of places (place search, the start and recent places), answered in the error envelope. */
export const PlacesErrorCode = {
  /** The map provider refused or failed the search (502). */
  PLACE_SEARCH_FAILED: 'PLACE_SEARCH_FAILED',
} as const;
export type PlacesErrorCode = (typeof PlacesErrorCode)[keyof typeof PlacesErrorCode];
