import type { UsedPlace } from '@shared/places/places.schemas';

/** A place of one of the user's trips, with when that trip was asked for. */
export interface PlaceUse { place: { name: string; address?: string; lat?: number; lng?: number }; at: Date }

/**
 * Recent and frequent places from a user's trips (#14 item 1): one entry per place name (the latest
 * coordinates and address win), recent by last use, frequent by uses (twice at least), then by last use.
 */
export function usedPlaces(uses: PlaceUse[], limit = 6): { recent: UsedPlace[]; frequent: UsedPlace[] } {
  const byName = new Map<string, UsedPlace>();
  for (const { place, at } of [...uses].sort((a, b) => b.at.getTime() - a.at.getTime())) {
    const seen = byName.get(place.name);
    if (seen) {
      seen.times += 1;
      continue;
    }
    byName.set(place.name, {
      name: place.name, times: 1, lastAt: at.toISOString(),
      ...(place.address ? { address: place.address } : {}),
      ...(place.lat != null && place.lng != null ? { lat: place.lat, lng: place.lng } : {}),
    });
  }
  const all = [...byName.values()];
  return {
    recent: all.slice(0, limit),
    frequent: all.filter((p) => p.times >= 2).sort((a, b) => b.times - a.times || b.lastAt.localeCompare(a.lastAt)).slice(0, limit),
  };
}

/** The city of an address (河北省石家庄市长安区… → 石家庄市): the search's default region; the province when none. */
export function cityOf(address: string | null | undefined): string {
  const m = /^(?:[^省]+省)?([^市省]+?市)/.exec(address ?? '');
  return m?.[1] ?? '河北省';
}
