// What the composition root uses of places: the service, the search port and its adapter, the factory.
export { PlacesService } from './places.service';
export type { TripPlaceHistory } from './places.service';
export { PlaceSearchError, TencentPlaceSearchGateway } from './place-search.gateway';
export type { PlaceSearchGateway } from './place-search.gateway';
export { createPlacesModule, loadPlacesSettings } from './places.module';
export type { PlacesModule, PlacesSettings } from './places.module';
