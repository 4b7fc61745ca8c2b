import type { Violation, ViolationStatus } from '../../services/violations.api';
import type { Tone } from '../../utils/trip-display';
import { formatYuan } from '../../utils/format';

export const violationTone: Record<ViolationStatus, Tone> = { matched: 'blue', unmatched: 'orange', assigned: 'purple' };

/** Which trip or rental had the car, in one phrase. */
export function heldBy(v: Violation): string {
  if (v.tripId != null) return `公务行程 ${v.tripId}`;
  if (v.rentalId != null) return `分时租赁订单 ${v.rentalId}`;
  return v.status === 'unmatched' ? '未匹配到行程或租赁订单' : '车管员指派';
}

export const penalty = (v: Violation): string => `罚款 ${formatYuan(v.fineFen)} · 记 ${v.points} 分`;
