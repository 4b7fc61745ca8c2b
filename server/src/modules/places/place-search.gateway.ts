import { getJson } from '../../platform/http/http-client';
import type { PlaceSuggestion } from '@shared/places/places.schemas';

/**
 * The map provider's place search behind an interface (#14 item 1). The adapter speaks Tencent Location
 * Service's WebService place suggestion API (关键词输入提示): `GET {base}/ws/place/v1/suggestion?keyword=
 * &region=&region_fix=&page_size=&key=` answering `{ status, message, count, data: [{ id, title, address,
 * province, city, district, adcode, location: { lat, lng } }] }` with GCJ-02 coordinates; status 0 is
 * success, anything else (110 bad key, 120/121 quota, 311 bad parameter) is the provider's refusal.
 * The embedded default/demo points it at the project's fake (server/src/fakes/tencent-map), which answers
 * the same format from a seeded gazetteer of Hebei places.
 */
export interface PlaceSearchGateway {
  suggest(keyword: string, region: string): Promise<PlaceSuggestion[]>;
}

export class PlaceSearchError extends Error {
  constructor(readonly status: number | null, message: string) {
    super(message);
    this.name = 'PlaceSearchError';
  }
}

interface SuggestionReply {
  status?: unknown; message?: unknown;
  data?: Array<{ id?: unknown; title?: unknown; address?: unknown; location?: { lat?: unknown; lng?: unknown } }>;
}

export class TencentPlaceSearchGateway implements PlaceSearchGateway {
  constructor(private readonly base: () => string, private readonly key: string, private readonly timeoutMs = 3000) {}

  async suggest(keyword: string, region: string): Promise<PlaceSuggestion[]> {
    const q = new URLSearchParams({ keyword, region, region_fix: '0', page_size: '10', key: this.key });
    const res = await getJson(`${this.base()}/ws/place/v1/suggestion?${q.toString()}`, this.timeoutMs);
    if (res.status < 200 || res.status > 299) throw new PlaceSearchError(null, `place suggestion failed: HTTP ${res.status}`);
    const body = res.body as SuggestionReply | null;
    if (!body || typeof body !== 'object' || typeof body.status !== 'number') throw new PlaceSearchError(null, 'place suggestion failed: reply is not the provider\'s JSON');
    if (body.status !== 0) throw new PlaceSearchError(body.status, `place suggestion failed: ${body.status} ${String(body.message ?? '')}`);
    // Entries without a usable location (a bus line, a district outline) cannot be a trip's place.
    return (body.data ?? []).flatMap((d) => {
      const lat = Number(d.location?.lat);
      const lng = Number(d.location?.lng);
      if (typeof d.title !== 'string' || !Number.isFinite(lat) || !Number.isFinite(lng)) return [];
      return [{ id: String(d.id ?? ''), name: d.title, address: typeof d.address === 'string' ? d.address : '', lat, lng }];
    });
  }
}
