import { shanghaiTime } from '@shared/common/time';
import type { OverStandardRule, ReservationStatus } from '@shared/reservations/reservations.schemas';
import type { Tone } from '../../utils/trip-display';

/** How each reservation status reads on a card. */
export const reservationStatusTone: Record<ReservationStatus, Tone> = {
  pending_approval: 'purple', awaiting_payment: 'orange', awaiting_supplier: 'blue', confirmed: 'green',
  refused: 'red', rejected: 'red', cancelled: 'grey', expired: 'grey', failed: 'red',
};

/** Statuses the traveller may still cancel (they hold rooms, tables or a seat). */
export const cancellableStatuses: readonly ReservationStatus[] = ['pending_approval', 'awaiting_payment', 'awaiting_supplier', 'confirmed'];

/** What happens to a booking above the standard, said to the traveller before they book. */
export const overStandardText: Record<OverStandardRule, string> = {
  approval: '超出标准：提交后送事务审批，审批通过后再发给商家',
  refuse: '超出标准：按规定不予预订',
};

/** `2026-12-08` → `12月8日`. */
export function shortDate(day: string): string {
  const [, m, d] = day.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** A departure instant → `09:12` in Asia/Shanghai. */
export const clockOf = (iso: string): string => shanghaiTime(Date.parse(iso));

/** "680", "1,234.5", "¥80" → fen exactly; null when it is not an amount. */
export function yuanToFen(s: string): number | null {
  const t = s.replace(/[¥,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
