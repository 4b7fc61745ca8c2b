import { SupervisionErrorCode } from '@shared/supervision/supervision.errors';
import { poiCategoryLabel, type SensitivePlace, type SensitivePlaceInput } from '@shared/supervision/supervision.schemas';
import { ConflictError, NotFoundError } from '../../platform/errors';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import { canReadPoolRegion, type RequestActor } from '../../platform/access';
import type { PoiRow } from './supervision.entity';
import type { SupervisionRepository } from './supervision.repository';

/**
 * The sensitive-place list (敏感场所) the dwell rule reads: read by whoever reads warnings of a region,
 * added to by a supervisor for their region and below (the platform admin anywhere), each entry with
 * its source. The list is the province's: a place in one county is sensitive for every car passing it.
 */
export class SensitivePlacesService {
  constructor(private readonly db: Database, private readonly repo: SupervisionRepository, private readonly clock: Clock) {}

  async list(): Promise<SensitivePlace[]> {
    return (await this.repo.places()).map(toPlace);
  }

  async add(actor: RequestActor, input: SensitivePlaceInput): Promise<SensitivePlace> {
    if (!canReadPoolRegion(actor, input.regionCode)) {
      throw new NotFoundError(SupervisionErrorCode.REGION_OUT_OF_SCOPE, `区划 ${input.regionCode} 不存在或不在您的监管范围内`);
    }
    const row = await this.db.transaction(async () => {
      if (await this.repo.findPlace(input.name, input.regionCode)) {
        throw new ConflictError(SupervisionErrorCode.PLACE_DUPLICATE, `区划 ${input.regionCode} 已有敏感场所「${input.name}」`);
      }
      return this.repo.insertPlace({ ...input, enabled: true, createdBy: actor.userId, createdAt: this.clock.now() });
    });
    return toPlace(row);
  }
}

const toPlace = (p: PoiRow): SensitivePlace => ({
  id: p.id, name: p.name, category: p.category, categoryLabel: poiCategoryLabel[p.category], lat: Number(p.lat), lng: Number(p.lng),
  radiusM: p.radiusM, regionCode: p.regionCode, source: p.source, enabled: !!p.enabled,
});
