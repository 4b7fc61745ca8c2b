import type { TravelStatus } from '@shared/travel/travel.schemas';
import type { Tone } from '../../utils/trip-display';

export const travelStatusTone: Record<TravelStatus, Tone> = { pending: 'blue', approved: 'green', rejected: 'red', returned: 'orange' };

/** "320", "1,000.5", "¥80.00" → fen; null when it is not an amount of at most two decimals. */
export function yuanInput(s: string): number | null {
  const t = s.replace(/[¥,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** The destinations offered on the form, each with the region its lodging standard is set for. */
export const destinations: Array<{ name: string; regionCode: string }> = [
  { name: '石家庄', regionCode: '130100' }, { name: '唐山', regionCode: '130200' }, { name: '邯郸', regionCode: '130400' },
  { name: '保定', regionCode: '130600' }, { name: '张家口', regionCode: '130700' }, { name: '承德', regionCode: '130800' }, { name: '北京', regionCode: '110000' },
];
