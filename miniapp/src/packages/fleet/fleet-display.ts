import { formatShanghai } from '../../utils/format';
import { addShanghaiDays, shanghaiDate, shanghaiTime } from '@shared/common/time';
import type { VehiclePosition } from '../../services/telematics.api';

/** Display rules of the fleet pages (JOURNEYS.md 调度员 "Vehicles now", 单位车管 "Our vehicles"). */
export type OnlineFilter = 'all' | 'online' | 'offline';
export const onlineFilters: Array<{ key: OnlineFilter; label: string }> = [
  { key: 'all', label: '全部' }, { key: 'online', label: '在线' }, { key: 'offline', label: '离线' },
];

/** Online first, then by plate; the filter keeps the ones asked for. */
export function sortAndFilter(items: readonly VehiclePosition[], filter: OnlineFilter): VehiclePosition[] {
  return items
    .filter((v) => filter === 'all' || (filter === 'online' ? v.online : !v.online))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.plate.localeCompare(b.plate));
}

/** "2026年11月26日 09:00（12 秒前）" from the terminal's last report. */
export function reportedAt(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  const ago = s < 60 ? `${s} 秒前` : s < 3600 ? `${Math.floor(s / 60)} 分钟前` : s < 86_400 ? `${Math.floor(s / 3600)} 小时前` : `${Math.floor(s / 86_400)} 天前`;
  return `${formatShanghai(iso)}（${ago}）`;
}

export type DueState = 'expired' | 'soon' | 'ok';
/** An insurance or inspection date (YYYY-MM-DD, Shanghai): passed, within 30 days, or later. */
export function dueState(date: string, now = Date.now()): DueState {
  const today = shanghaiDate(now);
  if (date < today) return 'expired';
  const soon = addShanghaiDays(now, 30);
  return date <= soon ? 'soon' : 'ok';
}
export const dueLabel: Record<DueState, string> = { expired: '已过期', soon: '即将到期', ok: '' };

/** "1 小时 25 分钟" */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} 秒`;
  const m = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(m / 60);
  return h ? `${h} 小时 ${m % 60} 分钟` : `${m} 分钟`;
}

export function formatDistance(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${Math.round(m)} 米`;
}

/** "09:05:12" in Asia/Shanghai. */
export function clockTime(ms: number): string {
  return shanghaiTime(ms, true);
}
