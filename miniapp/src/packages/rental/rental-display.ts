import type { PriceBreakdown, PricePlan, RentalStatus } from '@shared/rental/rental.schemas';
import type { CarStatus } from '@shared/rental/rental.schemas';
import type { Tone } from '../../utils/trip-display';
import { formatYuan } from '../../utils/format';

/** Display rules of the 分时租赁 pages: plan terms, price lines, durations, distances. */
export const rentalStatusTone: Record<RentalStatus, Tone> = {
  reserved: 'orange', in_rental: 'blue', returned: 'green', expired: 'grey', cancelled: 'grey', closed: 'purple',
};
export const carStatusTone: Record<CarStatus, Tone> = { available: 'green', reserved: 'orange', in_rental: 'blue', maintenance: 'grey' };

const hm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** `¥0.50/分钟 · ¥0.80/公里` and the rest of the plan, in lines a renter reads before reserving. */
export function planTerms(p: PricePlan): string[] {
  const unit = p.timeUnit === 'minute' ? '分钟' : '小时';
  const lines = [`${formatYuan(p.dayRateFen)}/${unit}${p.perKmFen ? ` + ${formatYuan(p.perKmFen)}/公里` : '，里程不计费'}`];
  if (p.nightRateFen != null) lines.push(`夜间 ${hm(p.nightStartMinute)}–${hm(p.nightEndMinute)} ${formatYuan(p.nightRateFen)}/${unit}`);
  if (p.dailyCapFen != null) lines.push(`时长费每 24 小时封顶 ${formatYuan(p.dailyCapFen)}`);
  if (p.minChargeFen) lines.push(`最低消费 ${formatYuan(p.minChargeFen)}`);
  return lines;
}

export function planSummary(p: PricePlan): string {
  return planTerms(p).join(' · ');
}

/** The receipt's lines: what each part of the plan charged (only the parts that apply). */
export function priceLines(price: PriceBreakdown, plan: PricePlan): Array<{ key: string; label: string; value: string }> {
  const unit = plan.timeUnit === 'minute' ? '分钟' : '小时';
  const lines = [
    { key: 'day', label: `日间时长费（${formatYuan(plan.dayRateFen)}/${unit}）`, value: formatYuan(price.dayFen) },
  ];
  if (price.nightFen || plan.nightRateFen != null) lines.push({ key: 'night', label: `夜间时长费（${formatYuan(plan.nightRateFen ?? 0)}/${unit}）`, value: formatYuan(price.nightFen) });
  if (price.capDeductionFen) lines.push({ key: 'cap', label: `24 小时封顶减免（封顶 ${formatYuan(plan.dailyCapFen ?? 0)}）`, value: `-${formatYuan(price.capDeductionFen)}` });
  lines.push({ key: 'km', label: `里程费（${price.km} 公里 × ${formatYuan(plan.perKmFen)}）`, value: formatYuan(price.kmFen) });
  if (price.minChargeTopUpFen) lines.push({ key: 'min', label: `最低消费补足（最低 ${formatYuan(plan.minChargeFen)}）`, value: formatYuan(price.minChargeTopUpFen) });
  return lines;
}

/** `1小时05分` from minutes. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h}小时${String(m).padStart(2, '0')}分` : `${m}分钟`;
}

/** `mm:ss` for a countdown under an hour (`01:05:09` beyond); `hours` always shows the hours (elapsed time). */
export function clock(ms: number, hours = false): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h || hours ? `${two(h)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}` : `${two(Math.floor(s / 60))}:${two(s % 60)}`;
}

export function formatDistance(m: number | null): string {
  if (m == null) return '';
  return m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${m} 米`;
}

export function batteryTone(pct: number): Tone {
  return pct >= 50 ? 'green' : pct >= 20 ? 'orange' : 'red';
}
