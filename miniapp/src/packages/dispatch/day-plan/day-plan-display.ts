/**
 * Display helpers of the 排班方案 page: times of the plan's day, durations, distances, tones.
 * No I/O here.
 */
import { dayPlanModeLabels, type DayPlanMode, type DayPlanStatus } from '@shared/trips/day-plan.schemas';
import { shanghaiParts, type Tone } from '../../../utils/trip-display';
import { addShanghaiDays, shanghaiDate } from '@shared/common/time';

export const dayPlanStatusTone: Record<DayPlanStatus, Tone> = { running: 'orange', ready: 'blue', failed: 'red', applied: 'green' };

/** 快速 / 精细: the mode's label without its timing note. */
export function modeShortLabel(mode: DayPlanMode): string {
  return dayPlanModeLabels[mode].replace(/（.*）$/, '');
}

/** Today and the last day a plan may be made for (the server takes up to 14 days ahead). */
export function planDateRange(nowMs = Date.now(), daysAhead = 14): { today: string; tomorrow: string; last: string } {
  return {
    today: shanghaiDate(nowMs),
    tomorrow: addShanghaiDays(nowMs, 1),
    last: addShanghaiDays(nowMs, daysAhead),
  };
}

const weekdays = ['日', '一', '二', '三', '四', '五', '六'];

/** `2026-11-27（周五·明天）`. */
export function dateLabel(date: string, nowMs = Date.now()): string {
  const { today, tomorrow } = planDateRange(nowMs);
  const day = weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
  const near = date === today ? '·今天' : date === tomorrow ? '·明天' : '';
  return `${date}（周${day}${near}）`;
}

/** `HH:mm` in Asia/Shanghai; `次日 HH:mm` when the instant falls after the plan's day. */
export function clockOf(iso: string, planDate: string): string {
  const p = shanghaiParts(Date.parse(iso));
  return p.date > planDate ? `次日 ${p.time}` : p.time;
}

export function windowOf(startIso: string, endIso: string, planDate: string): string {
  return `${clockOf(startIso, planDate)}–${clockOf(endIso, planDate)}`;
}

export function formatKm(km: number): string {
  return `${km.toFixed(1)} km`;
}

/** `7 小时 20 分`, `45 分钟`. */
export function formatDuty(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} 分钟`;
  return m ? `${h} 小时 ${m} 分` : `${h} 小时`;
}

/** `320 毫秒`, `1.2 秒`, `2 分 13 秒`. */
export function formatComputeTime(ms: number): string {
  if (ms < 1000) return `${ms} 毫秒`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} 秒`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} 分 ${s % 60} 秒`;
}

/** `空驶 +1.2 公里`, `空驶 −0.8 公里` (a true minus sign), `空驶不变` under 0.05 km either way. */
export function formatDeltaKm(km: number): string {
  const abs = Math.abs(km).toFixed(1);
  if (abs === '0.0') return '空驶不变';
  return `空驶 ${km > 0 ? '+' : '−'}${abs} 公里`;
}

/**
 * What taking the trip does to the number of cars on the road: an idle target adds one, unless the
 * car the trip leaves had nothing else (then it is freed and the count stays).
 */
export function loadLabel(tripsNow: number, freesSource: boolean): string {
  if (!tripsNow) return freesSource ? '空闲车辆（用车数不变）' : '空闲车辆（将多用 1 辆）';
  return freesSource ? `已有 ${tripsNow} 单（将少用 1 辆）` : `已有 ${tripsNow} 单`;
}
