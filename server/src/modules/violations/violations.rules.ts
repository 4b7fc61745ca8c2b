import { haversineMetres, type LatLng } from '@shared/common/geo';

/** Who had the car over a span: a car of an official trip (出车 to 回场), or a time-share rental (unlock to return). */
export interface Holder {
  kind: 'trip' | 'rental';
  tripId: number | null; assignmentId: number | null; rentalId: number | null;
  userId: number | null; userName: string | null; unitId: number; regionCode: string;
  fromMs: number; toMs: number | null;
}

/** Metres between the violation's place and the car's track at that time beyond which the car was elsewhere. */
export const PLACE_TOLERANCE_M = 3000;

export type Match = { holder: Holder; reason: string } | { holder: null; reason: string };

/**
 * Matches a violation at `atMs` to whoever had the car then: the trip or rental whose span holds the
 * instant (the one that began last if two touch, e.g. a return and the next unlock in the same minute).
 * The place decides against a match when the car's own track near that time is far from it (the car was
 * elsewhere: a cloned plate, 套牌) — then nobody of ours is answerable and the fleet admin looks into it.
 */
export function matchViolation(atMs: number, holders: Holder[], place: LatLng | null, trackNear: LatLng | null): Match {
  if (place && trackNear) {
    const off = haversineMetres(place, trackNear);
    if (off > PLACE_TOLERANCE_M) return { holder: null, reason: `违法时车辆轨迹距违法地点约 ${(off / 1000).toFixed(1)} 公里，疑似套牌，请核实` };
  }
  const during = holders.filter((h) => h.fromMs <= atMs && (h.toMs == null || atMs <= h.toMs)).sort((a, b) => b.fromMs - a.fromMs);
  const h = during[0];
  if (!h) return { holder: null, reason: '违法时该车没有出车中的派车任务或分时租赁订单' };
  const what = h.kind === 'trip' ? `行程 ${h.tripId}（派车任务 ${h.assignmentId}）` : `分时租赁订单 ${h.rentalId}`;
  return { holder: h, reason: `按号牌和违法时间匹配到${what}${place && trackNear ? '，车辆轨迹与违法地点相符' : ''}` };
}
