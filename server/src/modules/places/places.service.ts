import type { RequestActor } from '../../platform/access/actor';
import { UpstreamError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { PlacesErrorCode, type PlaceDefaults, type PlaceSearchQuery, type PlaceSearchResult } from '@shared/places/places.schemas';
import type { IdentityService } from '../identity';
import type { PlaceSearchGateway } from './place-search.gateway';
import { cityOf, usedPlaces, type PlaceUse } from './places.rules';

/** Where a user's trips went: the composition root fills it from trips (places stays unaware of trips). */
export interface TripPlaceHistory {
  placesUsedBy(userId: number): Promise<PlaceUse[]>;
}

/** Place search, the form's start and the user's recent and frequent places (#14 item 1). */
export class PlacesService {
  constructor(
    private readonly identity: Pick<IdentityService, 'unitById'>,
    private readonly search_: PlaceSearchGateway,
    private readonly history: TripPlaceHistory,
    private readonly logger: Logger,
  ) {}

  /** Any signed-in user may search; the region defaults to their unit's city. */
  async search(actor: RequestActor, q: PlaceSearchQuery): Promise<PlaceSearchResult> {
    const region = q.region ?? cityOf((await this.identity.unitById(actor.unitId))?.address);
    try {
      return { items: await this.search_.suggest(q.keyword, region) };
    } catch (err) {
      this.logger.warn({ err, keyword: q.keyword, region }, 'place search failed');
      throw new UpstreamError(PlacesErrorCode.PLACE_SEARCH_FAILED, '地点搜索暂不可用，请直接输入地址');
    }
  }

  /** The start (the user's own unit at its address), the search region, recent and frequent places. */
  async defaults(actor: RequestActor): Promise<PlaceDefaults> {
    const unit = await this.identity.unitById(actor.unitId);
    const located = unit?.address && unit.lat != null && unit.lng != null;
    return {
      start: located ? { name: unit.name, address: unit.address!, lat: Number(unit.lat), lng: Number(unit.lng) } : null,
      region: cityOf(unit?.address),
      ...usedPlaces(await this.history.placesUsedBy(actor.userId)),
    };
  }
}
